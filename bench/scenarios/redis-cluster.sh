#!/usr/bin/env bash
# Redis scale-out: fan-out through one Redis vs a 3-shard Redis Cluster (3 primaries, no replicas), each with
# three Switchboard nodes, interleaved (single, cluster, single, cluster, ...) because the box is shared.
# On every node one subscriber holds all CHANNELS channels, so each publication crosses Redis once and is
# delivered to all three nodes; publishers on every node publish closed-loop (bench/peers/redis_scaleout_load.py).
# Reports publications/s, deliveries/s, and CPU per publication of Redis (all its processes) and of the nodes.
# Usage: bench/scenarios/redis-cluster.sh  (env: ROUNDS, CHANNELS, PUBLISHERS, WINDOW, DURATION, WARMUP)
source "$(dirname "$0")/../lib.sh"
ROUNDS="${ROUNDS:-2}"
CHANNELS="${CHANNELS:-60}"
PUBLISHERS="${PUBLISHERS:-2}"
WINDOW="${WINDOW:-16}"
RESULTS="$OUT_DIR/redis-cluster.jsonl"
PIDS=()

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
# A cluster node also listens on port + 10000 (its cluster bus), so its port must be at most 55535 and both free.
cluster_port() {
  "$PY" -c '
import socket
while True:
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close()
    if p > 55535: continue
    try:
        b = socket.socket(); b.bind(("127.0.0.1", p + 10000)); b.close(); print(p); break
    except OSError: pass'
}

stop_all() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
trap stop_all EXIT

start_redis() { # port extra-args...
  local port=$1; shift
  local dir="$OUT_DIR/redis-$port"; mkdir -p "$dir"
  (cd "$dir" && exec redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --protected-mode no "$@") \
    > "$dir/log" 2>&1 &
  PIDS+=($!); REDIS_PIDS+=($!); REDIS_PORTS+=("$port")
  until [[ "$(redis-cli -p "$port" ping 2>/dev/null)" == PONG ]]; do
    kill -0 "${REDIS_PIDS[-1]}" 2>/dev/null || { log "redis-server on $port died: $(tail -n 2 "$dir/log")"; exit 1; }
    sleep 0.1
  done
}

start_nodes() { # java -D settings...
  NODE_PORTS=(); NODE_PIDS=()
  ln -sf quarkus-run.jar "$SB_APP_DIR/switchboard-under-bench.jar"
  for i in 1 2 3; do
    local port; port=$(free_port)
    # shellcheck disable=SC2086
    "$JAVA" -Xmx384m -Dquarkus.http.port="$port" -Dquarkus.http.host=127.0.0.1 $SB_SERVER_ARGS \
      -Dswitchboard.node.name="bench-node-$i" "$@" -jar "$SB_APP_DIR/switchboard-under-bench.jar" \
      > "$LOG_DIR/node-$i-$RUN_SEQ.log" 2>&1 &
    PIDS+=($!); NODE_PIDS+=($!); NODE_PORTS+=("$port")
  done
  for port in "${NODE_PORTS[@]}"; do
    local deadline=$((SECONDS + 120))
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/q/health/ready")" == 200 ]]; do
      (( SECONDS < deadline )) || { log "node on $port not ready"; return 1; }
      sleep 0.3
    done
  done
}

run_load() { # label
  local ports pids redis rports
  ports=$(IFS=,; echo "${NODE_PORTS[*]}"); pids=$(IFS=,; echo "${NODE_PIDS[*]}"); redis=$(IFS=,; echo "${REDIS_PIDS[*]}")
  rports=$(IFS=,; echo "${REDIS_PORTS[*]}")
  "$PY" "$BENCH_DIR/peers/redis_scaleout_load.py" --ports "$ports" --node-pids "$pids" --redis-pids "$redis" \
    --redis-ports "$rports" \
    --channels "$CHANNELS" --publishers "$PUBLISHERS" --window "$WINDOW" --warmup "$WARMUP" --duration "$DURATION" \
    --label "$1" | tee -a "$RESULTS"
  RUN_SEQ=$((RUN_SEQ + 1))
}

single() {
  REDIS_PIDS=(); REDIS_PORTS=()
  local port; port=$(free_port)
  start_redis "$port"
  start_nodes -Dswitchboard.broker=redis -Dquarkus.redis.hosts="redis://127.0.0.1:$port"
  run_load "1 Redis, 3 nodes"
  stop_all
}

cluster() {
  REDIS_PIDS=(); REDIS_PORTS=()
  local hosts="" create=()
  for _ in 1 2 3; do
    local port; port=$(cluster_port)
    start_redis "$port" --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000
    create+=("127.0.0.1:$port"); hosts+="${hosts:+,}redis://127.0.0.1:$port"
  done
  redis-cli --cluster create "${create[@]}" --cluster-replicas 0 --cluster-yes > "$LOG_DIR/cluster-create-$RUN_SEQ.log"
  until redis-cli -p "${create[0]##*:}" cluster info | grep -q cluster_state:ok; do sleep 0.2; done
  start_nodes -Dswitchboard.broker=redis -Dquarkus.redis.client-type=cluster -Dquarkus.redis.hosts="$hosts"
  run_load "3-shard Redis Cluster, 3 nodes"
  stop_all
}

log "Redis scale-out: $ROUNDS rounds of (1 Redis, 3-shard cluster), $CHANNELS channels, $PUBLISHERS publishers x window $WINDOW per node"
for round in $(seq 1 "$ROUNDS"); do
  single
  cluster
done
log "results in $RESULTS"
