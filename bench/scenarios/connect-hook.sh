#!/usr/bin/env bash
# The cost of a connect hook on the connect storm: PARALLEL loops of connect to /ws, wait for welcome, close, first
# without a hook (anonymous), then with switchboard.hooks.connect.url pointing at a tiny Node back end
# (bench/peers/node/connect_backend.mjs: answers every upgrade at once). The two builds' settings alternate ROUNDS
# times (A B A B ...), the only fair comparison on a shared box.
# Usage: bench/scenarios/connect-hook.sh  (env: PARALLEL, ROUNDS, DURATION, REPEATS)
source "$(dirname "$0")/../lib.sh"
PARALLEL="${PARALLEL:-100}"
ROUNDS="${ROUNDS:-2}"
HOOK_PORT="${HOOK_PORT:-18090}"
node "$BENCH_DIR/peers/node/connect_backend.mjs" "$HOOK_PORT" > "$LOG_DIR/connect-backend.log" 2>&1 &
HOOK_PID=$!
trap 'stop_server; kill "$HOOK_PID" 2>/dev/null || true' EXIT
wait_port "$HOOK_PORT"
BASE_ARGS="$SB_SERVER_ARGS"
for round in $(seq 1 "$ROUNDS"); do
  for variant in no-hook connect-hook; do
    if [[ "$variant" == connect-hook ]]; then
      SB_SERVER_ARGS="$BASE_ARGS -Dswitchboard.hooks.connect.url=http://127.0.0.1:$HOOK_PORT/connect"
    else
      SB_SERVER_ARGS="$BASE_ARGS"
    fi
    log "round $round: $variant"
    start_server switchboard
    bench storm --url "ws://127.0.0.1:$SB_PORT/ws" --target "switchboard-$variant" --server-pid "$SERVER_PID" \
      --await-welcome true --parallel "$PARALLEL" --warmup 3 --duration "$DURATION" --repeats "$REPEATS" \
      | grep RESULT || true
    stop_server
  done
done
SB_SERVER_ARGS="$BASE_ARGS"
