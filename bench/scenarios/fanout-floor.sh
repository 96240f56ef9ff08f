#!/usr/bin/env bash
# The fan-out floor and the peers, one channel: SUBSCRIBERS subscribers, one WebSocket publisher, a sweep of rates,
# the same load generator for every server, servers interleaved round by round so machine noise hits all alike.
#   floor              bench/peers/floor/fanout_floor.c: epoll, one pre-built frame per publication, one write(2)
#                      per subscriber, one thread per core (the physical reference of this box)
#   switchboard        this tree's build (./mvnw package -DskipTests), /ws
#   node-ws-broadcast  npm ws, a loop over the subscribers (bench/peers/node/ws_broadcast.js)
#   socketio           Socket.IO 4, io.to(room).emit (bench/peers/node/socketio_broadcast.js); the generator speaks
#                      Engine.IO 4 over WebSocket to it (--dialect socketio)
#   vertx-pubsub       the minimal Vert.x pub/sub of the bench jar
# Usage: bench/scenarios/fanout-floor.sh  (env: TARGETS, SUBSCRIBERS, RATES, ROUNDS, DURATION)
source "$(dirname "$0")/../lib.sh"
TARGETS="${TARGETS:-floor switchboard node-ws-broadcast socketio vertx-pubsub}"
SUBSCRIBERS="${SUBSCRIBERS:-10000}"
RATES="${RATES:-2,20,50,100}"
ROUNDS="${ROUNDS:-2}"
for round in $(seq 1 "$ROUNDS"); do
  for target in $TARGETS; do
    start_server "$target"
    url="$SERVER_URL"
    [[ "$target" == switchboard ]] && url="ws://127.0.0.1:$SB_PORT/ws"
    dialect=switchboard
    [[ "$target" == socketio ]] && dialect=socketio
    log "fan-out floor comparison, $target round $round: $SUBSCRIBERS subscribers, rates $RATES"
    bench fanout --subscribers "$SUBSCRIBERS" --warmup 3 --duration "$DURATION" --repeats 1 --round "$round" \
      --url "$url" --server-pid "$SERVER_PID" --target "$target" --channels 1 --publisher ws --dialect "$dialect" --rate "$RATES" \
      | grep -E 'RESULT' || log "fan-out $target failed"
    stop_server
  done
done
