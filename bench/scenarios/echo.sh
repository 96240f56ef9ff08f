#!/usr/bin/env bash
# Echo: every server in turn, interleaved over REPEATS rounds so machine noise hits all of them alike.
# Usage: bench/scenarios/echo.sh   (env: TARGETS, CONNECTIONS, INFLIGHT, SIZE, WARMUP, DURATION, REPEATS)
source "$(dirname "$0")/../lib.sh"
TARGETS="${TARGETS:-switchboard vertx node-ws aiohttp python-websockets}"
CONNECTIONS="${CONNECTIONS:-100}"
INFLIGHT="${INFLIGHT:-10}"
SIZE="${SIZE:-64}"
for round in $(seq 1 "$REPEATS"); do
  for target in $TARGETS; do
    start_server "$target"
    if [[ "$target" == switchboard ]] && ! switchboard_has /ws/echo; then
      log "switchboard has no /ws/echo yet: skipped"; stop_server; continue
    fi
    log "echo $target round $round: $CONNECTIONS x $INFLIGHT"
    bench echo --url "$SERVER_URL" --target "$target" --server-pid "$SERVER_PID" --round "$round" \
      --connections "$CONNECTIONS" --inflight "$INFLIGHT" --size "$SIZE" \
      --warmup "$WARMUP" --duration "$DURATION" --repeats 1 | grep RESULT || log "echo $target failed"
    stop_server
  done
done
