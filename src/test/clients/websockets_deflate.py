"""Python websockets (Debian python3-websockets, default options: compression="deflate") against the server:
permessage-deflate is negotiated with no context takeover both ways, and a long publication arrives whole.

Usage: /usr/bin/python3 websockets_deflate.py <base http url>
"""
import asyncio
import json
import sys
import time

import websockets

NAME = "websockets-deflate"


async def main(base):
    url = base.replace("http", "ws", 1).rstrip("/") + "/ws"
    async with websockets.connect(url) as ws:  # no options: what every websockets user gets
        deflate = [e for e in ws.extensions if e.name == "permessage-deflate"]
        assert deflate, f"no permessage-deflate negotiated: {ws.extensions}"
        ext = deflate[0]
        print(f"websockets {websockets.__version__} negotiated {ext}", flush=True)
        assert ext.remote_no_context_takeover, "server_no_context_takeover missing"
        assert ext.local_no_context_takeover, "client_no_context_takeover missing"
        channel = f"chat:py-{time.time_ns()}"
        text = "the quick brown fox jumps over the lazy dog " * 100
        assert json.loads(await ws.recv())["type"] == "welcome"
        await ws.send(json.dumps({"type": "subscribe", "id": 1, "channel": channel}))
        assert json.loads(await ws.recv())["type"] == "subscribed"
        await ws.send(json.dumps({"type": "publish", "id": 2, "channel": channel, "data": {"text": text}}))
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if frame["type"] == "publication":
                assert frame["data"]["text"] == text, "publication arrived changed"
                break
    print(f"PASS {NAME}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
