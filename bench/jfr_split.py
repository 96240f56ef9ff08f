#!/usr/bin/env python3
"""Where an event loop's time goes during a fan-out, from a JFR recording (bench/scenarios/profile-fanout.sh):
Java samples split into the fan-out's own code, Netty's write path, the flush batch's Java side and the rest;
native samples split into socket writes (the syscall), reads, waiting for events (idle) and the rest. JFR samples
Java code every 10 ms and native code every 20 ms per thread (the "profile" settings), so native samples count
twice. Standard library only.

Usage: /usr/bin/python3 bench/jfr_split.py recording.jfr [deliveries]
  deliveries: how many deliveries the recording covers (adds microseconds per delivery)
"""
import collections
import json
import os
import subprocess
import sys

JAVA_MS, NATIVE_MS = 10, 20
jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events",
                      "jdk.ExecutionSample,jdk.NativeMethodSample", sys.argv[1]],
                     capture_output=True, text=True, check=True).stdout
deliveries = float(sys.argv[2]) if len(sys.argv) > 2 else 0


def names(event):
    trace = event["values"].get("stackTrace") or {}
    return [f["method"]["type"]["name"] + "." + f["method"]["name"] for f in trace.get("frames", [])]


def java_category(stack):
    if any("FlushBatch.run" in n for n in stack):
        return "java: flush (FlushBatch, Netty's flush and its buffers)"
    if any("Hub.deliver" in n for n in stack):
        netty = ("AbstractChannelHandlerContext.write", "ChannelOutboundBuffer", "DefaultChannelPipeline.write")
        if any(any(k in n for k in netty) for n in stack):
            return "java: fan-out, Netty's write (pipeline, outbound buffer)"
        return "java: fan-out, ours (hub, subscriber, connection, frame)"
    return "java: other (inbound, publisher's command, timers)"


def native_category(top):
    if "write" in top.lower():
        return "native: socket write (the syscall)"
    if "read" in top.lower():
        return "native: socket read"
    if "wait" in top.lower() or "select" in top.lower() or "poll" in top.lower():
        return "native: waiting for events (idle)"
    return "native: other"


ms = collections.Counter()
for e in json.loads(out)["recording"]["events"]:
    thread = (e["values"].get("sampledThread") or {}).get("javaName") or ""
    if not thread.startswith("vert.x-eventloop-thread"):
        continue
    stack = names(e)
    if e["type"] == "jdk.NativeMethodSample":
        ms[native_category(stack[0] if stack else "")] += NATIVE_MS
    else:
        ms[java_category(stack)] += JAVA_MS
busy = sum(v for k, v in ms.items() if "idle" not in k)
print(f"event-loop thread time, ms (busy {busy} ms{'' if not deliveries else f', {deliveries:.0f} deliveries'}):")
for k, v in sorted(ms.items(), key=lambda kv: -kv[1]):
    share = "" if "idle" in k else f"{100.0 * v / busy:5.1f}% of busy"
    per = f"  {1000.0 * v / deliveries:6.2f} us/delivery" if deliveries and "idle" not in k else ""
    print(f"  {v:7d}  {share:>14}{per}  {k}")
