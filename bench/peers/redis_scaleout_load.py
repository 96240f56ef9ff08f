#!/usr/bin/env python3
"""Load for the Redis scale-out benchmark (bench/scenarios/redis-cluster.sh).

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
import time

import aiohttp

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def cpu_of(pids):
    return sum(cpu_seconds(p) for p in pids)


async def subscriber(session, port, channels, counter, ready):
    async with session.ws_connect(f"http://127.0.0.1:{port}/ws", protocols=("switchboard.v1.json",)) as ws:
        await ws.receive()  # welcome
        for i, ch in enumerate(channels):
            await ws.send_str(json.dumps({"type": "subscribe", "id": i + 1, "channel": ch}))
        confirmed = 0
        while confirmed < len(channels):
            frame = json.loads((await ws.receive()).data)
            if frame.get("type") == "subscribed":
                confirmed += 1
        ready.set()
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            # several frames may share one message? no: one frame per message
            if msg.data.startswith('{"type":"publication"'):
                counter[0] += 1


async def publisher(session, port, channels, window, counter, stop, offset):
    async with session.ws_connect(f"http://127.0.0.1:{port}/ws", protocols=("switchboard.v1.json",)) as ws:
        await ws.receive()
        next_id = 1
        in_flight = 0
        n = offset
        payload = '{"v":"' + "x" * 100 + '"}'

        async def send_one():
            nonlocal next_id, in_flight, n
            ch = channels[n % len(channels)]
            n += 1
            await ws.send_str('{"type":"publish","id":%d,"channel":"%s","data":%s}' % (next_id, ch, payload))
            next_id += 1
            in_flight += 1

        for _ in range(window):
            await send_one()
        async for msg in ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                break
            if msg.data.startswith('{"type":"published"'):
                counter[0] += 1
                in_flight -= 1
                if not stop.is_set():
                    await send_one()
                elif in_flight == 0:
                    return
            elif msg.data.startswith('{"type":"error"'):
                counter[1] += 1
                in_flight -= 1
                if not stop.is_set():
                    await send_one()


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ports", required=True)
    ap.add_argument("--redis-pids", required=True)
    ap.add_argument("--node-pids", required=True)
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
    channels = [f"bench{i}" for i in range(a.channels)]
    delivered, published = [0], [0, 0]
    stop = asyncio.Event()
    async with aiohttp.ClientSession() as session:
        readies = []
        tasks = []
        for port in ports:
            ready = asyncio.Event()
            readies.append(ready)
            tasks.append(asyncio.create_task(subscriber(session, port, channels, delivered, ready)))
        for r in readies:
            await asyncio.wait_for(r.wait(), 60)
        pubs = [asyncio.create_task(publisher(session, port, channels, a.window, published, stop, k * 7))
                for port in ports for k in range(a.publishers)]
        await asyncio.sleep(a.warmup)
        d0, p0, t0 = delivered[0], published[0], time.monotonic()
        r0, n0 = cpu_of(redis_pids), cpu_of(node_pids)
        await asyncio.sleep(a.duration)
        d1, p1, t1 = delivered[0], published[0], time.monotonic()
        r1, n1 = cpu_of(redis_pids), cpu_of(node_pids)
        stop.set()
        await asyncio.wait(pubs, timeout=10)
        for t in tasks:
            t.cancel()
    secs = t1 - t0
    pubs_per_s = (p1 - p0) / secs
    print(json.dumps({
        "label": a.label, "nodes": len(ports), "redis_processes": len(redis_pids), "channels": a.channels,
        "publishers": a.publishers * len(ports), "window": a.window, "seconds": round(secs, 1),
        "publications_per_s": round(pubs_per_s), "deliveries_per_s": round((d1 - d0) / secs),
        "errors": published[1],
        "redis_cpu_per_s": round((r1 - r0) / secs, 3),
        "redis_cpu_us_per_publication": round((r1 - r0) / max(1, p1 - p0) * 1e6, 1),
        "nodes_cpu_per_s": round((n1 - n0) / secs, 3),
        "nodes_cpu_us_per_publication": round((n1 - n0) / max(1, p1 - p0) * 1e6, 1),
    }))


asyncio.run(main())
