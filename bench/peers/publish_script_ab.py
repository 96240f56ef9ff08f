#!/usr/bin/env python3
"""A/B of the Redis publish script's own cost: the PUBLISH script of two StreamScripts.java versions, loaded into
one fresh redis-server and run alternately with redis-benchmark (one channel, history 100, a payload of ~100
bytes, no subscriber), each round's time inside the script read from INFO commandstats (usec_per_call).
Usage: publish_script_ab.py OLD_StreamScripts.java NEW_StreamScripts.java [rounds] [calls]
"""
import re
import socket
import subprocess
import sys
import time


def lua(java_source, name):
    """The Lua source of a LuaScript constant (COMMON + the text block) as Java builds it."""
    blocks = dict(re.findall(r'static final (?:String|LuaScript) (\w+) = (?:new LuaScript\()?(?:COMMON \+ )?"""\n(.*?)"""',
                             java_source, re.S))
    uses_common = re.search(r'static final LuaScript ' + name + r' = new LuaScript\(COMMON \+', java_source)
    text = (blocks["COMMON"] if uses_common else "") + blocks[name]
    indent = min(len(l) - len(l.lstrip()) for l in text.splitlines() if l.strip())
    text = "\n".join(l[indent:] for l in text.splitlines()) + "\n"
    return text.replace("\\\\", "\\")


def cli(port, *args):
    return subprocess.run(["redis-cli", "-p", str(port), *args], capture_output=True, text=True, check=True).stdout


def main():
    old_src, new_src = open(sys.argv[1]).read(), open(sys.argv[2]).read()
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    calls = int(sys.argv[4]) if len(sys.argv) > 4 else 20000
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--appendonly", "no"], stdout=subprocess.DEVNULL)
    try:
        while True:
            try:
                if cli(port, "PING").strip() == "PONG":
                    break
            except subprocess.CalledProcessError:
                pass
            time.sleep(0.05)
        data = '{"v":"' + "x" * 100 + '"}'
        common = ["sb:{bench}", "Epoch123", '"bench"', data, "", "100", "300000", "86400000", "p"]
        variants = {
            "before": (cli(port, "SCRIPT", "LOAD", lua(old_src, "PUBLISH")).strip(), common),
            "after": (cli(port, "SCRIPT", "LOAD", lua(new_src, "PUBLISH")).strip(), common + ["PUBLISH"]),
        }
        results = {k: [] for k in variants}
        for r in range(rounds):
            for name, (sha, args) in variants.items():
                cli(port, "DEL", "sb:{bench}:stream", "sb:{bench}:history")
                cli(port, "CONFIG", "RESETSTAT")
                subprocess.run(["redis-benchmark", "-p", str(port), "-n", str(calls), "-c", "4", "-q",
                                "EVALSHA", sha, "2", "sb:{bench}:stream", "sb:{bench}:history", *args],
                               capture_output=True, check=True)
                stats = cli(port, "INFO", "commandstats")
                m = re.search(r"cmdstat_evalsha:calls=(\d+),usec=(\d+),usec_per_call=([\d.]+)", stats)
                results[name].append(float(m.group(3)))
                print(f"round {r + 1} {name}: {m.group(3)} us per publish script ({m.group(1)} calls)", flush=True)
        for name, values in results.items():
            values.sort()
            print(f"{name}: median {values[len(values) // 2]:.2f} us, min {values[0]:.2f}, max {values[-1]:.2f}")
    finally:
        server.kill()


main()
