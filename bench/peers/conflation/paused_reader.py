#!/usr/bin/env python3
"""The conflating subscriber's memory while paused (docs/benchmarks.md, "Conflation").

A raw WebSocket client with a 4 KiB receive buffer subscribes to CHANNELS channels of a conflating namespace and
stops reading; a publisher sends UPDATES updates round-robin; the server's heap is measured (jcmd GC.run, then
GC.heap_info) before and while the reader is paused; then the reader reads again and the script checks what it got
(the newest update of every channel, received + skipped = all). Usage:
  paused_reader.py <port> <server-pid> <namespace> [updates] [channels] [payload-bytes]
"""
import asyncio, base64, json, os, re, socket, struct, subprocess, sys, time

import websockets

port, pid, ns = int(sys.argv[1]), sys.argv[2], sys.argv[3]
UPDATES = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
CHANNELS = int(sys.argv[5]) if len(sys.argv) > 5 else 5
PAD = "x" * (int(sys.argv[6]) if len(sys.argv) > 6 else 1200)
run = f"{int(time.time()) % 100000}"
channels = [f"{ns}:sym{i}-{run}" for i in range(CHANNELS)]
JCMD = os.path.join(os.environ.get("JAVA_HOME", "/usr/lib/jvm/temurin-25-jdk-amd64"), "bin", "jcmd")


def heap_used_kib():
    subprocess.run([JCMD, pid, "GC.run"], capture_output=True, check=True)
    time.sleep(0.5)
    out = subprocess.run([JCMD, pid, "GC.heap_info"], capture_output=True, text=True, check=True).stdout
    m = re.search(r"used (\d+)K", out)
    return int(m.group(1))


class RawReader:
    def __init__(self):
        self.s = socket.socket()
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.s.connect(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.s.sendall((f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self.buf += self.s.recv(4096)
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        assert head.startswith(b"HTTP/1.1 101"), head

    def send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        n = len(data)
        hdr = bytes([0x81]) + (bytes([0x80 | n]) if n < 126 else bytes([0x80 | 126]) + struct.pack(">H", n))
        self.s.sendall(hdr + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _need(self, n):
        while len(self.buf) < n:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError("closed")
            self.buf += chunk

    def frame(self):
        self._need(2)
        op, n = self.buf[0] & 0x0F, self.buf[1] & 0x7F
        at = 2
        if n == 126:
            self._need(4); n = struct.unpack(">H", self.buf[2:4])[0]; at = 4
        elif n == 127:
            self._need(10); n = struct.unpack(">Q", self.buf[2:10])[0]; at = 10
        self._need(at + n)
        payload, self.buf = self.buf[at:at + n], self.buf[at + n:]
        return op, payload


async def publish_all():
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws", max_size=None) as pub:
        await pub.recv()  # welcome
        for n in range(UPDATES):
            c = n % CHANNELS
            msg = {"type": "publish", "channel": channels[c], "data": {"seq": n // CHANNELS + 1, "px": 100 + n % 37, "pad": PAD}}
            if n == UPDATES - 1:
                msg["id"] = 1
            await pub.send(json.dumps(msg))
        while json.loads(await pub.recv()).get("id") != 1:
            pass


reader = RawReader()
reader.frame()  # welcome
for i, ch in enumerate(channels):
    reader.send(json.dumps({"type": "subscribe", "id": i + 1, "channel": ch}))
    op, payload = reader.frame()
    assert b'"subscribed"' in payload, payload
before = heap_used_kib()
t0 = time.time()
asyncio.run(publish_all())
time.sleep(2)  # let the fan-out finish
paused = heap_used_kib()
last, received, skipped = {}, {}, {}
per_channel = UPDATES // CHANNELS
while not all(last.get(c, 0) == per_channel for c in channels):
    op, payload = reader.frame()
    assert op == 1, f"closed or unexpected opcode {op}: {payload[:80]}"
    f = json.loads(payload)
    assert f.get("type") != "disconnect", f
    if f.get("type") != "publication":
        continue
    c = f["channel"]
    last[c] = f["offset"]
    received[c] = received.get(c, 0) + 1
    skipped[c] = skipped.get(c, 0) + f.get("skipped", 0)
after = heap_used_kib()
ok = all(received[c] + skipped[c] == per_channel for c in channels)
print(json.dumps({"scenario": "conflation-memory", "namespace": ns, "updates": UPDATES, "channels": CHANNELS,
                  "payloadBytes": len(PAD), "heapUsedKiBBefore": before, "heapUsedKiBPaused": paused,
                  "heapUsedKiBAfterReading": after, "pausedExtraKiB": paused - before,
                  "received": sum(received.values()), "skipped": sum(skipped.values()), "countsAddUp": ok}))
