#!/usr/bin/env bash
# Stops the RT and Redmine servers started by scripts/servers/up.sh, by the PID files in the state
# directory ($CASELINK_SERVERS_STATE, default <repo>/.vscode-test/servers): TERM, then KILL after
# 10 s, and withdraws servers.json/servers.env. Idempotent: nothing running is fine. The data and
# the seeded snapshot stay, so the next up.sh takes seconds. Needs the user that started them
# (root): sudo bash scripts/servers/down.sh
set -euo pipefail
# shellcheck source=lib/common.sh
. "$(dirname "$0")/lib/common.sh"
t0=$(now)
if [ -d "$STATE_DIR" ] && [ -w "$STATE_DIR" ]; then
  exec 9>"$STATE_DIR/.lock"; flock -w 900 9 || die "another up.sh/down.sh holds $STATE_DIR/.lock"
fi
stop_pid rt "$RT_PID_FILE"              # Starlet's master takes its workers down with it
stop_pid redmine "$REDMINE_PID_FILE"
# tests look for servers.json to know whether the servers are up (the snapshot keeps its copy)
rm -f "$STATE_DIR/running.fingerprint" "$STATE_DIR/servers.json" "$STATE_DIR/servers.env"
for p in "$RT_PORT" "$REDMINE_PORT"; do
  port_busy "$p" && log "note: something else still listens on 127.0.0.1:$p (not started by up.sh from $STATE_DIR)"
done
log "down in $(elapsed "$t0") s"
