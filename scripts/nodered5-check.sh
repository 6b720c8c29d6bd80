#!/usr/bin/env bash
# The built node tests (dist/test/nodes) against other Node-RED versions than the one in
# devDependencies: Node-RED 5 on Node.js 22, and Node-RED 3.1 (the oldest that package.json's
# node-red.version claims) on this machine's Node.js. Each is installed into a temporary folder
# with npm; nothing is added to the project's node_modules. Run `npm run build` first (npm run test:nr5 does).
#   NR_CHECK_DIR=<dir>  reuse installs across runs (default: a fresh temporary folder, removed afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

[ -d dist/test/nodes ] || { echo "dist/test/nodes is missing: run npm run build" >&2; exit 1; }

if [ -n "${NR_CHECK_DIR:-}" ]; then
  base=$NR_CHECK_DIR
  mkdir -p "$base"
else
  base=$(mktemp -d "${TMPDIR:-/tmp}/he-nr-check.XXXXXX")
  trap 'rm -rf "$base"' EXIT
fi

install() { # <prefix> <packages...>
  local prefix=$1; shift
  if [ ! -f "$prefix/.installed" ] || [ "$(cat "$prefix/.installed")" != "$*" ]; then
    mkdir -p "$prefix"
    echo "[nr-check] npm install --prefix $prefix $*"
    (cd "$prefix" && npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "$@" >/dev/null)
    echo "$*" > "$prefix/.installed"
  fi
}

run_tests() { # <prefix> <node binary> <expected major> [mocha args...]
  local prefix=$1 node=$2 major=$3; shift 3
  NR_CHECK_PREFIX=$prefix NR_CHECK_EXPECT_MAJOR=$major \
    "$node" "$prefix/node_modules/mocha/bin/mocha.js" --no-config \
      --require "$root/scripts/nodered5-check.hook.js" --timeout 20000 --exit \
      "$@" 'dist/test/nodes/**/*.test.js'
}

status=0

# Node-RED 5 needs Node.js >= 22.9; the npm package node@22 brings its own binary.
nr5=$base/nr5
install "$nr5" node@22 node-red@5 node-red-node-test-helper mocha
node22=$nr5/node_modules/node/bin/node
"$node22" --version | grep -q '^v22\.' || { echo "[nr-check] $node22 is not Node.js 22" >&2; exit 1; }
echo "[nr-check] === Node-RED 5 on Node.js 22 ==="
run_tests "$nr5" "$node22" 5 || status=1

# Node-RED 3.1 on this machine's Node.js. One test is left out: it reads our CSV back with
# Node-RED's own csv node in RFC 4180 mode, which that core node only has since Node-RED 4.0.
nr31=$base/nr31
install "$nr31" node-red@3.1 node-red-node-test-helper mocha
echo "[nr-check] === Node-RED 3.1 on Node.js $(node --version) ==="
run_tests "$nr31" "$(command -v node)" 3 --grep "Node-RED's csv node reads back" --invert || status=1

exit $status
