# Shared helpers for the benchmark scripts. Source it; it sets up paths and the JDK.
# Everything stops by itself: servers are started in the background and stopped by PID, never by name.
set -euo pipefail

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT_DIR="$(cd "$BENCH_DIR/.." && pwd)"
export JAVA_HOME="${JAVA_HOME_OVERRIDE:-/usr/lib/jvm/temurin-25-jdk-amd64}"
JAVA="$JAVA_HOME/bin/java"
BENCH_JAR="$BENCH_DIR/target/switchboard-bench.jar"
PY=/usr/bin/python3
RUN_ID="${RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)}"
OUT_DIR="${OUT_DIR:-$BENCH_DIR/results/$RUN_ID}"
LOG_DIR="$OUT_DIR/logs"
mkdir -p "$LOG_DIR"
# Short runs by default (the full comparison must finish well under 30 minutes); override for longer ones.
WARMUP="${WARMUP:-10}"
DURATION="${DURATION:-10}"
REPEATS="${REPEATS:-3}"
API_KEY="${API_KEY:-bench-key}"
# Not 8080: other builds on this shared machine start their own Quarkus apps there.
SB_PORT="${SB_PORT:-18080}"
# The Switchboard build under test: this tree's package by default; another tree's for before/after runs.
SB_APP_DIR="${SB_APP_DIR:-$ROOT_DIR/target/quarkus-app}"
# JVM options for Switchboard; empty = the defaults a user gets.
SB_JAVA_OPTS="${SB_JAVA_OPTS:-}"
# Another way to start Switchboard, e.g. a native binary: SB_SERVER_CMD=target/switchboard-1.0.0-SNAPSHOT-runner.
# It gets the same -D arguments as the JVM build (a Quarkus native binary reads them as system properties);
# SB_JAVA_OPTS and JVM-only tools (NMT, jcmd) do not apply to it. SB_LABEL names its results (echo, idle):
# e.g. SB_LABEL=switchboard-native; default "switchboard".
SB_SERVER_CMD="${SB_SERVER_CMD:-}"
SB_LABEL="${SB_LABEL:-switchboard}"
# Server settings the benchmarks need: an API key (the HTTP API is off without one), and no per-connection command
# rate limit (the fan-out publisher is one connection sending thousands of publish commands a second; the default
# 1,000/s limit would measure the limiter, not the fan-out), and the demo ticker off (it publishes in the
# background every 500 ms and would blur idle and low-rate CPU numbers), and a 1 s drain on stop (the default 20 s
# spreads reconnects in production; here it would outlast stop_server's grace and lose the JFR recording).
# Everything else stays at its default.
SB_SERVER_ARGS="${SB_SERVER_ARGS:--Dswitchboard.api.keys=$API_KEY -Dswitchboard.limits.commands-per-second=0 -Dswitchboard.demo.ticker.enabled=false -Dswitchboard.drain.period=1s}"

SERVER_PID=""
SERVER_URL=""

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }

bench() { "$JAVA" -jar "$BENCH_JAR" "$@" --out "$OUT_DIR/results.jsonl"; }

