#!/usr/bin/env bash
# Installs what the in-VS Code tests need, from the npm registry and Debian's packages only:
# code-server (a real VS Code 1.100 workbench + Node extension host) into .vscode-test/code-server,
# and Debian's chromium to drive it. Idempotent: a second run takes about a second.
# Pitfalls met here (see ../shared/notes/vscode-host.md): code-server pins the Node major (4.100.3 is
# the newest for Node 20), its postinstall refuses root without unsafe-perm, node-pty's postinstall
# runs npx (an npmrc with yes=false cancels it), kerberos needs libkrb5-dev, @vscode/ripgrep downloads
# rg from GitHub unless its cache is seeded.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CS_VERSION=${CS_VERSION:-4.100.3}
CODE_SERVER_DIR=${CODE_SERVER_DIR:-$ROOT/.vscode-test/code-server}
# The install (300 MB, about a minute) is kept in a per-user cache and linked into the project, so
# every clone on a machine shares it. CASELINK_CACHE= (empty) installs into the project instead.
CACHE_ROOT=${CASELINK_CACHE-${XDG_CACHE_HOME:-$HOME/.cache}/caselink}
RG_PKG=${RG_PKG:-1.15.11}; RG_TAG=${RG_TAG:-v13.0.0-10}
CS_PKG="$CODE_SERVER_DIR/node_modules/code-server"

need_pkgs=()
command -v "${CHROMIUM:-chromium}" >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
command -v rg >/dev/null 2>&1 || need_pkgs+=(ripgrep)
[ -f /usr/include/gssapi/gssapi.h ] || need_pkgs+=(libkrb5-dev)
if [ -f "$CS_PKG/package.json" ] && [ "$(node -p "require('$CS_PKG/package.json').version")" = "$CS_VERSION" ] \
   && [ -f "$CS_PKG/lib/vscode/node_modules/node-pty/build/Release/pty.node" ]; then
  # code-server is there: only chromium matters now
  need_pkgs=(); { command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; } || need_pkgs+=(chromium)
  CS_OK=1
fi

if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[setup] installing Debian packages: ${need_pkgs[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq "${need_pkgs[@]}" >&2
  else
    echo "[setup] missing: ${need_pkgs[*]}. Install them, e.g.: sudo apt-get install -y ${need_pkgs[*]}" >&2
    exit 3
  fi
fi

[ -n "${CS_OK:-}" ] && { echo "[setup] code-server $CS_VERSION already installed in $CODE_SERVER_DIR" >&2; exit 0; }

if [ -n "$CACHE_ROOT" ] && [ ! -e "$CODE_SERVER_DIR" ]; then
  cached="$CACHE_ROOT/code-server-$CS_VERSION-node$(node -p 'process.versions.node.split(".")[0]')"
  mkdir -p "$(dirname "$CODE_SERVER_DIR")"
  if [ -f "$cached/node_modules/code-server/lib/vscode/node_modules/node-pty/build/Release/pty.node" ]; then
    ln -s "$cached" "$CODE_SERVER_DIR"
    echo "[setup] code-server $CS_VERSION from the cache $cached" >&2
    exit 0
  fi
  mkdir -p "$cached"
  ln -s "$cached" "$CODE_SERVER_DIR"
  CS_PKG="$CODE_SERVER_DIR/node_modules/code-server"
fi

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" != 20 ] && [ -z "${FORCE_NODE_VERSION:-}" ]; then
  echo "[setup] code-server $CS_VERSION needs Node 20 (this is Node $node_major). Use Node 20, or set CS_VERSION to a release for your Node." >&2
  exit 3
fi

RG_CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RG_PKG"
mkdir -p "$RG_CACHE" "$CODE_SERVER_DIR"
tar czf "$RG_CACHE/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
echo "[setup] installing code-server $CS_VERSION from npm (about 45 s)" >&2
t0=$(date +%s)
npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir="${npm_config_nodedir:-/usr}" \
  npm install --prefix "$CODE_SERVER_DIR" --no-save --no-package-lock --no-audit --no-fund --loglevel=error \
  "code-server@$CS_VERSION" >&2
test -f "$CS_PKG/lib/vscode/node_modules/node-pty/build/Release/pty.node" \
  || { echo "[setup] code-server installed but its native modules were not built (see the npm output above)" >&2; exit 3; }
echo "[setup] code-server $CS_VERSION installed in $CODE_SERVER_DIR in $(( $(date +%s) - t0 )) s" >&2
