"""ASGI entry point: pages, API and the live event streams in one application."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concilium.settings")
application = get_asgi_application()
