"""GET /live/stream?topics=document:SYMBOL,meeting:SLUG — server-sent events for open pages.

Each event names what changed (`event:` the audit action), carries the audit seq as its `id`
and a JSON body; a reconnecting browser sends `Last-Event-ID` and first receives the audit
records it missed on its topics. The stream itself does no per-event work beyond a topic
check: the broadcaster encoded the frame once for every stream of the process.
"""

from __future__ import annotations

import asyncio
import random

from asgiref.sync import sync_to_async
from django.http import JsonResponse, StreamingHttpResponse
from django.views.decorators.http import require_GET

from concilium.accounts.services import actor_for
from concilium.core.errors import DomainError
from concilium.live.broadcaster import encode, get_broadcaster
from concilium.live.selectors import events_after, topics_for

RETRY_MS = (2_000, 5_000)
"""Reconnect delay range: spread so that a restart is not followed by every client at once."""


def _last_id(request) -> int:
    raw = request.headers.get("Last-Event-ID") or request.GET.get("since") or "0"
    try:
        return max(int(raw), 0)
    except ValueError:
        return 0


def _authorize(user, raw_topics: str) -> list[str]:
    return topics_for(actor_for(user), raw_topics)


@require_GET
async def stream(request):
    user = await request.auser()
    try:
        topics = await sync_to_async(_authorize)(user, request.GET.get("topics", ""))
    except DomainError as exc:
        return JsonResponse(exc.as_dict(), status=exc.status)
    since = _last_id(request)
    broadcaster = get_broadcaster()
    broadcaster.ensure_listener()
    waiting = broadcaster.tail  # taken before the replay query: nothing falls in between
    replay = await sync_to_async(events_after)(since, topics=topics) if since else []
    response = StreamingHttpResponse(
        _frames(broadcaster, waiting, replay, frozenset(topics)),
        content_type="text/event-stream; charset=utf-8")
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"
    return response


async def _frames(broadcaster, waiting, replay, topics):
    broadcaster.clients += 1
    try:
        retry = random.randint(*RETRY_MS)
        yield f"retry: {retry}\n: connected\n\n".encode()
        replayed = set()
        for event in replay:
            replayed.add(event.id)
            yield encode(event)
        while True:
            node = await asyncio.shield(waiting)
            waiting = node.next
            if node.topic is None or (node.topic in topics and node.seq not in replayed):
                yield node.payload
    finally:
        broadcaster.clients -= 1
