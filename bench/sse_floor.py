"""The floor of bench/live.py: a bare ASGI server-sent-events server, no framework.

`GET /live/stream` answers 200, says ": connected" and then sends every published event;
`POST /publish` publishes the next numbered event to every open stream and answers 204.
One shared future per event, as concilium's broadcaster does: what it costs is the least an
ASGI server under uvicorn can do to fan an event out, measured in the same run.

Run: ``uvicorn bench.sse_floor:app`` (bench/live.py starts it by itself).
"""

from __future__ import annotations

import asyncio

_state: dict = {}


def _tail() -> asyncio.Future:
    if "tail" not in _state:
        _state["tail"] = asyncio.get_running_loop().create_future()
        _state["seq"] = 0
    return _state["tail"]


async def _stream(send) -> None:
    waiting = _tail()
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/event-stream"),
                            (b"cache-control", b"no-cache")]})
    await send({"type": "http.response.body", "body": b"retry: 2000\n: connected\n\n",
                "more_body": True})
    while True:
        payload, waiting = await asyncio.shield(waiting)
        await send({"type": "http.response.body", "body": payload, "more_body": True})


async def _publish(send) -> None:
    current = _tail()
    _state["seq"] += 1
    seq = _state["seq"]
    _state["tail"] = asyncio.get_running_loop().create_future()
    current.set_result((f"id: {seq}\nevent: position.record\ndata: "
                        f'{{"id":{seq},"topic":"floor"}}\n\n'.encode(), _state["tail"]))
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while (message := await receive())["type"] != "lifespan.shutdown":
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    if scope["path"] == "/publish" and scope["method"] == "POST":
        return await _publish(send)
    if scope["path"] == "/live/stream":
        stream = asyncio.ensure_future(_stream(send))
        while (await receive())["type"] != "http.disconnect":
            pass
        stream.cancel()
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"floor"})
