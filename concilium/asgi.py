"""ASGI entry point: pages, API and the live event streams in one application.

`GET /live/stream` is served by a lean handler (`concilium.live.asgi`) that calls the same
view without Django's per-request thread, and `GET /api/documents/{symbol}/summary` by
another (`concilium.documents.asgi`) that gives the endpoint's answer without Django's
request path; every other request, and whatever those two do not answer themselves, goes
to Django's handler, which runs the whole request in one thread.

Why one thread: Django's ASGI handler builds its middleware chain for async, and each of our
sync middleware (every Django one is a MiddlewareMixin) then hops to a thread and back for
its request and again for its response: some twenty hops a request, measured at about half
the server's CPU for a trivial endpoint. With the chain built sync and entered once through
`sync_to_async`, a request costs one hop, plus the one Django makes to close the response.
Every view here is sync, so nothing is lost; the streams never reach this handler.
"""

import os

import django
from asgiref.sync import sync_to_async
from django.core.handlers.asgi import ASGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concilium.settings")
django.setup(set_prefix=False)


class OneThreadASGIHandler(ASGIHandler):
    """Django's ASGI handler with the middleware chain run in one thread per request."""

    def __init__(self):
        super().__init__()
        self.load_middleware(is_async=False)

    async def get_response_async(self, request):
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


django_application = OneThreadASGIHandler()

from concilium.documents.asgi import DocumentPolls  # noqa: E402  (needs the apps loaded)
from concilium.live.asgi import LiveStreams  # noqa: E402

application = LiveStreams(DocumentPolls(django_application))
