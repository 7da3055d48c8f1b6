"""ASGI entry point: pages, API and the live event streams in one application.

`GET /live/stream` is served by a lean handler (`concilium.live.asgi`) that calls the same
view without Django's per-request thread; every other request goes to Django's handler.
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concilium.settings")
django_application = get_asgi_application()

from concilium.live.asgi import LiveStreams  # noqa: E402  (needs the apps loaded)

application = LiveStreams(django_application)
