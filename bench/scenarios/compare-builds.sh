#!/usr/bin/env bash
# Before/after: the same echo and fan-out runs against two Switchboard builds, interleaved round by round so
# machine noise hits both alike. BEFORE_APP and AFTER_APP are target/quarkus-app folders of two checkouts (build
# each with ./mvnw package -DskipTests); results carry targets "before" and "after".
# Usage: BEFORE_APP=/path/to/old/target/quarkus-app bench/scenarios/compare-builds.sh
#   (env: AFTER_APP (default: this tree's), BEFORE_OPTS / AFTER_OPTS (JVM options of each, e.g. one setting
#   changed on the same build), ROUNDS, CONNECTIONS, INFLIGHT, SIZE, SUBSCRIBERS, RATES)
source "$(dirname "$0")/../lib.sh"
BEFORE_APP="${BEFORE_APP:?set BEFORE_APP to the quarkus-app folder of the build to compare against}"
AFTER_APP="${AFTER_APP:-$ROOT_DIR/target/quarkus-app}"
ROUNDS="${ROUNDS:-3}"
CONNECTIONS="${CONNECTIONS:-100}"
INFLIGHT="${INFLIGHT:-10}"
SIZE="${SIZE:-64}"
SUBSCRIBERS="${SUBSCRIBERS:-10000}"
RATES="${RATES:-2,20,50}"
for round in $(seq 1 "$ROUNDS"); do
  for build in before after; do
    if [[ "$build" == before ]]; then
      SB_APP_DIR="$BEFORE_APP"; SB_JAVA_OPTS="${BEFORE_OPTS:-}"
    else
      SB_APP_DIR="$AFTER_APP"; SB_JAVA_OPTS="${AFTER_OPTS:-}"
    fi
    start_server switchboard
    log "echo $build round $round: $CONNECTIONS x $INFLIGHT"
    bench echo --url "$SERVER_URL" --target "$build" --server-pid "$SERVER_PID" --round "$round" \
      --connections "$CONNECTIONS" --inflight "$INFLIGHT" --size "$SIZE" \
      --warmup "$WARMUP" --duration "$DURATION" --repeats 1 | grep RESULT || log "echo $build failed"
    stop_server
    start_server switchboard
    log "fan-out $build round $round: $SUBSCRIBERS subscribers, rates $RATES"
    bench fanout --subscribers "$SUBSCRIBERS" --api-key "$API_KEY" --warmup 3 --duration "$DURATION" --repeats 1 \
      --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --target "$build" \
      --channels 1 --publisher ws --rate "$RATES" | grep -E 'RESULT' || log "fan-out $build failed"
    stop_server
  done
done
