# Shared settings and helpers for scripts/servers/{up,down}.sh. Sourced, not run.
# shellcheck shell=bash

SERVERS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)   # scripts/servers
ROOT=$(cd "$SERVERS_DIR/../.." && pwd)                          # the repository

RT_PORT=${RT_PORT:-18080}
REDMINE_PORT=${REDMINE_PORT:-13000}
RT_URL="http://127.0.0.1:$RT_PORT"
REDMINE_URL="http://127.0.0.1:$REDMINE_PORT"

RT_SQL_ACL_CHECKS=${RT_SQL_ACL_CHECKS:-1}   # 0: agents get total:null on ticket searches too
STATE_DIR=${CASELINK_SERVERS_STATE:-$ROOT/.vscode-test/servers}
RT_STATE_DIR=${RT_STATE_DIR:-$STATE_DIR/rt}
REDMINE_STATE_DIR=${REDMINE_STATE_DIR:-$STATE_DIR/redmine}
SNAPSHOT_DIR=$STATE_DIR/snapshot

# Fixed, local-only credentials (the servers listen on 127.0.0.1 only).
RT_ROOT_PASSWORD=${RT_ROOT_PASSWORD:-caselink-root}
RT_AGENT_USER=agent
RT_AGENT_PASSWORD=${RT_AGENT_PASSWORD:-caselink-agent}
REDMINE_ADMIN_PASSWORD=${REDMINE_ADMIN_PASSWORD:-caselink-admin}

# Debian's paths (request-tracker5 5.0.3, redmine 5.0.4 on bookworm).
RT_DB=/var/lib/dbconfig-common/sqlite3/request-tracker5/rtdb
RT_SITE_CONFIG=/etc/request-tracker5/RT_SiteConfig.d/99-caselink.pm
RT_LIB=/usr/share/request-tracker5/lib
RT_SERVER=/usr/share/request-tracker5/libexec/rt-server
RT_SETUP_DB=/usr/sbin/rt-setup-database-5
REDMINE_INSTANCE=default
REDMINE_DB=/var/lib/dbconfig-common/sqlite3/redmine/instances/$REDMINE_INSTANCE/redmine_$REDMINE_INSTANCE
REDMINE_LOCK=/var/lib/redmine/Gemfile.lock

RT_PACKAGES=(request-tracker5 rt5-db-sqlite rt5-standalone rt5-clients w3m curl jq)
REDMINE_PACKAGES=(redmine redmine-sqlite thin ruby-bundler)

RT_PID_FILE=$RT_STATE_DIR/rt-server.pid
REDMINE_PID_FILE=$REDMINE_STATE_DIR/redmine-server.pid

log() { printf '[servers] %s\n' "$*" >&2; }
die() { printf '[servers] ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}'; }

# stage NAME COMMAND...: run a step, print and record how long it took.
TIMINGS_FILE=${TIMINGS_FILE:-$STATE_DIR/timings.txt}
# Under set -e a failing step ends the script right there; called as `stage ... || die`, the
# step's exit status is returned.
stage() {
  local name=$1; shift
  local t0; t0=$(now)
  log "--- $name"
  "$@"
  local rc=$?
  printf '%-24s %6s s%s\n' "$name" "$(elapsed "$t0")" "$([ $rc = 0 ] || echo " (failed: $rc)")" | tee -a "$TIMINGS_FILE" >&2
  return $rc
}

# The version of Debian's ruby-bundler, used to pin bundler (see install_redmine in up.sh).
bundler_version() {
  local v
  v=$(dpkg-query -W -f='${Version}' ruby-bundler 2>/dev/null || true)
  [ -n "$v" ] || v=$(apt-cache show --no-all-versions ruby-bundler 2>/dev/null | sed -n 's/^Version: //p' | head -1)
  printf '%s' "${v%%-*}"
}

# pid_alive FILE: the process in a PID file is running.
# (/proc, not kill -0: that fails for another user's process, e.g. when a non-root user checks.)
pid_alive() { [ -s "$1" ] && [ -d "/proc/$(cat "$1")" ]; }

# stop_pid NAME FILE: TERM, then KILL after 10 s; removes the PID file. Idempotent.
stop_pid() {
  local name=$1 file=$2 pid
  if [ ! -s "$file" ]; then log "$name: not running (no PID file)"; return 0; fi
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || die "$name: cannot signal PID $pid (run as root: sudo bash scripts/servers/down.sh)"
    local i
    for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name: PID $pid ignored TERM for 10 s, sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      for i in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    log "$name: stopped (PID $pid)"
  else
    log "$name: not running (stale PID file $pid)"
  fi
  rm -f "$file"
}

# port_busy PORT: something listens on 127.0.0.1:PORT.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
