#!/usr/bin/env bash
# WebSocket vs polling at the publication-to-poll ratios a dashboard sees: clients poll once a second, one channel
# gets a publication every 1, 5 or 25 polls (1, 0.2 and 0.04 publications/s). Long windows (the rarer the
# publications, the longer: each window holds at least ~4 publications), ROUNDS rounds with a fresh server per
# round and ratio, the publisher alone ("none") measured in every round so its share can be subtracted.
# Writes polling-ratios.md (medians over rounds; gross and net-of-publisher ratios) next to results.jsonl.
# Usage: bench/scenarios/polling-ratios.sh  (env: CLIENTS, RATIOS, ROUNDS, MODES, POLL_WARMUP, WINDOW_PUBLICATIONS)
source "$(dirname "$0")/../lib.sh"
CLIENTS="${CLIENTS:-1000}"
RATIOS="${RATIOS:-1 5 25}"
ROUNDS="${ROUNDS:-2}"
MODES="${MODES:-none ws shortpoll-poll shortpoll longpoll}"
# Publications per measurement window: 1:1 gets max(20 s, ...), 1:25 gets 25 s x this.
WINDOW_PUBLICATIONS="${WINDOW_PUBLICATIONS:-4}"
for round in $(seq 1 "$ROUNDS"); do
  for ratio in $RATIOS; do
    rate=$(awk -v r="$ratio" 'BEGIN { printf "%.4f", 1 / r }')
    window=$(awk -v r="$ratio" -v n="$WINDOW_PUBLICATIONS" 'BEGIN { w = r * n; if (w < 20) w = 20; print w }')
    start_server switchboard
    for mode in $MODES; do
      log "polling ratios round $round, 1:$ratio ($rate publications/s), $mode, $CLIENTS clients, ${window} s window"
      bench polling --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --mode "$mode" \
        --clients "$CLIENTS" --rate "$rate" --publisher http --api-key "$API_KEY" --round "$round" \
        --target "switchboard-1:$ratio" --warmup "${POLL_WARMUP:-15}" --duration "$window" --repeats 1 \
        | grep RESULT || log "polling $mode failed"
    done
    stop_server
  done
done
"$PY" "$BENCH_DIR/polling_ratios.py" "$OUT_DIR/results.jsonl" | tee "$OUT_DIR/polling-ratios.md"
