"""GET /live/stream as a lean ASGI handler: the same view, without a thread per stream.

Django's ASGI handler runs every request's middleware in a thread of its own that lives as
long as the request, and hops between that thread and the event loop for each middleware;
for a stream that stays open for hours this means one OS thread per open page and about
2 ms of CPU per new stream (PERFORMANCE.md, "Live updates"). This handler serves only
`GET /live/stream` and sends everything else to Django's application unchanged.

It calls the very same view (`concilium.live.views.stream`): the session, the user, the
topic checks and the replay still run in one hop to the view's small pool of database
threads, and the broadcaster is shared. What it leaves out is the per-request thread: the
hooks of the middleware in `settings.MIDDLEWARE` (security checks and headers, the allowed
host, the language, the session store, CSRF, clickjacking headers) run in the event loop,
where they do no I/O. Whenever a hook answers by itself (a redirect to HTTPS, a disallowed
host), raises, or the view fails unexpectedly, the whole request is handed to Django's
application instead, so such answers are Django's own. Refusals of topics (404, 422) are the
view's own JSON responses, as before. The stream's frames go out one `send` each, with the
headers and cookies Django would send: Django's own sending passes every frame through two
more generators, for every stream, on every event.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from django.conf import settings
from django.core.handlers.asgi import get_script_prefix
from django.urls import NoReverseMatch, reverse
from django.utils.log import log_response

from concilium.core.hooks import HandOff, middleware_hooks
from concilium.live import views

log = logging.getLogger(__name__)


class LiveStreams:
    """ASGI application: `GET /live/stream` here, every other request to `django_app`."""

    def __init__(self, django_app):
        self.django_app = django_app
        try:
            self.path = reverse("live:stream")
        except NoReverseMatch:
            self.path = None
        self.hooks = middleware_hooks("every stream") if self.path else None

    async def __call__(self, scope, receive, send):
        if (self.hooks is None or scope["type"] != "http" or scope["method"] != "GET"
                or scope["path"].removeprefix(get_script_prefix(scope).rstrip("/"))
                != self.path):
            return await self.django_app(scope, receive, send)
        try:
            request, response = await self._respond(scope)
        except HandOff:
            return await self.django_app(scope, receive, send)
        await self._send(request, response, receive, send)

    async def _respond(self, scope):
        """The view's response with every middleware's headers, as Django would send it."""
        try:
            request = self.hooks.request(scope, views.stream, {})
            response = await views.stream(request)
        except HandOff:
            raise
        except Exception:
            log.debug("live: stream handed to Django", exc_info=True)
            raise HandOff from None
        if response.status_code >= 400:
            log_response("%s: %s", response.reason_phrase, request.path, response=response,
                         request=request)  # as Django's handler does
        session = getattr(request, "session", None)
        if session is not None and (session.modified or settings.SESSION_SAVE_EVERY_REQUEST):
            # Saving the session writes to the database: not in the event loop.
            response = await asyncio.get_running_loop().run_in_executor(
                None, self.hooks.finish, request, response)
        else:
            response = self.hooks.finish(request, response)
        return request, response

    async def _send(self, request, response, receive, send):
        """Send the response while listening for the client to go away; a disconnect
        cancels the sending, and the stream's generator then unsubscribes (as in Django's
        handler, without its thread). `response.close()` is not called: it only fires
        `request_finished`, whose receivers tidy the database connections of a request
        thread that this handler never had."""
        frames = getattr(response, "frames", None)
        sender = asyncio.create_task(self.django_app.send_response(response, send)
                                     if frames is None else _send_frames(response, frames, send))
        watcher = asyncio.create_task(_until_disconnect(receive))
        try:
            await asyncio.wait((sender, watcher), return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in (watcher, sender):
                if not task.done():
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
        if not sender.cancelled() and sender.exception() is not None:
            raise sender.exception()


async def _send_frames(response, frames, send) -> None:
    """Django's `send_response` for an event stream, each frame one message: the headers
    and cookies as Django sends them, then the frames as they come (closed, and so the
    stream unsubscribed, however the sending ends)."""
    headers = [(header.encode("ascii"), value.encode("latin1"))
               for header, value in response.items()]
    headers += [(b"Set-Cookie", c.output(header="").encode("ascii").strip())
                for c in response.cookies.values()]
    await send({"type": "http.response.start", "status": response.status_code,
                "headers": headers})
    async with contextlib.aclosing(frames):
        async for frame in frames:
            await send({"type": "http.response.body", "body": frame, "more_body": True})
    await send({"type": "http.response.body"})


async def _until_disconnect(receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
