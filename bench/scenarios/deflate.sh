#!/usr/bin/env bash
# Compression (issue 14), side by side in one run: fan-out to SUBSCRIBERS on one channel with ticker-like and
# chat-like payloads, subscribers that offer permessage-deflate (as browsers do) against subscribers that do not;
# then echo of chat-like text, plain and compressed, against Node ws with its permessage-deflate turned on.
# The idle comparison is idle.sh with IDLE_COMPRESS="false true" (it needs 19,000 connections of its own).
# Usage: bench/scenarios/deflate.sh  (env: SUBSCRIBERS, PAYLOADS, DEFLATE_RATES, ECHO_SIZE, REPEATS)
# The generator shares the cores with the server and inflates every compressed delivery itself (Netty keeps an
# inflater per client connection): compressed runs charge the client's inflate to the same two cores.
source "$(dirname "$0")/../lib.sh"
SUBSCRIBERS="${SUBSCRIBERS:-10000}"
PAYLOADS="${PAYLOADS:-200 1000}"
DEFLATE_RATES="${DEFLATE_RATES:-5,20,40}"
ECHO_SIZE="${ECHO_SIZE:-1024}"
FANOUT_DURATION="${FANOUT_DURATION:-$DURATION}"

for payload in $PAYLOADS; do
  for compress in false true; do
    start_server switchboard
    log "fan-out: $SUBSCRIBERS subscribers, one channel, ${payload} B payload, compress=$compress, rates $DEFLATE_RATES"
    bench fanout --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --target switchboard \
      --subscribers "$SUBSCRIBERS" --api-key "$API_KEY" --warmup 3 --duration "$FANOUT_DURATION" --repeats 1 \
      --channels 1 --publisher ws --rate "$DEFLATE_RATES" --payload-bytes "$payload" --compress "$compress" \
      | grep -E 'RESULT|ready' || log "fan-out $payload $compress failed"
    stop_server
  done
done

for round in $(seq 1 "$REPEATS"); do
  for target in switchboard switchboard-deflate node-ws-deflate; do
    case "$target" in
      switchboard) start_server switchboard; compress=false ;;
      switchboard-deflate) start_server switchboard; compress=true ;;
      node-ws-deflate) export WS_DEFLATE=1; start_server node-ws; unset WS_DEFLATE; compress=true ;;
    esac
    log "echo $target round $round: 100 x 10, ${ECHO_SIZE} B chat-like text"
    bench echo --url "$SERVER_URL" --target "$target" --server-pid "$SERVER_PID" --round "$round" \
      --connections 100 --inflight 10 --size "$ECHO_SIZE" --message chat --compress "$compress" \
      --warmup "$WARMUP" --duration "$DURATION" --repeats 1 | grep RESULT || log "echo $target failed"
    stop_server
  done
done
