"""aiohttp WebSocket echo server as its documentation shows it (Debian python3-aiohttp).

Usage: /usr/bin/python3 aiohttp_echo.py [port]
"""
import sys

import aiohttp
from aiohttp import web


async def echo(request):
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for msg in ws:
        if msg.type == aiohttp.WSMsgType.TEXT:
            await ws.send_str(msg.data)
        elif msg.type == aiohttp.WSMsgType.BINARY:
            await ws.send_bytes(msg.data)
    return ws


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8766
    app = web.Application()
    app.router.add_get("/", echo)
    app.router.add_get("/ws/echo", echo)
    print(f"aiohttp {aiohttp.__version__} echo listening on {port}", flush=True)
    web.run_app(app, host="127.0.0.1", port=port, print=None)
