#!/usr/bin/env bash
# Idle: CONNECTIONS held open with heartbeats, spread over PROCESSES generator processes (20,000 files per process
# here). The server runs with Native Memory Tracking so heap, thread and direct memory can be told apart.
# Usage: bench/scenarios/idle.sh  (env: CONNECTIONS, PROCESSES, IDLE_SECONDS, IDLE_VARIANTS, WARMUP_CONNECTIONS,
#        IDLE_COMPRESS, PING_SECONDS)
# PING_SECONDS (default 25): how often each client sends a `ping` command. Compressed runs want it longer than the
# run: Netty's client side would give every connection that sends a zlib compressor of its own (client memory).
# IDLE_COMPRESS (default "false"): "false true" runs every variant twice, with clients that do not offer
# permessage-deflate and with clients that offer it as browsers do (target name gets "-deflate").
# WARMUP_CONNECTIONS (default 0): connections opened and closed before the baseline, so that the JIT code and classes
# of the first connections (a fixed ~15 MB) are not divided among the measured ones.
# SB_SERVER_CMD (see lib.sh): a native binary or other start command instead of the JVM build; then one variant
# ("cmd": JVM options do not apply) and no NMT, results named $SB_LABEL-cmd:
#   SB_SERVER_CMD=target/switchboard-1.0.0-SNAPSHOT-runner SB_LABEL=switchboard-native bench/scenarios/idle.sh
source "$(dirname "$0")/../lib.sh"
CONNECTIONS="${CONNECTIONS:-19000}"
PROCESSES="${PROCESSES:-4}"
IDLE_SECONDS="${IDLE_SECONDS:-30}"
WARMUP_CONNECTIONS="${WARMUP_CONNECTIONS:-0}"
# name=JVM options; "default" is what a user gets, the others are tunings worth reporting.
IDLE_VARIANTS="${IDLE_VARIANTS:-default=|serialgc=-XX:+UseSerialGC -Xmx512m}"
[[ -n "$SB_SERVER_CMD" ]] && IDLE_VARIANTS="cmd="
IDLE_COMPRESS="${IDLE_COMPRESS:-false}"
IFS='|' read -r -a variants <<< "$IDLE_VARIANTS"
for v in "${variants[@]}"; do
for compress in $IDLE_COMPRESS; do
  name="${v%%=*}"; opts="${v#*=}"
  [[ "$compress" == "true" ]] && name="$name-deflate"
  nmt="-XX:NativeMemoryTracking=summary"; [[ -n "$SB_SERVER_CMD" ]] && nmt=""
  SB_JAVA_OPTS="$nmt $opts" start_server switchboard
  if ! switchboard_has /ws; then log "switchboard has no /ws yet: idle skipped"; stop_server; exit 0; fi
  sleep 3
  log "idle ($name): $CONNECTIONS connections over $PROCESSES processes"
  bench idle --url "ws://127.0.0.1:$SB_PORT/ws" --server-pid "$SERVER_PID" --connections "$CONNECTIONS" \
    --processes "$PROCESSES" --idle-seconds "$IDLE_SECONDS" --target "$SB_LABEL-$name" \
    --warmup-connections "$WARMUP_CONNECTIONS" --compress "$compress" \
    --ping-seconds "${PING_SECONDS:-25}" \
    --histogram-out "$OUT_DIR/idle-histogram-$name.txt" | grep -E 'RESULT|open in' || log "idle $name failed"
  stop_server
done
done
