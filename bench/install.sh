#!/usr/bin/env bash
# Installs what the peers need (idempotent) and builds the server and the bench jar.
source "$(dirname "$0")/lib.sh"

if ! "$PY" -c 'import websockets, aiohttp' 2>/dev/null; then
  log "installing python3-websockets python3-aiohttp"
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-websockets python3-aiohttp
fi
if [[ ! -d "$BENCH_DIR/peers/node/node_modules/ws" || ! -d "$BENCH_DIR/peers/node/node_modules/socket.io" ]]; then
  log "installing npm ws and socket.io"
  (cd "$BENCH_DIR/peers/node" && npm ci --no-audit --no-fund --silent)
fi
if [[ "${SKIP_BUILD:-}" != "1" ]]; then
  log "building the server"
  (cd "$ROOT_DIR" && ./mvnw -q package -DskipTests)
  log "building the bench jar"
  (cd "$ROOT_DIR" && ./mvnw -q -f bench/pom.xml package)
fi
test -f "$BENCH_JAR" || { log "missing $BENCH_JAR"; exit 1; }
