#!/usr/bin/env bash
# Before/after: the same echo and fan-out runs against two Switchboard builds, interleaved round by round so
# machine noise hits both alike. BEFORE_APP and AFTER_APP are target/quarkus-app folders of two checkouts (build
# each with ./mvnw package -DskipTests); results carry targets "before" and "after".
# Usage: BEFORE_APP=/path/to/old/target/quarkus-app bench/scenarios/compare-builds.sh
#   (env: AFTER_APP (default: this tree's), BEFORE_OPTS / AFTER_OPTS (JVM options of each, e.g. one setting
#   changed on the same build), COMPARE ("echo fanout", or any of echo, fanout, heartbeat), ROUNDS, CONNECTIONS,
#   INFLIGHT, SIZE, SUBSCRIBERS, RATES, HEARTBEAT_CLIENTS, HEARTBEAT_INTERVAL)
# heartbeat: HEARTBEAT_CLIENTS (5,000) idle WebSocket subscribers of a channel that gets one publication every 25 s,
# each sending a ping command every 25 s, with the server's ping interval shortened to HEARTBEAT_INTERVAL (1s) so
# that the heartbeat's cost per ping stands out of the box's noise; results carry the server's CPU per window.
source "$(dirname "$0")/../lib.sh"
BEFORE_APP="${BEFORE_APP:?set BEFORE_APP to the quarkus-app folder of the build to compare against}"
AFTER_APP="${AFTER_APP:-$ROOT_DIR/target/quarkus-app}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-100}"
INFLIGHT="${INFLIGHT:-10}"
SIZE="${SIZE:-64}"
SUBSCRIBERS="${SUBSCRIBERS:-10000}"
RATES="${RATES:-2,20,50}"
COMPARE="${COMPARE:-echo fanout}"
run_echo() { # build-label
  start_server switchboard
  log "echo $1 round $round: $CONNECTIONS x $INFLIGHT"
  bench echo --url "$SERVER_URL" --target "$1" --server-pid "$SERVER_PID" --round "$round" \
    --connections "$CONNECTIONS" --inflight "$INFLIGHT" --size "$SIZE" \
    --warmup "$WARMUP" --duration "$DURATION" --repeats 1 | grep RESULT || log "echo $1 failed"
  stop_server
}
run_fanout() { # build-label
  start_server switchboard
  log "fan-out $1 round $round: $SUBSCRIBERS subscribers, rates $RATES"
  bench fanout --subscribers "$SUBSCRIBERS" --api-key "$API_KEY" --warmup 3 --duration "$DURATION" --repeats 1 \
    --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --target "$1" --round "$round" \
    --channels 1 --publisher ws --rate "$RATES" | grep -E 'RESULT' || log "fan-out $1 failed"
  stop_server
}
run_heartbeat() { # build-label
  SB_SERVER_ARGS="$SB_SERVER_ARGS -Dswitchboard.heartbeat.interval=${HEARTBEAT_INTERVAL:-1s}" start_server switchboard
  log "heartbeat $1 round $round: ${HEARTBEAT_CLIENTS:-5000} idle clients, ping interval ${HEARTBEAT_INTERVAL:-1s}"
  bench polling --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --mode ws --rate 0.04 \
    --clients "${HEARTBEAT_CLIENTS:-5000}" --publisher http --api-key "$API_KEY" --target "$1" --round "$round" \
    --warmup 10 --duration "$DURATION" --repeats 1 | grep RESULT || log "heartbeat $1 failed"
  stop_server
}
for round in $(seq 1 "$ROUNDS"); do
  for build in before after; do
    if [[ "$build" == before ]]; then
      SB_APP_DIR="$BEFORE_APP"; SB_JAVA_OPTS="${BEFORE_OPTS:-}"
    else
      SB_APP_DIR="$AFTER_APP"; SB_JAVA_OPTS="${AFTER_OPTS:-}"
    fi
    for scenario in $COMPARE; do
      "run_$scenario" "$build"
    done
  done
done
