#!/usr/bin/env bash
# Pusher fan-out beside the native protocol, same load, same run: SUBSCRIBERS subscribers of one channel, events
# sent through each protocol's HTTP API at RATES publications/s (offered deliveries = rate x subscribers).
#   native: /ws subscribers, POST /api/v1/publish
#   pusher: /app/<key> subscribers (Pusher protocol 7, what pusher-js sends), POST /apps/<id>/events signed as
#           the SDKs sign (the signature check is part of the cost)
# Rounds alternate native and pusher on a fresh server each (interleaved: noise from the shared box hits both).
# Usage: bench/scenarios/pusher-fanout.sh  (env: SUBSCRIBERS, RATES, ROUNDS)
source "$(dirname "$0")/../lib.sh"
SUBSCRIBERS="${SUBSCRIBERS:-10000}"
RATES="${RATES:-1,5,10,20}"
ROUNDS="${ROUNDS:-2}"
SB_SERVER_ARGS="$SB_SERVER_ARGS -Dswitchboard.pusher.apps.bench.key=bench-key -Dswitchboard.pusher.apps.bench.secret=bench-secret"

common=(--subscribers "$SUBSCRIBERS" --api-key "$API_KEY" --warmup 3 --duration "$DURATION" --repeats 1
        --channels 1 --rate "$RATES")
for round in $(seq 1 "$ROUNDS"); do
  for protocol in native pusher; do
    start_server switchboard
    log "round $round: $protocol, $SUBSCRIBERS subscribers of one channel, HTTP API triggers at $RATES/s"
    if [[ "$protocol" == native ]]; then
      bench fanout "${common[@]}" --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" \
        --target "native-$round" --publisher http | grep -E 'RESULT|ready' || log "native round $round failed"
    else
      bench fanout "${common[@]}" --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" \
        --target "pusher-$round" --protocol pusher --publisher pusher --pusher-app bench --pusher-key bench-key \
        --pusher-secret bench-secret | grep -E 'RESULT|ready' || log "pusher round $round failed"
    fi
    stop_server
  done
done
