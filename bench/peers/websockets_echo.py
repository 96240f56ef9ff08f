"""Echo server exactly as the `websockets` tutorials show it (Debian python3-websockets, run with /usr/bin/python3).

Usage: /usr/bin/python3 websockets_echo.py [port]
"""
import asyncio
import sys

import websockets


async def echo(websocket, path=None):
    # `path` keeps this working on websockets < 10.1, which still passes it.
    async for message in websocket:
        await websocket.send(message)


async def main(port):
    async with websockets.serve(echo, "127.0.0.1", port):
        print(f"websockets {websockets.__version__} echo listening on {port}", flush=True)
        await asyncio.Future()  # run until killed


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 8765))
