#!/usr/bin/env bash
# Fan-out: SUBSCRIBERS on one channel, then spread over MANY_CHANNELS channels; WebSocket publisher (and the HTTP
# API publisher once POST /api/v1/publish exists). Rates are publications per second across all channels;
# offered deliveries = rate x subscribers per channel. The bare Vert.x pub/sub (bench jar) runs the same
# one-channel sweep first: the ceiling of the stack with the same generator on the same box.
# Usage: bench/scenarios/fanout.sh  (env: SUBSCRIBERS, ONE_CHANNEL_RATES, HTTP_RATES, MANY_CHANNELS, MANY_CHANNEL_RATES)
source "$(dirname "$0")/../lib.sh"
SUBSCRIBERS="${SUBSCRIBERS:-10000}"
ONE_CHANNEL_RATES="${ONE_CHANNEL_RATES:-1,2,5,10,100}"
HTTP_RATES="${HTTP_RATES:-2,5}"
MANY_CHANNELS="${MANY_CHANNELS:-1000}"
MANY_CHANNEL_RATES="${MANY_CHANNEL_RATES:-1000,2000,5000}"
FANOUT_DURATION="${FANOUT_DURATION:-$DURATION}"
FANOUT_REPEATS="${FANOUT_REPEATS:-2}"

common=(--subscribers "$SUBSCRIBERS" --api-key "$API_KEY" --warmup 3 --duration "$FANOUT_DURATION"
        --repeats "$FANOUT_REPEATS")

start_server vertx
log "fan-out ceiling: bare Vert.x pub/sub, $SUBSCRIBERS subscribers on one channel, rates $ONE_CHANNEL_RATES"
bench fanout "${common[@]}" --url "ws://127.0.0.1:8768/ws" --server-pid "$SERVER_PID" --target vertx-pubsub \
  --channels 1 --publisher ws --rate "$ONE_CHANNEL_RATES" | grep -E 'RESULT|ready' || true
stop_server

# A fresh server per sweep: an overloaded sweep leaves queued frames behind that would tax the next one.
start_server switchboard
if ! switchboard_has /ws; then log "switchboard has no /ws yet: fan-out skipped"; exit 0; fi
log "fan-out: $SUBSCRIBERS subscribers on one channel, WebSocket publisher, rates $ONE_CHANNEL_RATES"
bench fanout "${common[@]}" --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --target switchboard \
  --channels 1 --publisher ws --rate "$ONE_CHANNEL_RATES" | grep -E 'RESULT|ready' || true
stop_server

start_server switchboard
has_publish=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "X-API-Key: $API_KEY" -d '{"channel":"probe","data":{}}' "http://127.0.0.1:$SB_PORT/api/v1/publish" || true)
if [[ "$has_publish" == 2* ]]; then
  log "fan-out: one channel, HTTP API publisher, rates $HTTP_RATES"
  bench fanout "${common[@]}" --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --target switchboard \
    --channels 1 --publisher http --rate "$HTTP_RATES" | grep -E 'RESULT|ready' || true
  stop_server; start_server switchboard
else
  log "POST /api/v1/publish answers $has_publish (not there yet, or the key is wrong): HTTP publisher skipped"
fi
log "fan-out: $SUBSCRIBERS subscribers on $MANY_CHANNELS channels, rates $MANY_CHANNEL_RATES"
bench fanout "${common[@]}" --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --target switchboard \
  --channels "$MANY_CHANNELS" --publisher ws --rate "$MANY_CHANNEL_RATES" | grep -E 'RESULT|ready' || true
stop_server
