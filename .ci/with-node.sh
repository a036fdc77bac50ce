#!/usr/bin/env bash
# Runs a command with Node.js >= 22 first on PATH and the locked dependencies installed.
# `npm start` and `npm test` go through here, so both work on a fresh clone.
set -euo pipefail
cd "$(dirname "$0")/.."
source .ci/node.sh
# Install when node_modules is missing or older than the lock file.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci) ..." >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
fi
export PATH="$PWD/node_modules/.bin:$PATH"
exec "$@"
