import asyncio
import json

import websockets

from .auth import user_from_cookie
from .bus import subscribe


async def handler(websocket):
    user = user_from_cookie(websocket.request.headers.get("Cookie", ""))
    async for event in subscribe(user):
        await websocket.send(json.dumps(event))


async def main():
    async with websockets.serve(handler, "0.0.0.0", 8765):
        await asyncio.Future()


asyncio.run(main())
