#!/usr/bin/env bash
# The conflating subscriber's memory while paused: a raw reader subscribed to 5 channels of a conflating
# namespace stops reading while 10,000 updates of ~1.2 KB arrive; the server's heap after a full GC before and
# while it is paused (bench/peers/conflation/paused_reader.py). The namespace keeps no history, so what the heap
# grows by is what the node holds for that one reader (its Netty queue, bounded at half of max-outbound-buffer,
# and one held publication per channel), not the channels' history windows. REPEATS runs, one server each.
# Usage: bench/scenarios/conflation-memory.sh   (env: UPDATES, CHANNELS, PAYLOAD, REPEATS)
source "$(dirname "$0")/../lib.sh"
UPDATES="${UPDATES:-10000}"
CHANNELS="${CHANNELS:-5}"
PAYLOAD="${PAYLOAD:-1200}"
SB_SERVER_ARGS="$SB_SERVER_ARGS -Dswitchboard.namespaces.cursor.slow-consumer=conflate -Dswitchboard.namespaces.cursor.history-size=0"
for rep in $(seq 1 "${REPEATS:-2}"); do
  start_server switchboard
  "$PY" "$BENCH_DIR/peers/conflation/paused_reader.py" "$SB_PORT" "$SERVER_PID" cursor "$UPDATES" "$CHANNELS" "$PAYLOAD" \
    | tee -a "$OUT_DIR/results.jsonl"
  stop_server
done
