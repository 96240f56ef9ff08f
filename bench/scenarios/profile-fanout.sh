#!/usr/bin/env bash
# Profiles Switchboard during fan-out with JDK Flight Recorder (built into the JDK; no async-profiler here) and
# writes the hot methods and allocation views next to the results.
# Usage: bench/scenarios/profile-fanout.sh  (env: SUBSCRIBERS, RATE, PROFILE_SECONDS)
source "$(dirname "$0")/../lib.sh"
SUBSCRIBERS="${SUBSCRIBERS:-2000}"
RATE="${RATE:-50}"
PROFILE_SECONDS="${PROFILE_SECONDS:-30}"
JFR_FILE="$OUT_DIR/fanout.jfr"
SB_JAVA_OPTS="$SB_JAVA_OPTS -XX:StartFlightRecording=settings=profile,filename=$JFR_FILE,dumponexit=true" \
  start_server switchboard
bench fanout --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --subscribers "$SUBSCRIBERS" --channels 1 \
  --publisher ws --rate "$RATE" --warmup 5 --duration "$PROFILE_SECONDS" --repeats 1 --target switchboard-profiled \
  | grep -E 'RESULT|ready' || true
stop_server
for view in hot-methods allocation-by-class allocation-by-site contention-by-site; do
  "$JAVA_HOME/bin/jfr" view --width 200 "$view" "$JFR_FILE" > "$OUT_DIR/jfr-$view.txt" 2>&1 || true
done
log "profile views in $OUT_DIR/jfr-*.txt"
