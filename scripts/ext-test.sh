#!/usr/bin/env bash
# The integration tier: mocha inside a real VS Code extension host (code-server + Debian's chromium).
# Expects a build (npm test does it): dist/extension.js and out/test/integration/index.js.
# env: TEST_TIMEOUT (s, default 600), KEEP=1 keeps the temp dir, MOCHA_GREP reaches the extension host.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib/code-server.sh"
TESTS=${1:-$ROOT/out/test/integration/index.js}
[ -f "$TESTS" ] || { echo "[ext-test] $TESTS is missing: build first (node esbuild.js --tests)" >&2; exit 3; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/caselink-ext-test.XXXXXX")
cleanup() { cs_stop; if [ -n "${KEEP:-}" ]; then echo "[ext-test] kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT INT TERM
export CASELINK_TEST=1 CASELINK_DEMO_FIXTURES="$ROOT/test/fixtures/demo-extra.json"
# The real RT and Redmine (scripts/servers/up.sh): their secrets reach the extension host through
# the environment, the way a headless user would provide them (never through settings).
SERVERS_JSON="${CASELINK_SERVERS_STATE:-$ROOT/.vscode-test/servers}/servers.json"
if [ -f "$SERVERS_JSON" ]; then
  export CASELINK_SECRET_RT CASELINK_SECRET_REDMINE
  CASELINK_SECRET_RT=$(node -p "require('$SERVERS_JSON').RT_TOKEN")
  CASELINK_SECRET_REDMINE=$(node -p "require('$SERVERS_JSON').REDMINE_API_KEY")
fi
cs_start "$WORK"
mkdir -p "$ROOT/artifacts"
set +e
XDG_CONFIG_HOME="$WORK/xdg" node "$ROOT/scripts/run-ext-tests.js" --url "$CS_URL" --dev "$ROOT" --tests "$TESTS" \
  --folder "$WORK/workspace" --timeout "${TEST_TIMEOUT:-600}" --shots "$ROOT/artifacts"
rc=$?
set -e
[ $rc -eq 0 ] || { echo "[ext-test] ---- code-server log (tail) ----" >&2; tail -n 40 "$WORK/server.log" >&2; }
exit $rc
