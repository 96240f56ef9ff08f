#!/usr/bin/env bash
# CPU per delivery with deltas on: SUBSCRIBERS subscribers of one channel in a namespace with delta on, each
# publication a ~2 KB payload of which only the timestamp changes, once with plain subscribers and once with
# subscribers that ask for Fossil deltas; interleaved round by round on the same build (targets "plain", "delta").
# Reports the server's CPU seconds per 1,000 deliveries (serverCpuSecondsPer1000) and the deliveries per second.
# Delta frames carry no readable timestamp: their latency is not measured (only whole frames are timed).
# Usage: bench/scenarios/delta-fanout.sh   (env: ROUNDS, SUBSCRIBERS, RATES, PAYLOAD)
source "$(dirname "$0")/../lib.sh"
ROUNDS="${ROUNDS:-2}"
SUBSCRIBERS="${SUBSCRIBERS:-10000}"
RATES="${RATES:-2,10}"
PAYLOAD="${PAYLOAD:-2000}"
SB_SERVER_ARGS="$SB_SERVER_ARGS -Dswitchboard.namespaces.game.delta=true"
for round in $(seq 1 "$ROUNDS"); do
  for mode in plain delta; do
    start_server switchboard
    log "fan-out $mode round $round: $SUBSCRIBERS subscribers, rates $RATES, $PAYLOAD B"
    bench fanout --subscribers "$SUBSCRIBERS" --api-key "$API_KEY" --warmup 3 --duration "$DURATION" --repeats 1 \
      --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --target "$mode" --round "$round" \
      --channels 1 --channel-prefix "game:bench" --payload-bytes "$PAYLOAD" --publisher ws --rate "$RATES" \
      $([[ "$mode" == delta ]] && echo "--delta true") | grep -E 'RESULT' || log "fan-out $mode failed"
    stop_server
  done
done
