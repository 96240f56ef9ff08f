#!/usr/bin/env python3
"""Table of bench/scenarios/polling-ratios.sh: per publication-to-poll ratio and mode, the medians over rounds of
server CPU cores and CPU per delivery, and how many times WebSocket's cost each polling mode is, gross and net of
the publisher alone (mode "none" of the same round). Standard library only.

Usage: /usr/bin/python3 bench/polling_ratios.py results.jsonl
"""
import collections
import json
import statistics
import sys

runs = collections.defaultdict(list)  # (ratio, mode) -> [(round, cores, deliveries/s, p50, p99)]
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("scenario") != "polling" or not r.get("target", "").startswith("switchboard-1:"):
        continue
    ratio = r["target"].split("1:")[1]
    w = r["window"]
    runs[(ratio, r["mode"])].append((r.get("round", 0), w["serverCpuCores"], r["deliveriesPerSecond"],
                                     r["latencyMillis"].get("p50"), r["latencyMillis"].get("p99")))

def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")

print("| ratio | mode | rounds | deliveries/s | server CPU cores | CPU ms per delivery | net of publisher, ms per delivery"
      " | vs WebSocket | vs WebSocket, net | p50 ms | p99 ms |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for ratio in sorted({k[0] for k in runs}, key=float):
    none = med(x[1] for x in runs.get((ratio, "none"), []))
    ws = runs.get((ratio, "ws"), [])
    ws_cost = med(x[1] / x[2] for x in ws if x[2]) if ws else float("nan")
    ws_net = med((x[1] - none) / x[2] for x in ws if x[2]) if ws else float("nan")
    for mode in ["ws", "longpoll", "shortpoll-poll", "shortpoll", "none"]:
        rows = runs.get((ratio, mode))
        if not rows:
            continue
        cores = med(x[1] for x in rows)
        if mode == "none":
            print(f"| 1:{ratio} | publisher only | {len(rows)} | 0 | {cores:.4f} | – | – | – | – | – | – |")
            continue
        cost = med(x[1] / x[2] for x in rows if x[2])
        net = med((x[1] - none) / x[2] for x in rows if x[2])
        print(f"| 1:{ratio} | {mode} | {len(rows)} | {med(x[2] for x in rows):,.0f} | {cores:.4f} | {cost * 1000:.4f}"
              f" | {net * 1000:.4f} | {cost / ws_cost:.1f}x | {net / ws_net:.1f}x | {med(x[3] for x in rows):.0f}"
              f" | {med(x[4] for x in rows):.0f} |")
