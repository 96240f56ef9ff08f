#!/usr/bin/env python3
"""Turns a run's results.jsonl into summary tables (Markdown + CSV) and SVG bar charts. Standard library only.

Usage: /usr/bin/python3 bench/report.py bench/results/<run-id> [docs/benchmarks]
Medians over repeats are reported (the machine is shared and noisy); ratios are taken between medians of the
same run, so both sides saw the same noise.
"""
import csv
import json
import os
import shutil
import statistics
import sys
from collections import defaultdict
from html import escape


def load(run_dir):
    rows = []
    with open(os.path.join(run_dir, "results.jsonl")) as f:
        for line in f:
            line = line.strip()
            if line:
                rows.append(json.loads(line))
    return rows


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def get(row, path):
    for key in path.split("."):
        if not isinstance(row, dict) or key not in row:
            return None
        row = row[key]
    return row


def fmt(v, digits=1):
    if v is None:
        return "–"
    if isinstance(v, float) and abs(v) < 10 and v != int(v):
        return f"{v:.{digits + 1}f}" if abs(v) < 1 else f"{v:.{digits}f}"
    return f"{v:,.0f}"


def table(headers, rows):
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join("---" for _ in headers) + " |"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def bar_chart(path, title, unit, items, note=""):
    """Horizontal bar chart: items = [(label, value)]. Written by hand so no plotting library is needed."""
    items = [(l, v) for l, v in items if v is not None]
    if not items:
        return None
    width, left, right, bar_h, gap, top = 760, 230, 120, 22, 8, 48
    height = top + len(items) * (bar_h + gap) + 30
    vmax = max(v for _, v in items) or 1
    scale = (width - left - right) / vmax
    palette = ["#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f", "#9b2c2c", "#2c7a7b", "#4a5568"]
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="13">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">{escape(title)}</text>',
             f'<text x="{width / 2}" y="39" text-anchor="middle" fill="#555">{escape(unit)}</text>']
    for i, (label, value) in enumerate(items):
        y = top + i * (bar_h + gap)
        w = max(1, value * scale)
        parts.append(f'<text x="{left - 8}" y="{y + bar_h * 0.7}" text-anchor="end">{escape(label)}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{palette[i % len(palette)]}"/>')
        parts.append(f'<text x="{left + w + 6:.1f}" y="{y + bar_h * 0.7}">{escape(fmt(value))}</text>')
    if note:
        parts.append(f'<text x="{left}" y="{height - 10}" fill="#777" font-size="11">{escape(note)}</text>')
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts))
    return path


def echo_section(rows, charts):
    by = defaultdict(list)
    for r in rows:
        by[r["target"]].append(r)
    if not by:
        return ""
    order = ["switchboard", "vertx", "node-ws", "aiohttp", "python-websockets"]
    targets = sorted(by, key=lambda t: order.index(t) if t in order else 99)
    rate = {t: med([r["messagesPerSecond"] for r in by[t]]) for t in targets}
    eff = {t: med([r["messagesPerSecond"] / r["window"]["serverCpuCores"] for r in by[t]
                   if r["window"].get("serverCpuCores")]) for t in targets}
    py, vx = rate.get("python-websockets"), rate.get("vertx")
    lines = []
    for t in targets:
        rs = by[t]
        lines.append([t, len(rs), fmt(rate[t]), fmt(med([get(r, "rttMillis.p50") for r in rs])),
                      fmt(med([get(r, "rttMillis.p99") for r in rs])),
                      fmt(med([get(r, "window.serverCpuCores") for r in rs])),
                      fmt(med([get(r, "window.generatorCpuCores") for r in rs])),
                      fmt(eff[t]),
                      f"{rate[t] / py:.1f}x" if py else "–", f"{rate[t] / vx:.2f}x" if vx else "–",
                      f"{eff[t] / eff['python-websockets']:.1f}x" if eff.get("python-websockets") else "–"])
    c = rows[0]
    out = [f"### Echo: {c['connections']} connections x {c['inflight']} in flight, {c['size']}-byte text frames", "",
           table(["server", "runs", "msgs/s (median)", "RTT p50 ms", "RTT p99 ms", "server CPU cores",
                  "generator CPU cores", "msgs per server CPU-s", "vs Python websockets", "vs bare Vert.x",
                  "CPU efficiency vs Python"], lines)]
    charts.append(bar_chart(os.path.join(charts_dir, "echo-throughput.svg"),
                            f"Echo, {c['connections']} conns x {c['inflight']} in flight", "messages per second (median)",
                            [(t, rate[t]) for t in targets]))
    charts.append(bar_chart(os.path.join(charts_dir, "echo-efficiency.svg"), "Echo: messages per server CPU-second",
                            "higher is better (median)", [(t, eff[t]) for t in targets]))
    return "\n".join(out)