wait_port() { # port timeout-seconds
  local port=$1 deadline=$((SECONDS + ${2:-60}))
  until (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null; do
    if (( SECONDS > deadline )); then log "port $port did not open"; return 1; fi
    if [[ -n "$SERVER_PID" ]] && ! kill -0 "$SERVER_PID" 2>/dev/null; then log "server died"; return 1; fi
    sleep 0.2
  done
}

# start_server NAME: starts one server under test, sets SERVER_PID and SERVER_URL (its echo URL, or /ws base).
start_server() {
  local name=$1
  case "$name" in
    switchboard)
      if [[ -n "$SB_SERVER_CMD" ]]; then
        # shellcheck disable=SC2086
        (cd "$ROOT_DIR" && exec $SB_SERVER_CMD -Dquarkus.http.port="$SB_PORT" -Dquarkus.http.host=127.0.0.1 \
            ${SB_SERVER_ARGS:-}) > "$LOG_DIR/switchboard-$RUN_SEQ.log" 2>&1 &
      else
        # Started through a link beside quarkus-run.jar (same folder, so Quarkus finds its lib/ and quarkus/):
        # on this shared machine other builds stop their own apps by name ("quarkus-run.jar"), which also hit ours.
        ln -sf quarkus-run.jar "$SB_APP_DIR/switchboard-under-bench.jar"
        # shellcheck disable=SC2086
        (cd "$ROOT_DIR" && exec "$JAVA" $SB_JAVA_OPTS -Dquarkus.http.port="$SB_PORT" \
            -Dquarkus.http.host=127.0.0.1 ${SB_SERVER_ARGS:-} -jar "$SB_APP_DIR/switchboard-under-bench.jar") \
            > "$LOG_DIR/switchboard-$RUN_SEQ.log" 2>&1 &
      fi
      SERVER_PID=$!; SERVER_URL="ws://127.0.0.1:$SB_PORT/ws/echo"; wait_port "$SB_PORT" 90 ;;
    vertx)
      "$JAVA" -jar "$BENCH_JAR" vertx-echo-server --port 8768 > "$LOG_DIR/vertx-$RUN_SEQ.log" 2>&1 &
      SERVER_PID=$!; SERVER_URL="ws://127.0.0.1:8768/ws/echo"; wait_port 8768 ;;
    python-websockets)
      "$PY" "$BENCH_DIR/peers/websockets_echo.py" 8765 > "$LOG_DIR/python-websockets-$RUN_SEQ.log" 2>&1 &
      SERVER_PID=$!; SERVER_URL="ws://127.0.0.1:8765/ws/echo"; wait_port 8765 ;;
    aiohttp)
      "$PY" "$BENCH_DIR/peers/aiohttp_echo.py" 8766 > "$LOG_DIR/aiohttp-$RUN_SEQ.log" 2>&1 &
      SERVER_PID=$!; SERVER_URL="ws://127.0.0.1:8766/ws/echo"; wait_port 8766 ;;
    node-ws)
      node "$BENCH_DIR/peers/node/ws_echo.js" 8767 > "$LOG_DIR/node-ws-$RUN_SEQ.log" 2>&1 &
      SERVER_PID=$!; SERVER_URL="ws://127.0.0.1:8767/ws/echo"; wait_port 8767 ;;
    floor)
      # The fan-out floor (bench/peers/floor): built here with gcc on first use, never committed as a binary.
      if [[ ! -x "$BENCH_DIR/target/fanout_floor" || "$BENCH_DIR/peers/floor/fanout_floor.c" -nt "$BENCH_DIR/target/fanout_floor" ]]; then
        mkdir -p "$BENCH_DIR/target"
        gcc -O2 -pthread -o "$BENCH_DIR/target/fanout_floor" "$BENCH_DIR/peers/floor/fanout_floor.c"
      fi
      "$BENCH_DIR/target/fanout_floor" 8769 "${FLOOR_THREADS:-2}" > "$LOG_DIR/floor-$RUN_SEQ.log" 2>&1 &
      SERVER_PID=$!; SERVER_URL="ws://127.0.0.1:8769/ws"; wait_port 8769 ;;
    node-ws-broadcast)
      node "$BENCH_DIR/peers/node/ws_broadcast.js" 8770 > "$LOG_DIR/node-ws-broadcast-$RUN_SEQ.log" 2>&1 &
      SERVER_PID=$!; SERVER_URL="ws://127.0.0.1:8770/ws"; wait_port 8770 ;;
    socketio)
      # Socket.IO 4 (npm socket.io), io.to(room).emit; the generator speaks Engine.IO 4 to it (--dialect socketio).
      node "$BENCH_DIR/peers/node/socketio_broadcast.js" 8771 > "$LOG_DIR/socketio-$RUN_SEQ.log" 2>&1 &
      SERVER_PID=$!; SERVER_URL="ws://127.0.0.1:8771/"; wait_port 8771 ;;
    vertx-pubsub)
      "$JAVA" -jar "$BENCH_JAR" vertx-echo-server --port 8768 > "$LOG_DIR/vertx-$RUN_SEQ.log" 2>&1 &
      SERVER_PID=$!; SERVER_URL="ws://127.0.0.1:8768/ws"; wait_port 8768 ;;
    *) log "unknown server $name"; return 1 ;;
  esac
  log "started $name (pid $SERVER_PID)"
}
RUN_SEQ=0

stop_server() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
  RUN_SEQ=$((RUN_SEQ + 1))
}
trap stop_server EXIT

# The Switchboard endpoints land in pieces; a scenario that needs one checks first and reports when it is missing.
switchboard_has() { # path, e.g. /ws/echo ; true when an upgrade or GET there does not answer 404
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Connection: Upgrade' -H 'Upgrade: websocket' \
      -H 'Sec-WebSocket-Version: 13' -H 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==' \
      --max-time 3 "http://127.0.0.1:$SB_PORT$1" || true)
  [[ "$code" != "404" && "$code" != "000" ]]
}
