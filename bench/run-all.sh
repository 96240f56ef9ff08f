#!/usr/bin/env bash
# The full comparison: installs peer dependencies, builds the server and the bench jar, runs every scenario
# (each starts and stops its own servers), then writes tables, CSV and SVG charts.
#
#   bench/run-all.sh                       # everything, short runs (~20 minutes on 2 cores)
#   SCENARIOS="echo polling" bench/run-all.sh
#   WARMUP=10 DURATION=30 REPEATS=5 bench/run-all.sh   # longer, steadier runs
#
# Results: bench/results/<run-id>/{results.jsonl,summary.md,summary.csv,charts/*.svg,logs/}; charts are also
# copied to docs/benchmarks/.
source "$(dirname "$0")/lib.sh"
export RUN_ID OUT_DIR
"$BENCH_DIR/install.sh"
{
  echo "run: $RUN_ID"
  echo "commit: $(cd "$ROOT_DIR" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "kernel: $(uname -r)"
  echo "java: $("$JAVA" -version 2>&1 | head -1)"
  echo "python: $("$PY" -c 'import sys, websockets, aiohttp; print(sys.version.split()[0], "websockets", websockets.__version__, "aiohttp", aiohttp.__version__)')"
  echo "node: $(node --version) ws $(node -p 'require("'"$BENCH_DIR"'/peers/node/node_modules/ws/package.json").version') socket.io $(node -p 'require("'"$BENCH_DIR"'/peers/node/node_modules/socket.io/package.json").version')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT_DIR/machine.txt"
cat "$OUT_DIR/machine.txt" >&2
for scenario in ${SCENARIOS:-echo fanout fanout-floor idle storm polling}; do
  log "=== $scenario ==="
  "$BENCH_DIR/scenarios/$scenario.sh" || log "$scenario failed (see $LOG_DIR)"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT_DIR/machine.txt"
"$PY" "$BENCH_DIR/report.py" "$OUT_DIR" "$ROOT_DIR/docs/benchmarks"
log "results in $OUT_DIR"
