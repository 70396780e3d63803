#!/usr/bin/env bash
# The whole test suite, from a fresh clone: installs what it needs, then type-checks, builds, and
# runs the unit tier (plain Node), the integration tier (inside a real VS Code extension host) and
# the UI tier (the workbench in a real browser). Any missing dependency fails loudly with the
# command that installs it. The last line is the summary: "caselink: N passed, N failed".
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export TZ=UTC                 # unit tests pin "today" to UTC days
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/caselink-tests.XXXXXX")
trap 'rm -rf "$LOGS"' EXIT
passed=0; failed=0; status=0
step() { echo; echo "==== $* ===="; }
fail() { echo "caselink: $passed passed, $((failed + 1)) failed"; echo "FAILED: $*" >&2; exit 1; }

step "dependencies"
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null) || fail "Node.js is not installed (install Node 20)"
[ "$node_major" = 20 ] || echo "warning: Node $node_major; CI and code-server 4.100.3 use Node 20" >&2
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund || fail "npm ci"
fi
bash scripts/install-code-server.sh || fail "installing code-server and chromium (see the message above for what to install)"

step "real servers: Request Tracker 5 and Redmine 5 on 127.0.0.1"
# Installs them from Debian's packages on first use (a few minutes), then starts and seeds them.
bash scripts/servers/up.sh || fail "starting RT and Redmine (see the message above; as root: bash scripts/servers/up.sh)"
trap 'bash scripts/servers/down.sh >/dev/null 2>&1; rm -rf "$LOGS"' EXIT

step "type-check"
npx tsc -p . --noEmit && npx tsc -p src/webview-ui --noEmit || fail "type errors"

step "build"
node esbuild.js --tests || fail "build"

# mocha's spec reporter ends with "N passing" / "N failing"; add them to the totals.
count() {
  local file=$1 p f
  p=$(grep -Eo '^ *[0-9]+ passing' "$file" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  f=$(grep -Eo '^ *[0-9]+ failing' "$file" | tail -1 | grep -Eo '[0-9]+' || echo 0)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}

step "unit tests (plain Node)"
npx mocha 2>&1 | tee "$LOGS/unit.log"; rc=${PIPESTATUS[0]}
count "$LOGS/unit.log"; [ "$rc" = 0 ] || status=1
grep -Eq '^ *[0-9]+ passing' "$LOGS/unit.log" || { echo "no unit test ran" >&2; status=1; }

step "connector tests against the real RT and Redmine"
npx mocha --no-config --require source-map-support/register --timeout 60000 'out/test/connectors/*.test.js' 2>&1 | tee "$LOGS/connectors.log"; rc=${PIPESTATUS[0]}
count "$LOGS/connectors.log"; [ "$rc" = 0 ] || status=1
grep -Eq '^ *[0-9]+ passing' "$LOGS/connectors.log" || { echo "no connector test ran" >&2; status=1; }

step "integration tests (inside VS Code $(node -p "require('./.vscode-test/code-server/node_modules/code-server/lib/vscode/package.json').version" 2>/dev/null))"
bash scripts/ext-test.sh 2>&1 | tee "$LOGS/integration.log"; rc=${PIPESTATUS[0]}
summary=$(grep -Eo '##ext-tests-done \{.*\}' "$LOGS/integration.log" | tail -1 | sed 's/##ext-tests-done //')
if [ -n "$summary" ]; then
  passed=$((passed + $(node -p "JSON.parse(process.argv[1]).passes" "$summary")))
  failed=$((failed + $(node -p "JSON.parse(process.argv[1]).failures" "$summary")))
fi
[ "$rc" = 0 ] || { status=1; [ -n "$summary" ] || failed=$((failed + 1)); }

step "UI tests (workbench in Chromium)"
bash scripts/ui-test.sh 2>&1 | tee "$LOGS/ui.log"; rc=${PIPESTATUS[0]}
count "$LOGS/ui.log"; [ "$rc" = 0 ] || { status=1; grep -Eq '^ *[0-9]+ failing' "$LOGS/ui.log" || failed=$((failed + 1)); }

echo
echo "Screenshots: $ROOT/artifacts/"
echo "caselink: $passed passed, $failed failed"
exit $status
