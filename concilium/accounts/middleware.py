"""`request.actor`: the Actor the signed-in user stands for, on every request.

Resolved on first use, as Django resolves `request.user`: a request that never asks (a
static file, a live stream) costs no query, and the hook does no I/O in the event loop.
The API's `ActorAuth` replaces it with the bearer token's actor where one is sent.
"""

from __future__ import annotations

from django.utils.deprecation import MiddlewareMixin
from django.utils.functional import SimpleLazyObject

from concilium.accounts.services import actor_for


class ActorMiddleware(MiddlewareMixin):
    """Set `request.actor`; it needs `AuthenticationMiddleware` before it."""

    def process_request(self, request) -> None:
        request.actor = SimpleLazyObject(lambda: actor_for(getattr(request, "user", None)))
