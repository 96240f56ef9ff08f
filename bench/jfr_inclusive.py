#!/usr/bin/env python3
"""Inclusive CPU profile from a JFR recording: for every method, the share of execution samples whose stack
contains it (so framework layers like CDI context activation show their full cost). Standard library only.

Usage: /usr/bin/python3 bench/jfr_inclusive.py recording.jfr [top-n] [filter-substring]
"""
import collections
import json
import os
import subprocess
import sys

jfr = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jfr")
path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
needle = sys.argv[3] if len(sys.argv) > 3 else ""
out = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", path],
                     capture_output=True, text=True, check=True).stdout
events = json.loads(out)["recording"]["events"]
inclusive = collections.Counter()
threads = collections.Counter()
for e in events:
    frames = e["values"]["stackTrace"]["frames"] if e["values"].get("stackTrace") else []
    seen = set()
    for f in frames:
        m = f["method"]
        name = m["type"]["name"] + "." + m["name"]
        if name not in seen:
            seen.add(name)
            inclusive[name] += 1
    threads[(e["values"].get("sampledThread") or {}).get("javaName", "?")] += 1
n = len(events)
print(f"{n} samples")
for name, c in inclusive.most_common():
    if needle in name:
        print(f"{100.0 * c / n:6.1f}%  {name}")
        top -= 1
        if top == 0:
            break
print("by thread:", ", ".join(f"{t}={c}" for t, c in threads.most_common(6)))
