#!/usr/bin/env bash
# The UI tier: starts code-server with Caselink loaded as a development extension (no test runner),
# then mocha drives the workbench in Debian's chromium through playwright-core: clicks, keyboard,
# DOM assertions, screenshots into artifacts/.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib/code-server.sh"
[ -f "$ROOT/dist/extension.js" ] && [ -d "$ROOT/out/test/e2e" ] || { echo "[ui-test] build first: node esbuild.js --tests" >&2; exit 3; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/caselink-ui-test.XXXXXX")
cleanup() { cs_stop; if [ -n "${KEEP:-}" ]; then echo "[ui-test] kept $WORK" >&2; else rm -rf "$WORK"; fi; }
trap cleanup EXIT INT TERM
export CASELINK_TEST=1 CASELINK_DEMO_FIXTURES="$ROOT/test/fixtures/demo-extra.json"
cs_start "$WORK"
mkdir -p "$ROOT/artifacts"
export WORKBENCH_URL; WORKBENCH_URL=$(workbench_url "$CS_URL" "$ROOT" "$WORK/workspace")
export CASELINK_ARTIFACTS="$ROOT/artifacts" XDG_CONFIG_HOME="$WORK/xdg"
npx mocha --no-config --require source-map-support/register --timeout 120000 --reporter spec ${UI_SPEC:-'out/test/e2e/**/*.e2e.test.js'}
