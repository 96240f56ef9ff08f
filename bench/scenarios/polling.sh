#!/usr/bin/env bash
# WebSocket vs long-poll vs short-poll (1 s): one HTTP-API publisher at RATE publications/s to one channel, CLIENTS
# receivers. Mode "none" (publisher alone) shows how much of the server CPU is the publishing itself.
# The server JIT-compiles the poll and history paths during the first seconds, and that compile time is process
# CPU: hence a longer warm-up (POLL_WARMUP, 15 s) than the other scenarios.
# Usage: bench/scenarios/polling.sh  (env: CLIENTS, RATE, POLL_WARMUP)
source "$(dirname "$0")/../lib.sh"
CLIENTS="${CLIENTS:-200}"
RATE="${RATE:-20}"
start_server switchboard
if ! switchboard_has /ws; then log "switchboard has no /ws yet: polling comparison skipped"; stop_server; exit 0; fi
has_history=$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $API_KEY" \
    "http://127.0.0.1:$SB_PORT/api/v1/channels/probe/history?limit=1" || true)
has_poll=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 \
    "http://127.0.0.1:$SB_PORT/poll?channel=probe&timeout=0" || true)
has_publish=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -H "X-API-Key: $API_KEY" -d '{"channel":"probe","data":{}}' "http://127.0.0.1:$SB_PORT/api/v1/publish" || true)
log "endpoints: publish=$has_publish history=$has_history poll=$has_poll"
modes="none ws"
if [[ "$has_publish" == 2* ]]; then
  [[ "$has_poll" != 404 && "$has_poll" != 000 ]] && modes="$modes longpoll" || log "no /poll yet: long-poll skipped"
  [[ "$has_history" == 2* ]] && modes="$modes shortpoll" || log "no history API yet: short-poll skipped"
  [[ "$has_poll" == 2* ]] && modes="$modes shortpoll-poll"
  publisher=http
else
  log "no POST /api/v1/publish yet: WebSocket publisher used, polling modes skipped"; modes="none ws"; publisher=ws
fi
for mode in $modes; do
  log "polling comparison: $mode, $CLIENTS clients, $RATE publications/s"
  bench polling --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --mode "$mode" --clients "$CLIENTS" \
    --rate "$RATE" --publisher "$publisher" --api-key "$API_KEY" --warmup "${POLL_WARMUP:-15}" --duration "$DURATION" --repeats "$REPEATS" \
    | grep RESULT || log "polling $mode failed"
done
stop_server
