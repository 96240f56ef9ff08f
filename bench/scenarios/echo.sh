#!/usr/bin/env bash
# Echo: every server in turn, interleaved over REPEATS rounds so machine noise hits all of them alike.
# Usage: bench/scenarios/echo.sh   (env: TARGETS, CONNECTIONS, INFLIGHT, SIZE, WARMUP, DURATION, REPEATS)
# A native binary (or any other start command) instead of the JVM build, labelled apart in the results:
#   SB_SERVER_CMD=target/switchboard-1.0.0-SNAPSHOT-runner SB_LABEL=switchboard-native TARGETS=switchboard \
#     bench/scenarios/echo.sh
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
    label="$target"; [[ "$target" == switchboard ]] && label="$SB_LABEL"
    log "echo $label round $round: $CONNECTIONS x $INFLIGHT"
    bench echo --url "$SERVER_URL" --target "$label" --server-pid "$SERVER_PID" --round "$round" \
      --connections "$CONNECTIONS" --inflight "$INFLIGHT" --size "$SIZE" \
      --warmup "$WARMUP" --duration "$DURATION" --repeats 1 | grep RESULT || log "echo $target failed"
    stop_server
  done
done
