#!/usr/bin/env bash
# Connect storm: PARALLEL loops of connect, wait for the welcome frame, close. Bare Vert.x (upgrade only) and
# Switchboard's /ws/echo (upgrade only) give the ceiling and the framework cost; /ws adds the welcome.
# Usage: bench/scenarios/storm.sh  (env: PARALLEL)
source "$(dirname "$0")/../lib.sh"
PARALLEL="${PARALLEL:-100}"
start_server vertx
bench storm --url "$SERVER_URL" --target vertx --server-pid "$SERVER_PID" --await-welcome false \
  --parallel "$PARALLEL" --warmup 3 --duration "$DURATION" --repeats "$REPEATS" | grep RESULT || true
stop_server
start_server switchboard
if switchboard_has /ws/echo; then
  bench storm --url "ws://127.0.0.1:$SB_PORT/ws/echo" --target switchboard-echo --server-pid "$SERVER_PID" \
    --await-welcome false --parallel "$PARALLEL" --warmup 3 --duration "$DURATION" --repeats "$REPEATS" | grep RESULT || true
fi
if switchboard_has /ws; then
  bench storm --url "ws://127.0.0.1:$SB_PORT/ws" --target switchboard --server-pid "$SERVER_PID" \
    --await-welcome true --parallel "$PARALLEL" --warmup 3 --duration "$DURATION" --repeats "$REPEATS" | grep RESULT || true
else
  log "switchboard has no /ws yet: welcome storm skipped"
fi
stop_server
