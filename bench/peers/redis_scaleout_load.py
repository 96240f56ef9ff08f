#!/usr/bin/env python3
"""Load (Python websockets, Debian python3-websockets) for the Redis scale-out benchmark (bench/scenarios/redis-cluster.sh).

On every Switchboard node given: one subscriber connection subscribed to all CHANNELS channels (so each
publication is delivered once per node: it crosses Redis once and fans out to every node), and PUBLISHERS
connections publishing closed-loop with WINDOW publishes in flight each, on channels in turn. Measures, over
DURATION seconds after WARMUP: acknowledged publications/s, deliveries/s at the subscribers, and the CPU seconds
of the Redis processes and of the Switchboard nodes (from /proc/<pid>/stat), per publication.
Prints one JSON line.
"""
import argparse
import asyncio
import json
import os
import subprocess
import time

import websockets

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def cpu_of(pids):
    return sum(cpu_seconds(p) for p in pids)


def command_stats(ports):
    """Per command: (calls, microseconds inside it) from INFO commandstats, summed over the ports."""
    stats = {}
    for port in ports:
        out = subprocess.run(["redis-cli", "-p", str(port), "INFO", "commandstats"], capture_output=True,
                             text=True, check=True).stdout
        for line in out.splitlines():
            if line.startswith("cmdstat_") and "usec=" in line:
                name = line.split(":")[0][len("cmdstat_"):]
                calls = int(line.split("calls=")[1].split(",")[0])
                usec = int(line.split("usec=")[1].split(",")[0])
                c, u = stats.get(name, (0, 0))
                stats[name] = (c + calls, u + usec)
    return stats


def stats_delta(before, after):
    out = {}
    for name, (calls, usec) in after.items():
        c0, u0 = before.get(name, (0, 0))
        if calls - c0 > 0:
            out[name] = (calls - c0, usec - u0)
    return out


def connect(port):
    return websockets.connect(f"ws://127.0.0.1:{port}/ws", subprotocols=["switchboard.v1.json"],
                              compression=None, max_queue=None, ping_interval=None)


async def subscriber(port, channels, counter, ready):
    async with connect(port) as ws:
        await ws.recv()  # welcome
        for i, ch in enumerate(channels):
            await ws.send(json.dumps({"type": "subscribe", "id": i + 1, "channel": ch}))
        confirmed = 0
        while confirmed < len(channels):
            frame = json.loads(await ws.recv())
            if frame.get("type") == "subscribed":
                confirmed += 1
        ready.set()
        async for data in ws:
            if data.startswith('{"type":"publication"'):
                counter[0] += 1


async def publisher(port, channels, window, counter, stop, offset):
    async with connect(port) as ws:
        await ws.recv()
        next_id = 1
        in_flight = 0
        n = offset
        payload = '{"v":"' + "x" * 100 + '"}'

        async def send_one():
            nonlocal next_id, in_flight, n
            ch = channels[n % len(channels)]
            n += 1
            await ws.send('{"type":"publish","id":%d,"channel":"%s","data":%s}' % (next_id, ch, payload))
            next_id += 1
            in_flight += 1

        for _ in range(window):
            await send_one()
        async for data in ws:
            if data.startswith('{"type":"published"'):
                counter[0] += 1
                in_flight -= 1
                if not stop.is_set():
                    await send_one()
                elif in_flight == 0:
                    return
            elif data.startswith('{"type":"error"'):
                counter[1] += 1
                in_flight -= 1
                if not stop.is_set():
                    await send_one()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ports", required=True)
    ap.add_argument("--redis-pids", required=True)
    ap.add_argument("--node-pids", required=True)
    ap.add_argument("--redis-ports", required=True)
    ap.add_argument("--channels", type=int, default=60)
    ap.add_argument("--publishers", type=int, default=2, help="per node")
    ap.add_argument("--window", type=int, default=16)
    ap.add_argument("--warmup", type=float, default=5)
    ap.add_argument("--duration", type=float, default=15)
    ap.add_argument("--label", default="")
    a = ap.parse_args()
    ports = [int(p) for p in a.ports.split(",")]
    redis_pids = [int(p) for p in a.redis_pids.split(",")]
    node_pids = [int(p) for p in a.node_pids.split(",")]
    redis_ports = [int(p) for p in a.redis_ports.split(",")]
    channels = [f"bench{i}" for i in range(a.channels)]
    delivered, published = [0], [0, 0]
    stop = asyncio.Event()
    if True:
        readies = []
        tasks = []
        for port in ports:
            ready = asyncio.Event()
            readies.append(ready)
            tasks.append(asyncio.create_task(subscriber(port, channels, delivered, ready)))
        for r in readies:
            await asyncio.wait_for(r.wait(), 60)
        pubs = [asyncio.create_task(publisher(port, channels, a.window, published, stop, k * 7))
                for port in ports for k in range(a.publishers)]
        await asyncio.sleep(a.warmup)
        d0, p0, e0, t0 = delivered[0], published[0], published[1], time.monotonic()
        r0, n0, s0 = cpu_of(redis_pids), cpu_of(node_pids), command_stats(redis_ports)
        await asyncio.sleep(a.duration)
        d1, p1, e1, t1 = delivered[0], published[0], published[1], time.monotonic()
        r1, n1, s1 = cpu_of(redis_pids), cpu_of(node_pids), command_stats(redis_ports)
        stop.set()
        await asyncio.wait(pubs, timeout=10)
        for t in tasks:
            t.cancel()
    secs = t1 - t0
    delta = stats_delta(s0, s1)
    command_us = sum(u for _, u in delta.values())
    top = sorted(delta.items(), key=lambda kv: -kv[1][1])[:4]
    pubs_per_s = (p1 - p0) / secs
    print(json.dumps({
        "label": a.label, "nodes": len(ports), "redis_processes": len(redis_pids), "channels": a.channels,
        "publishers": a.publishers * len(ports), "window": a.window, "seconds": round(secs, 1),
        "publications_per_s": round(pubs_per_s), "deliveries_per_s": round((d1 - d0) / secs),
        "errors": e1 - e0,
        "redis_cpu_per_s": round((r1 - r0) / secs, 3),
        "redis_cpu_us_per_publication": round((r1 - r0) / max(1, p1 - p0) * 1e6, 1),
        "redis_command_us_per_publication": round(command_us / max(1, p1 - p0), 1),
        "redis_top_commands": {n: {"calls_per_s": round(c / secs), "us_per_call": round(u / c, 1)} for n, (c, u) in top},
        "nodes_cpu_per_s": round((n1 - n0) / secs, 3),
        "nodes_cpu_us_per_publication": round((n1 - n0) / max(1, p1 - p0) * 1e6, 1),
    }))


asyncio.run(main())
