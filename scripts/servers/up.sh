#!/usr/bin/env bash
# Brings up real Request Tracker 5 and Redmine 5 servers for Caselink's connector tests, from
# Debian's packages, on 127.0.0.1 only (no Docker, no Apache):
#   RT      http://127.0.0.1:$RT_PORT       (default 18080)  rt-server (Starlet), SQLite
#   Redmine http://127.0.0.1:$REDMINE_PORT  (default 13000)  rackup -s thin as www-data, SQLite
# then seeds both, cross-links them and writes servers.json + servers.env to the state directory
# ($CASELINK_SERVERS_STATE, default <repo>/.vscode-test/servers). Tests read servers.json
# (test/servers/servers.ts). Stop with scripts/servers/down.sh.
#
#   sudo bash scripts/servers/up.sh            install if needed, start, seed (or reuse the seeded snapshot)
#   sudo bash scripts/servers/up.sh --reset    restart from the seeded snapshot (undo what tests changed)
#   sudo bash scripts/servers/up.sh --reseed   throw the snapshot away and seed from scratch
#
# Idempotent and non-interactive. The first run installs (~45 s) and seeds (~30 s); later runs
# restore the snapshot taken right after seeding (a few seconds), or do nothing if both servers
# are already up with the same configuration. The snapshot is re-seeded after
# CASELINK_SERVERS_MAX_AGE_HOURS (default 24) so "created 2 hours ago" stays roughly true.
# Exit codes: 0 up, 1 failed (see the logs named in the message), 3 needs root/apt (message says how).
# Pitfalls on Debian 12 are commented where they are handled; scripts/servers/README.md has the list.
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"

MODE=auto
for a in "$@"; do
  case $a in
    --reset) MODE=reset ;;
    --reseed) MODE=reseed ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown option $a (see --help)" ;;
  esac
done
MAX_AGE_HOURS=${CASELINK_SERVERS_MAX_AGE_HOURS:-24}

