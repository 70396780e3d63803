#!/usr/bin/env bash
# Builds Caselink and runs it with the demo helpdesk in a real VS Code:
#  - desktop VS Code (`code --extensionDevelopmentPath`) when the `code` command exists;
#  - otherwise code-server on 127.0.0.1 (installed from npm on first use), with the URL printed.
# env: CASELINK_PORT (default 8931), CASELINK_WEB=1 forces code-server even where `code` exists.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
node esbuild.js
DEMO_DIR="$ROOT/.vscode-test/demo"
mkdir -p "$DEMO_DIR/workspace"
[ -f "$DEMO_DIR/workspace/README.md" ] || cat > "$DEMO_DIR/workspace/README.md" <<'MD'
# Caselink demo workspace

Open the **Caselink** icon in the Activity Bar: the Queue shows the demo helpdesk's tickets.
Try *Group By…*, *Saved Views…* and *Filter…* in the Queue's title bar.
MD

if command -v code >/dev/null 2>&1 && [ -z "${CASELINK_WEB:-}" ]; then
  echo "[demo] starting desktop VS Code with Caselink (development mode)"
  exec code --new-window --extensionDevelopmentPath="$ROOT" "$DEMO_DIR/workspace"
fi

bash scripts/install-code-server.sh
source "$ROOT/scripts/lib/code-server.sh"
CS_PORT=${CASELINK_PORT:-8931}
trap 'cs_stop' EXIT INT TERM
# A persistent profile under .vscode-test/demo, so your settings and read markers survive restarts.
cs_start "$DEMO_DIR"
URL=$(workbench_url "$CS_URL" "$ROOT" "$DEMO_DIR/workspace")
cat <<MSG

  Caselink is running in VS Code (code-server $(node -p "require('$CODE_SERVER_DIR/node_modules/code-server/package.json').version")) on 127.0.0.1:$CS_PORT.
  Open this address in a browser on this machine (Caselink is loaded as a development extension):

  $URL

  Press Ctrl+C to stop.
MSG
wait "$CS_PID"
