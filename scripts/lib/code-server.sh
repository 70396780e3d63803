# Sourced by the scripts that need a real VS Code workbench. Starts a throw-away code-server on
# 127.0.0.1 in its own process group (so stopping it also stops its extension hosts and file
# watchers) with every state directory inside $CS_WORK, so nothing lands in $HOME.
#   cs_start WORKDIR  -> sets CS_PID, CS_PORT, CS_URL
#   cs_stop
ROOT=${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
CODE_SERVER_DIR=${CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}
CODE_SERVER=${CODE_SERVER:-$CODE_SERVER_DIR/node_modules/.bin/code-server}

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

cs_start() {
  CS_WORK=$1
  [ -x "$CODE_SERVER" ] || { echo "code-server is not installed: run bash scripts/install-code-server.sh" >&2; return 3; }
  mkdir -p "$CS_WORK"/{ud/User,exts,xdg,xdg-data,workspace}
  cat > "$CS_WORK/ud/User/settings.json" <<'JSON'
{
  "telemetry.telemetryLevel": "off",
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "update.mode": "none",
  "security.workspace.trust.enabled": false,
  "git.enabled": false,
  "workbench.colorTheme": "Default Dark Modern"
}
JSON
  [ -n "${CS_SETTINGS_JSON:-}" ] && node -e '
    const fs = require("fs"); const f = process.argv[1];
    fs.writeFileSync(f, JSON.stringify({ ...JSON.parse(fs.readFileSync(f, "utf8")), ...JSON.parse(process.argv[2]) }, null, 2));' \
    "$CS_WORK/ud/User/settings.json" "$CS_SETTINGS_JSON"
  echo '{}' > "$CS_WORK/config.yaml"
  CS_PORT=${CS_PORT:-$(free_port)}
  # EXTENSIONS_GALLERY={} keeps the workbench from calling an (unreachable) marketplace.
  setsid env XDG_CONFIG_HOME="$CS_WORK/xdg" XDG_DATA_HOME="$CS_WORK/xdg-data" EXTENSIONS_GALLERY='{}' "$CODE_SERVER" \
    --config "$CS_WORK/config.yaml" --bind-addr "127.0.0.1:$CS_PORT" --auth none \
    --user-data-dir "$CS_WORK/ud" --extensions-dir "$CS_WORK/exts" \
    --disable-telemetry --disable-update-check --disable-workspace-trust \
    --disable-getting-started-override --ignore-last-opened >"$CS_WORK/server.log" 2>&1 &
  CS_PID=$!
  CS_URL="http://127.0.0.1:$CS_PORT"
  node -e '
    const url = process.argv[1], t0 = Date.now();
    (async function poll() {
      try { const r = await fetch(url); if (r.ok) return console.error(`[code-server] up after ${Date.now() - t0} ms`); } catch {}
      if (Date.now() - t0 > 60000) { console.error("[code-server] did not start within 60 s"); process.exit(1); }
      setTimeout(poll, 100);
    })();' "$CS_URL/healthz" || { tail -n 40 "$CS_WORK/server.log" >&2; return 3; }
}

cs_stop() {
  [ -n "${CS_PID:-}" ] || return 0
  kill -TERM -- "-$CS_PID" 2>/dev/null || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$CS_PID" 2>/dev/null || true
  CS_PID=
}

# The workbench URL that loads this folder as a development extension (and optionally runs tests).
workbench_url() {
  node -e '
    const [base, dev, folder, tests] = process.argv.slice(1);
    const host = new URL(base).host, remote = (p) => `vscode-remote://${host}${p}`;
    const payload = [["extensionDevelopmentPath", remote(dev)], ["skipWelcome", "true"]];
    if (tests) payload.push(["extensionTestsPath", remote(tests)]);
    console.log(`${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);' "$@"
}