rt_healthy() { # rt_healthy [PORT]
  [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' -u "root:$RT_ROOT_PASSWORD" "http://127.0.0.1:${1:-$RT_PORT}/REST/2.0/rt" || true)" = 200 ]
}
redmine_healthy() { # redmine_healthy API_KEY [PORT]
  [ "$(curl -s -o /dev/null -m 5 -w '%{http_code}' -H "X-Redmine-API-Key: $1" "http://127.0.0.1:${2:-$REDMINE_PORT}/users/current.json" || true)" = 200 ]
}
json_get() { jq -r --arg k "$2" '.[$k] // empty' "$1"; }
already_up() { # both servers run from our PID files, answer, and match this configuration
  [ -s "$STATE_DIR/servers.json" ] && [ -s "$STATE_DIR/running.fingerprint" ] || return 1
  pid_alive "$RT_PID_FILE" && pid_alive "$REDMINE_PID_FILE" || return 1
  [ -z "${RUNNING_FP:-}" ] || [ "$(cat "$STATE_DIR/running.fingerprint")" = "$RUNNING_FP" ] || return 1
  rt_healthy && redmine_healthy "$(json_get "$STATE_DIR/servers.json" REDMINE_ADMIN_KEY)"
}

# ---- preflight: root and apt --------------------------------------------------------------------
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  if [ "$MODE" = auto ] && already_up 2>/dev/null; then
    log "already up: RT $RT_URL, Redmine $REDMINE_URL ($STATE_DIR/servers.json)"; exit 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    cat >&2 <<EOF
[servers] The connector tests' RT and Redmine servers are installed from Debian/Ubuntu packages,
[servers] and this machine has no apt-get. Run the tests on Debian 12 (bookworm) or a Debian VM/container.
EOF
    exit 3
  fi
  cat >&2 <<EOF
[servers] Starting the connector tests' servers needs root (apt-get install, /etc config, www-data). Run:

    sudo bash scripts/servers/up.sh

[servers] It installs Debian's packages (80-120 MB download, ~640 MB on disk; no Apache, no Docker):
[servers]   ${RT_PACKAGES[*]}
[servers]   ${REDMINE_PACKAGES[*]} (+ exim4 as RT's default-mta, never started)
[servers] starts Request Tracker 5 on $RT_URL and Redmine 5 on $REDMINE_URL (127.0.0.1 only),
[servers] seeds test data and writes $STATE_DIR/servers.json. Stop them with: sudo bash scripts/servers/down.sh
EOF
  exit 3
fi

created_vscode_test=0
[ -d "$ROOT/.vscode-test" ] || created_vscode_test=1
mkdir -p "$STATE_DIR" "$RT_STATE_DIR" "$REDMINE_STATE_DIR"
chmod 0755 "$STATE_DIR" "$RT_STATE_DIR" "$REDMINE_STATE_DIR"
exec 9>"$STATE_DIR/.lock"   # one up.sh/down.sh at a time
flock -w 900 9 || die "another up.sh/down.sh holds $STATE_DIR/.lock"
: > "$TIMINGS_FILE"
T_START=$(now)
export DEBIAN_FRONTEND=noninteractive

# ---- install ------------------------------------------------------------------------------------
pkg_state() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null || echo missing; }
missing_packages() {
  local p; for p in "${RT_PACKAGES[@]}" "${REDMINE_PACKAGES[@]}"; do [ "$(pkg_state "$p")" = installed ] || echo "$p"; done
}
APT_OPTS=(-o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)

apt_update() { apt-get "${APT_OPTS[@]}" update -q >"$STATE_DIR/apt-update.log" 2>&1 || { tail -20 "$STATE_DIR/apt-update.log" >&2; die "apt-get update failed (log: $STATE_DIR/apt-update.log)"; }; }

install_packages() {
  local log=$STATE_DIR/apt-install.log p
  for p in "${RT_PACKAGES[@]}" "${REDMINE_PACKAGES[@]}"; do
    if apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: (none)' || [ -z "$(apt-cache policy "$p" 2>/dev/null)" ]; then
      die "package $p is not available from this machine's apt sources (tested on Debian 12 bookworm with bookworm-security)"
    fi
  done
  # Maintainer scripts must not start daemons (exim4 comes in as RT's default-mta): a temporary
  # policy-rc.d, removed again only if we created it (container images often ship one).
  local own_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; own_policy=1
  fi
  debconf-set-selections <<SEL
request-tracker5 request-tracker5/rtname string caselink.test
request-tracker5 request-tracker5/organization string caselink.test
request-tracker5 request-tracker5/correspondaddress string support@caselink.test
request-tracker5 request-tracker5/commentaddress string support-comment@caselink.test
request-tracker5 request-tracker5/webbaseurl string $RT_URL
request-tracker5 request-tracker5/webpath string /
request-tracker5 request-tracker5/handle-siteconfig-permissions boolean true
request-tracker5 request-tracker5/install-cronjobs boolean false
request-tracker5 request-tracker5/initial-root-password password $RT_ROOT_PASSWORD
request-tracker5 request-tracker5/dbconfig-install boolean true
request-tracker5 request-tracker5/database-type select sqlite3
redmine redmine/current-instances string $REDMINE_INSTANCE
redmine redmine/default-language select en
redmine redmine/instances/$REDMINE_INSTANCE/default-language select en
redmine redmine/instances/$REDMINE_INSTANCE/dbconfig-install boolean true
redmine redmine/instances/$REDMINE_INSTANCE/database-type select sqlite3
SEL
  # PITFALL: bookworm-security's libruby3.1 ships bundler 2.3.27 as a default gem, so
  # /usr/bin/bundle runs 2.3.27 instead of Debian's ruby-bundler 2.3.15, and redmine's postinst
  # (`bundle install --local`) fails with "Could not find racc-1.6.2.gem". Pinning
  # BUNDLER_VERSION to ruby-bundler's version (RubyGems' bin stub honours it) avoids that. It is
  # known before ruby-bundler is installed from apt-cache, so everything goes in one dpkg run.
  export BUNDLER_VERSION; BUNDLER_VERSION=$(bundler_version)
  [ -n "$BUNDLER_VERSION" ] || die "cannot tell ruby-bundler's version (apt-cache show ruby-bundler)"
  local rc=0
  # --no-install-recommends: no apache2/passenger, cron, rsyslog, cloud storage libs.
  apt-get "${APT_OPTS[@]}" install -y -q --no-install-recommends \
    "${RT_PACKAGES[@]}" "${REDMINE_PACKAGES[@]}" >"$log" 2>&1 || rc=$?
  if [ "$rc" != 0 ] && [ "$(pkg_state redmine)" != installed ]; then
    # e.g. an earlier install without the pin left redmine unconfigured
    log "apt-get exited $rc; retrying the configuration with BUNDLER_VERSION=$BUNDLER_VERSION"
    dpkg --configure -a >>"$log" 2>&1 && rc=0 || rc=$?
  fi
  [ "$own_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  if [ "$rc" != 0 ] || [ -n "$(missing_packages)" ]; then
    tail -40 "$log" >&2; die "apt-get install failed (exit $rc; log: $log)"
  fi
  log "installed: $(dpkg-query -W -f='${Package} ${Version}  ' request-tracker5 redmine thin)"
}

# PITFALL: redmine has dpkg triggers on ruby paths. Any later `apt-get install` of a ruby package
# without BUNDLER_VERSION re-runs its postinst, which deletes /var/lib/redmine/Gemfile.lock and
# fails to write a new one, while apt still exits 0. Heal it before every start.
heal_gemfile_lock() {
  export BUNDLER_VERSION; BUNDLER_VERSION=$(bundler_version)
  if ! grep -q '^    thin ' "$REDMINE_LOCK" 2>/dev/null; then
    log "regenerating $REDMINE_LOCK with bundler $BUNDLER_VERSION"
    rm -f "$REDMINE_LOCK"
    (cd /usr/share/redmine && bundle install --local --quiet) >"$REDMINE_STATE_DIR/bundle.log" 2>&1 \
      || { cat "$REDMINE_STATE_DIR/bundle.log" >&2; die "bundle install --local failed"; }
    chown www-data:www-data "$REDMINE_LOCK"
  fi
}

configure() {
  # RT: port, no mail (mbox), cheap bcrypt, priorities, log to stderr
  case $RT_SQL_ACL_CHECKS in 0|1) ;; *) die "RT_SQL_ACL_CHECKS must be 0 or 1" ;; esac
  sed -e "s/@RT_PORT@/$RT_PORT/g" -e "s/@RT_SQL_ACL_CHECKS@/$RT_SQL_ACL_CHECKS/g" "$SERVERS_DIR/rt/caselink.pm" > "$RT_SITE_CONFIG.tmp"
  chown root:www-data "$RT_SITE_CONFIG.tmp"; chmod 0640 "$RT_SITE_CONFIG.tmp"; mv "$RT_SITE_CONFIG.tmp" "$RT_SITE_CONFIG"
  rm -f /etc/request-tracker5/RT_SiteConfig.d/99-ci.pm   # the research scripts' file, if present
  # Redmine: never send mail
  install -m 0640 -o root -g www-data "$SERVERS_DIR/redmine/configuration.yml" "/etc/redmine/$REDMINE_INSTANCE/configuration.yml"
  heal_gemfile_lock
}

missing=$(missing_packages | tr '\n' ' ')
if [ -n "${missing// /}" ] || [ "$(pkg_state redmine)" != installed ]; then
  log "to install: $missing"
  stage apt-update apt_update
  stage apt-install install_packages
else
  log "packages already installed ($(dpkg-query -W -f='${Package} ${Version}  ' request-tracker5 redmine))"
fi
stage configure configure

# Everything the seeded data depends on; a change means the snapshot is stale.
FINGERPRINT=$( {
  echo "$RT_PORT $REDMINE_PORT $RT_ROOT_PASSWORD $RT_AGENT_PASSWORD $REDMINE_ADMIN_PASSWORD"
  dpkg-query -W -f='${Version}\n' request-tracker5 redmine
  cat "$SERVERS_DIR/seed.pl" "$SERVERS_DIR"/rt/* "$SERVERS_DIR"/redmine/*
} | sha256sum | cut -c1-16)
# ... and what the running servers depend on besides the data (a change means a restart)
RUNNING_FP="$FINGERPRINT-$(cat "$RT_SITE_CONFIG" "/etc/redmine/$REDMINE_INSTANCE/configuration.yml" | sha256sum | cut -c1-8)"

if [ "$MODE" = auto ] && already_up; then
  log "already up with this configuration: RT $RT_URL (PID $(cat "$RT_PID_FILE")), Redmine $REDMINE_URL (PID $(cat "$REDMINE_PID_FILE"))"
  log "(use --reset to restore the seeded data, --reseed to seed from scratch)"
  printf '%-24s %6s s\n' TOTAL "$(elapsed "$T_START")" | tee -a "$TIMINGS_FILE" >&2
  exit 0
fi

# ---- stop whatever runs from a previous up ------------------------------------------------------
stop_both() { stop_pid rt "$RT_PID_FILE"; stop_pid redmine "$REDMINE_PID_FILE"; rm -f "$STATE_DIR/running.fingerprint"; }
rm -f "$STATE_DIR/servers.json" "$STATE_DIR/servers.env"   # published again once both are up
stage stop-previous stop_both
for p in "$RT_PORT" "$REDMINE_PORT"; do
  port_busy "$p" && die "port $p on 127.0.0.1 is used by another program (not started by these scripts); free it or set RT_PORT / REDMINE_PORT"
done

# ---- servers ------------------------------------------------------------------------------------
as_www() { # run a command in /usr/share/redmine as www-data (setpriv execs: no extra parent process)
  (cd /usr/share/redmine && exec setpriv --reuid=www-data --regid=www-data --init-groups \
     env HOME=/var/www REDMINE_INSTANCE=$REDMINE_INSTANCE RAILS_ENV=production BUNDLER_VERSION="$BUNDLER_VERSION" \
         RT_URL="$RT_URL" REDMINE_HOST="127.0.0.1:$REDMINE_PORT" REDMINE_ADMIN_PASSWORD="$REDMINE_ADMIN_PASSWORD" "$@")
}

wait_ready() { # wait_ready NAME PID_FILE LOG CHECK...
  local name=$1 pidf=$2 logf=$3; shift 3
  local t0 i; t0=$(now)
  for i in $(seq 1 480); do
    "$@" && { log "$name ready after $(elapsed "$t0") s (PID $(cat "$pidf"))"; return 0; }
    pid_alive "$pidf" || { tail -30 "$logf" >&2; die "$name died while starting (log: $logf)"; }
    sleep 0.25
  done
  tail -30 "$logf" >&2; die "$name not ready after 120 s (log: $logf)"
}

start_rt() { # start_rt PORT
  local port=$1
  # compiled Mason templates from another configuration are not needed
  find /var/cache/request-tracker5/mason_data -type f -delete 2>/dev/null || true
  # rt-server = Plack::Runner + Starlet (prefork). Starlet's default of 10 workers is ~2 GB RSS;
  # 3 are plenty. setsid: not killed with the terminal; it execs (no fork: we are not a group
  # leader), so $! is the server. Runs as root like the reference setup (SQLite file is root:www-data).
  setsid "$RT_SERVER" --host 127.0.0.1 --port "$port" --max-workers 3 \
    >>"$RT_STATE_DIR/rt-server.log" 2>&1 </dev/null 9>&- &   # 9>&-: do not inherit the lock
  echo $! > "$RT_PID_FILE"
  wait_ready "rt on :$port" "$RT_PID_FILE" "$RT_STATE_DIR/rt-server.log" rt_healthy "$port"
}

start_redmine() { # start_redmine PORT ADMIN_KEY
  local port=$1 key=$2
  # PITFALLS: `rails server` finds no server (webrick is not in the bundle, puma is not packaged)
  # and insists on creating /usr/share/redmine/tmp; `rackup -s thin` (README.Debian) works.
  # setpriv execs in place, so the recorded PID is thin itself (runuser forks and left a zombie).
  (cd /usr/share/redmine && exec setsid setpriv --reuid=www-data --regid=www-data --init-groups \
     env HOME=/var/www REDMINE_INSTANCE=$REDMINE_INSTANCE RAILS_ENV=production BUNDLER_VERSION="$BUNDLER_VERSION" \
     rackup -E production -s thin -o 127.0.0.1 -p "$port" \
     >>"$REDMINE_STATE_DIR/redmine-server.log" 2>&1 </dev/null 9>&-) &
  echo $! > "$REDMINE_PID_FILE"
  wait_ready "redmine on :$port" "$REDMINE_PID_FILE" "$REDMINE_STATE_DIR/redmine-server.log" redmine_healthy "$key" "$port"
}

rt_init_db() {
  # A fresh database, created AFTER 99-caselink.pm set BcryptCost 4 (the cost is stored in each hash).
  rm -f "$RT_DB" "$RT_DB-journal" "$RT_DB-wal" "$RT_DB-shm"
  local pw; pw=$(mktemp); printf '%s\n' "$RT_ROOT_PASSWORD" > "$pw"
  "$RT_SETUP_DB" --action init --skip-create --root-password-file "$pw" >"$RT_STATE_DIR/init-db.log" 2>&1 \
    || { rm -f "$pw"; tail -20 "$RT_STATE_DIR/init-db.log" >&2; die "RT database init failed (log: $RT_STATE_DIR/init-db.log)"; }
  rm -f "$pw"
  chown root:www-data "$RT_DB"; chmod 0660 "$RT_DB"
}

redmine_prepare() { # fresh DB, settings/users/roles/CFs (rails runner), start on the private port, seed
  rm -f "$REDMINE_DB" "$REDMINE_DB-journal" "$REDMINE_DB-wal" "$REDMINE_DB-shm"
  # PITFALL: db:migrate as www-data cannot write /usr/share/redmine/db/schema.rb: SCHEMA=/dev/null
  # (as Debian's postinst does). Errors go to the log, so check the exit status.
  as_www env SCHEMA=/dev/null bundle exec rake db:migrate >"$REDMINE_STATE_DIR/migrate.log" 2>&1 \
    || { tail -20 "$REDMINE_STATE_DIR/migrate.log" >&2; die "Redmine db:migrate failed (log: $REDMINE_STATE_DIR/migrate.log)"; }
  as_www env REDMINE_LANG=en bundle exec rake redmine:load_default_data >>"$REDMINE_STATE_DIR/migrate.log" 2>&1 \
    || { tail -20 "$REDMINE_STATE_DIR/migrate.log" >&2; die "Redmine load_default_data failed"; }
  chown root:www-data "$REDMINE_DB"; chmod 0660 "$REDMINE_DB"
  # setup.rb must be readable by www-data: the repository may sit in a private home directory
  local tmp; tmp=$(mktemp -d /tmp/caselink-redmine.XXXXXX); chmod 0755 "$tmp"
  install -m 0644 "$SERVERS_DIR/redmine/setup.rb" "$tmp/setup.rb"
  as_www bundle exec rails runner "$tmp/setup.rb" >"$REDMINE_STATE_DIR/setup.out" 2>"$REDMINE_STATE_DIR/setup.err" \
    || { rm -rf "$tmp"; cat "$REDMINE_STATE_DIR/setup.err" >&2; die "Redmine setup.rb failed"; }
  rm -rf "$tmp"
  tail -1 "$REDMINE_STATE_DIR/setup.out" > "$REDMINE_STATE_DIR/setup.json"
  grep -q '"admin_api_key"' "$REDMINE_STATE_DIR/setup.json" || { cat "$REDMINE_STATE_DIR/setup.err" >&2; die "Redmine setup.rb printed no keys"; }
  stage start-redmine start_redmine "$SEED_REDMINE_PORT" "$(json_get "$REDMINE_STATE_DIR/setup.json" admin_api_key)"
  stage seed-redmine seed redmine
}

export RT_URL REDMINE_URL RT_ROOT_PASSWORD RT_AGENT_USER RT_AGENT_PASSWORD REDMINE_ADMIN_PASSWORD \
       STATE_DIR RT_STATE_DIR REDMINE_STATE_DIR SERVERS_DIR RT_DB REDMINE_DB RT_LIB RT_SETUP_DB
seed() { perl "$SERVERS_DIR/seed.pl" "$@"; }

snapshot_ok() {
  [ -s "$SNAPSHOT_DIR/rtdb" ] && [ -s "$SNAPSHOT_DIR/redmine.sqlite3" ] && [ -s "$SNAPSHOT_DIR/servers.json" ] \
    && [ "$(cat "$SNAPSHOT_DIR/fingerprint" 2>/dev/null)" = "$FINGERPRINT" ] \
    && [ -z "$(find "$SNAPSHOT_DIR/fingerprint" -mmin +$((MAX_AGE_HOURS * 60)) 2>/dev/null)" ]
}
take_snapshot() { # servers.json/env are already there (seed.pl env); the fingerprint comes last
  # SQLite's online backup API: a consistent copy (also fine with the servers running)
  perl -MDBI -e 'for (["$ARGV[0]", "$ARGV[1]"], ["$ARGV[2]", "$ARGV[3]"]) {
      my $db = DBI->connect("dbi:SQLite:dbname=$_->[0]", "", "", { RaiseError => 1 });
      $db->sqlite_backup_to_file($_->[1]); $db->disconnect }' \
    "$RT_DB" "$SNAPSHOT_DIR/rtdb" "$REDMINE_DB" "$SNAPSHOT_DIR/redmine.sqlite3"
  echo "$FINGERPRINT" > "$SNAPSHOT_DIR/fingerprint"
}
restore_snapshot() {
  rm -f "$RT_DB-journal" "$RT_DB-wal" "$RT_DB-shm" "$REDMINE_DB-journal" "$REDMINE_DB-wal" "$REDMINE_DB-shm"
  install -m 0660 -o root -g www-data "$SNAPSHOT_DIR/rtdb" "$RT_DB"
  install -m 0660 -o root -g www-data "$SNAPSHOT_DIR/redmine.sqlite3" "$REDMINE_DB"
}
publish_env() { # the seeded data's servers.json/env plus what depends on the running configuration
  local totals=true; [ "$RT_SQL_ACL_CHECKS" = 1 ] || totals=false
  jq --argjson t "$totals" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" '. + {RT_TICKET_SEARCH_TOTALS: $t, STARTED_AT: $at}' \
    "$SNAPSHOT_DIR/servers.json" > "$STATE_DIR/servers.json.tmp"
  { cat "$SNAPSHOT_DIR/servers.env"; echo "RT_TICKET_SEARCH_TOTALS='$totals'"; echo "STARTED_AT='$(date -u +%Y-%m-%dT%H:%M:%SZ)'"; } > "$STATE_DIR/servers.env.tmp"
  chmod 0644 "$STATE_DIR/servers.json.tmp" "$STATE_DIR/servers.env.tmp"
  mv "$STATE_DIR/servers.env.tmp" "$STATE_DIR/servers.env"; mv "$STATE_DIR/servers.json.tmp" "$STATE_DIR/servers.json"
}
free_port() { perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1, LocalAddr => "127.0.0.1", LocalPort => 0)->sockport'; }
start_public() { # both on the public ports, in parallel (RT ~2 s, Redmine ~4 s)
  local key; key=$(json_get "$SNAPSHOT_DIR/servers.json" REDMINE_ADMIN_KEY)
  # RT's outgoing mail goes to mbox files there; start empty so tests see only their own mail
  rm -f /var/lib/request-tracker5/*.mbox
  ( stage start-redmine start_redmine "$REDMINE_PORT" "$key" ) & local job=$!
  stage start-rt start_rt "$RT_PORT"
  wait "$job" || die "Redmine did not start (log: $REDMINE_STATE_DIR/redmine-server.log)"
  # warm-up: the first issue list after a start takes ~0.5 s (Rails compiles its views lazily)
  curl -s -o /dev/null -m 30 -H "X-Redmine-API-Key: $key" "$REDMINE_URL/issues.json?status_id=*&include=relations" || true
  curl -s -o /dev/null -m 30 -H "X-Redmine-API-Key: $key" "$REDMINE_URL/issues/1.json?include=journals,relations" || true
  curl -s -o /dev/null -m 30 -u "root:$RT_ROOT_PASSWORD" "$RT_URL/REST/2.0/tickets?query=id%3D1&fields=Subject" || true
}

[ "$MODE" = reseed ] && rm -rf "$SNAPSHOT_DIR"
if snapshot_ok; then
  log "restoring the seeded snapshot from $(date -r "$SNAPSHOT_DIR/fingerprint" '+%Y-%m-%d %H:%M')"
  stage restore-snapshot restore_snapshot
else
  [ "$MODE" = reseed ] || log "no usable snapshot: seeding from scratch"
  # Seeding happens on private ports: nothing else (tests holding an old servers.json, a browser)
  # can add to the data, so ids stay deterministic and the snapshot clean.
  rm -rf "$SNAPSHOT_DIR"; mkdir -p "$SNAPSHOT_DIR"; export ENV_OUT_DIR=$SNAPSHOT_DIR
  SEED_RT_PORT=$(free_port); SEED_REDMINE_PORT=$(free_port)
  export SEED_RT_URL="http://127.0.0.1:$SEED_RT_PORT" SEED_REDMINE_URL="http://127.0.0.1:$SEED_REDMINE_PORT"
  log "seeding on private ports: RT :$SEED_RT_PORT, Redmine :$SEED_REDMINE_PORT"
  : > "$RT_STATE_DIR/rt-server.log"; : > "$REDMINE_STATE_DIR/redmine-server.log"
  # Redmine (DB rebuild ~10 s of rake, start, seed) runs in the background while RT is set up and seeded.
  ( stage redmine-db+setup+start+seed redmine_prepare ) & rm_job=$!
  stage rt-init-db rt_init_db
  stage start-rt start_rt "$SEED_RT_PORT"
  stage seed-rt seed rt
  stage wait-redmine wait "$rm_job" || die "Redmine preparation failed (logs in $REDMINE_STATE_DIR)"
  stage link seed link
  stage history seed history
  stage write-env seed env
  stage stop-seeding stop_both
  stage snapshot take_snapshot
fi
stage start-public start_public
publish_env
echo "$RUNNING_FP" > "$STATE_DIR/running.fingerprint"

# Leave the state directory to the repository's owner (up.sh runs under sudo; .vscode-test also
# holds the user's VS Code/code-server downloads).
owner=$(stat -c '%u:%g' "$ROOT")
if [ "$owner" != "0:0" ]; then
  case $STATE_DIR in "$ROOT"/*) chown -R "$owner" "$STATE_DIR" ;; esac
  [ "$created_vscode_test" = 1 ] && chown "$owner" "$ROOT/.vscode-test"
fi

printf '%-24s %6s s\n' TOTAL "$(elapsed "$T_START")" | tee -a "$TIMINGS_FILE" >&2
cat >&2 <<EOF
[servers] up:
[servers]   RT       $RT_URL   (agent / $RT_AGENT_PASSWORD, root / $RT_ROOT_PASSWORD)
[servers]   Redmine  $REDMINE_URL   (support-bot / support-bot-pass, admin / $REDMINE_ADMIN_PASSWORD)
[servers]   tests read $STATE_DIR/servers.json (or: set -a; . $STATE_DIR/servers.env; set +a)
[servers]   stop: sudo bash scripts/servers/down.sh
EOF
