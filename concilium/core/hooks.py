"""The hooks of `settings.MIDDLEWARE`, for the lean ASGI handlers that answer a few hot
requests in the event loop instead of through Django's handler (`live.asgi`: the event
streams; `documents.asgi`: a document's summary).

Such a handler runs every middleware's `process_request`, `process_view` and
`process_response` on a real `ASGIRequest` and `HttpResponse`, so its answers carry the same
headers as Django's (security, language, clickjacking, length, `Vary`). A hook that answers
by itself (a redirect to HTTPS, a disallowed host) or raises makes the handler give the
whole request to Django instead.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.handlers.asgi import ASGIRequest
from django.utils.deprecation import MiddlewareMixin
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

PASS_THROUGH = {"whitenoise.middleware.WhiteNoiseMiddleware", "axes.middleware.AxesMiddleware"}
"""Middleware that only serves its own URLs (static files) or acts only on sign-in attempts
(the lockout), and has nothing to do for the requests the lean handlers answer."""


def _unused_get_response(request):  # pragma: no cover - the hooks are called one by one
    raise AssertionError("a lean handler calls middleware hooks only")


class HandOff(Exception):
    """This request is answered by Django's application."""


@dataclass(frozen=True)
class Hooks:
    """The middleware's hooks in settings order: `process_request`, `process_view`, and
    `process_response` (last middleware first)."""

    before: list
    around: list
    after: list

    def request(self, scope, view, kwargs: dict) -> ASGIRequest:
        """The request of `scope` through every `process_request` and `process_view` for
        `view`; HandOff when one of them answers by itself."""
        request = ASGIRequest(scope, io.BytesIO())
        for hook in self.before:
            if hook(request) is not None:
                raise HandOff
        for hook in self.around:
            if hook(request, view, (), kwargs) is not None:
                raise HandOff
        return request

    def finish(self, request, response):
        """`response` through every `process_response`."""
        for hook in self.after:
            response = hook(request, response)
        return response


def middleware_hooks(what: str) -> Hooks | None:
    """The hooks of `settings.MIDDLEWARE`, or None when some middleware is not made of hooks
    (then `what` always goes through Django)."""
    requests, views_, responses = [], [], []
    for dotted in settings.MIDDLEWARE:
        if dotted in PASS_THROUGH:
            continue
        middleware = import_string(dotted)(_unused_get_response)
        if not isinstance(middleware, MiddlewareMixin):
            log.warning("%s is not hook-based; %s goes through Django", dotted, what)
            return None
        if hasattr(middleware, "process_request"):
            requests.append(middleware.process_request)
        if hasattr(middleware, "process_view"):
            views_.append(middleware.process_view)
        if hasattr(middleware, "process_response"):
            responses.insert(0, middleware.process_response)
    return Hooks(requests, views_, responses)