def fanout_section(rows, charts):
    by = defaultdict(list)
    for r in rows:
        by[(r["target"], r["scenario"], r["publisher"], r["channels"], r["subscribers"],
            r["offeredPublicationsPerSecond"])].append(r)
    lines, items, lat = [], [], []
    for key in sorted(by, key=lambda k: (k[0] != "vertx-pubsub", k[1], k[2], k[5])):
        rs = by[key]
        target, scenario, pub, ch, subs, rate = key
        d = med([r["deliveriesPerSecond"] for r in rs])
        p99 = med([get(r, "latencyMillis.p99") for r in rs])
        lines.append([target, f"{subs:,} subs / {ch:,} ch", pub, fmt(rate), fmt(med([r["offeredDeliveriesPerSecond"] for r in rs])),
                      fmt(d), fmt(med([get(r, "latencyMillis.p50") for r in rs])), fmt(p99),
                      fmt(med([get(r, "latencyMillis.p999") for r in rs])),
                      fmt(med([get(r, "window.serverCpuCores") for r in rs])),
                      fmt(med([get(r, "window.generatorCpuCores") for r in rs])),
                      max(r["subscribersClosed"] for r in rs), sum(r["publishFailures"] for r in rs)])
        label = f"{'bare ' if target == 'vertx-pubsub' else ''}{ch} ch, {pub}, {rate:g}/s"
        items.append((label, d))
        lat.append((label, p99))
    charts.append(bar_chart(os.path.join(charts_dir, "fanout-deliveries.svg"), "Fan-out: deliveries per second",
                            "median; label = channels, publisher, offered publications/s", items))
    charts.append(bar_chart(os.path.join(charts_dir, "fanout-p99.svg"), "Fan-out: publish-to-deliver p99",
                            "milliseconds, lower is better", lat))
    return "\n".join(["### Fan-out", "", table(
        ["server", "subscribers / channels", "publisher", "offered pub/s", "offered deliveries/s", "deliveries/s", "p50 ms",
         "p99 ms", "p99.9 ms", "server CPU cores", "generator CPU cores", "subscribers closed", "publish failures"],
        lines)])


def idle_section(rows, charts):
    lines, items = [], []
    for r in rows:
        pc = r["perConnection"]
        nmt = pc.get("nmtCommittedBytes", {})
        lines.append([r["target"], fmt(r["connections"]), fmt(pc["rssBytes"]), fmt(pc["liveHeapBytes"]),
                      fmt(nmt.get("Java Heap")), fmt(nmt.get("Other")), fmt(nmt.get("Thread")),
                      fmt(pc["kernelSlabBytesBothEnds"] / 2), fmt(pc["tcpBufferBytesBothEnds"] / 2),
                      fmt(get(r, "idleWindow.serverCpuCores"), 2),
                      fmt(r["after"]["rssBytes"] / 1048576)])
        items.append((r["target"], pc["rssBytes"]))
    charts.append(bar_chart(os.path.join(charts_dir, "idle-rss-per-connection.svg"),
                            "Idle: server RSS per connection", "bytes (after full GC); target <= 10,240", items))
    return "\n".join(["### Idle connections", "", table(
        ["server", "connections", "RSS B/conn", "live heap B/conn", "NMT heap committed B/conn",
         "NMT Other (direct) B/conn", "NMT Thread B/conn", "kernel slab B/conn (server half)",
         "TCP buffers B/conn (server half)", "idle CPU cores", "RSS total MiB"], lines)])


def storm_section(rows, charts):
    by = defaultdict(list)
    for r in rows:
        by[r["target"]].append(r)
    lines, items = [], []
    for t, rs in by.items():
        v = med([r["connectionsPerSecond"] for r in rs])
        lines.append([t, rs[0]["parallel"], "yes" if rs[0]["awaitWelcome"] else "no (upgrade only)", fmt(v),
                      fmt(med([get(r, "setupMillis.p50") for r in rs])), fmt(med([get(r, "setupMillis.p99") for r in rs])),
                      fmt(med([get(r, "window.serverCpuCores") for r in rs])), sum(r["failures"] for r in rs)])
        items.append((t, v))
    charts.append(bar_chart(os.path.join(charts_dir, "connect-storm.svg"), "Connect storm", "connections per second",
                            items))
    return "\n".join(["### Connect storm", "", table(
        ["server", "parallel", "waits for welcome", "connections/s", "setup p50 ms", "setup p99 ms", "server CPU cores",
         "failures"], lines)])


