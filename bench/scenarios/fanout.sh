#!/usr/bin/env bash
# Fan-out against Switchboard's /ws: one channel with many subscribers, then many channels; WebSocket and HTTP
# publishers. Rates are publications per second; deliveries = rate x subscribers per channel.
# Usage: bench/scenarios/fanout.sh  (env: SUBSCRIBERS, ONE_CHANNEL_RATES, MANY_CHANNELS, MANY_CHANNEL_RATES)
source "$(dirname "$0")/../lib.sh"
SUBSCRIBERS="${SUBSCRIBERS:-10000}"
ONE_CHANNEL_RATES="${ONE_CHANNEL_RATES:-50,100,200}"
HTTP_RATES="${HTTP_RATES:-50}"
MANY_CHANNELS="${MANY_CHANNELS:-1000}"
MANY_CHANNEL_RATES="${MANY_CHANNEL_RATES:-10000,50000}"
FANOUT_DURATION="${FANOUT_DURATION:-$DURATION}"

start_server switchboard
if ! switchboard_has /ws; then log "switchboard has no /ws yet: fan-out skipped"; exit 0; fi
common=(--url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --subscribers "$SUBSCRIBERS"
        --api-key "$API_KEY" --warmup 3 --duration "$FANOUT_DURATION" --repeats "$REPEATS")
log "fan-out: $SUBSCRIBERS subscribers on one channel, WebSocket publisher, rates $ONE_CHANNEL_RATES"
bench fanout "${common[@]}" --channels 1 --publisher ws --rate "$ONE_CHANNEL_RATES" | grep -E 'RESULT|ready' || true
has_publish=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "X-API-Key: $API_KEY" -d '{"channel":"probe","data":{}}' "http://127.0.0.1:$SB_PORT/api/v1/publish" || true)
if [[ "$has_publish" == 2* ]]; then
  log "fan-out: one channel, HTTP API publisher, rates $HTTP_RATES"
  bench fanout "${common[@]}" --channels 1 --publisher http --rate "$HTTP_RATES" | grep -E 'RESULT|ready' || true
else
  log "POST /api/v1/publish answers $has_publish (not there yet, or the key is wrong): HTTP publisher skipped"
fi
log "fan-out: $SUBSCRIBERS subscribers on $MANY_CHANNELS channels, rates $MANY_CHANNEL_RATES"
bench fanout "${common[@]}" --channels "$MANY_CHANNELS" --publisher ws --rate "$MANY_CHANNEL_RATES" | grep -E 'RESULT|ready' || true
stop_server