def polling_section(rows, charts):
    # One table per (clients, offered rate): the answer depends on how many publications a poll interval holds.
    configs = defaultdict(lambda: defaultdict(list))
    # Older result lines lack the offered rate; the run's median achieved rate stands in for it.
    fallback = med([r["publicationsPerSecond"] for r in rows])
    for r in rows:
        configs[round(r.get("offeredPublicationsPerSecond") or fallback)][r["mode"]].append(r)
    out = ["### WebSocket vs polling"]
    for rate, by in sorted(configs.items()):
        cpu = {m: med([r.get("serverCpuSecondsPer1000") for r in rs]) for m, rs in by.items()}
        lines = []
        for m in ["ws", "longpoll", "shortpoll", "shortpoll-poll", "none"]:
            if m not in by:
                continue
            rs = by[m]
            lines.append([m, rs[0]["clients"], fmt(med([r["publicationsPerSecond"] for r in rs])),
                          fmt(med([r["deliveriesPerSecond"] for r in rs])),
                          fmt(med([r["httpRequests"] for r in rs])),
                          fmt(med([get(r, "latencyMillis.p50") for r in rs])),
                          fmt(med([get(r, "latencyMillis.p99") for r in rs])),
                          fmt(med([get(r, "window.serverCpuCores") for r in rs]), 2),
                          f"{cpu[m]:.4f}" if cpu.get(m) is not None else "–",
                          f"{cpu[m] / cpu['ws']:.1f}x" if cpu.get(m) and cpu.get("ws") else "–",
                          sum(r["failures"] for r in rs)])
        modes = [m for m in ["ws", "longpoll", "shortpoll", "shortpoll-poll"] if m in by]
        tag = f"{rate}-per-s"
        charts.append(bar_chart(os.path.join(charts_dir, f"polling-cpu-{tag}.svg"),
                                f"Server CPU seconds per 1,000 deliveries ({rate} publications/s)",
                                "lower is better", [(m, cpu.get(m)) for m in modes]))
        charts.append(bar_chart(os.path.join(charts_dir, f"polling-latency-{tag}.svg"),
                                f"Delivery latency p50 / p99 ({rate} publications/s)", "milliseconds, lower is better",
                                [(f"{m} p50", med([get(r, "latencyMillis.p50") for r in by[m]])) for m in modes] +
                                [(f"{m} p99", med([get(r, "latencyMillis.p99") for r in by[m]])) for m in modes]))
        out += ["", f"{rate} publications/s to one channel:", "", table(
            ["mode", "clients", "publications/s", "deliveries/s", "HTTP requests per window", "latency p50 ms",
             "latency p99 ms", "server CPU cores", "server CPU s per 1,000 deliveries", "CPU vs WebSocket",
             "failures"], lines)]
    return "\n".join(out)


def write_csv(rows, path):
    def flat(d, prefix=""):
        out = {}
        for k, v in d.items():
            if isinstance(v, dict):
                out.update(flat(v, f"{prefix}{k}."))
            elif not isinstance(v, list):
                out[f"{prefix}{k}"] = v
        return out
    flats = [flat(r) for r in rows]
    keys = sorted({k for f in flats for k in f})
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys)
        w.writeheader()
        w.writerows(flats)


if __name__ == "__main__":
    run_dir = sys.argv[1]
    docs_dir = sys.argv[2] if len(sys.argv) > 2 else None
    charts_dir = os.path.join(run_dir, "charts")
    os.makedirs(charts_dir, exist_ok=True)
    rows = load(run_dir)
    charts = []
    sections = []
    groups = defaultdict(list)
    for r in rows:
        groups[r["scenario"].split("-")[0] if r["scenario"].startswith("fanout") else r["scenario"]].append(r)
    if groups.get("echo"):
        sections.append(echo_section(groups["echo"], charts))
    if groups.get("fanout"):
        sections.append(fanout_section(groups["fanout"], charts))
    if groups.get("idle"):
        sections.append(idle_section(groups["idle"], charts))
    if groups.get("connect-storm"):
        sections.append(storm_section(groups["connect-storm"], charts))
    if groups.get("polling"):
        sections.append(polling_section(groups["polling"], charts))
    summary = "\n\n".join(sections) + "\n"
    with open(os.path.join(run_dir, "summary.md"), "w") as f:
        f.write(summary)
    write_csv(rows, os.path.join(run_dir, "summary.csv"))
    if docs_dir:
        os.makedirs(docs_dir, exist_ok=True)
        for c in charts:
            if c:
                shutil.copy(c, docs_dir)
    print(summary)
