"""Who is calling the API: a bearer token, the browser session, or the public.

Every request resolves to an Actor; endpoints never fail authentication for reading what the
public may read, but a bearer token that is sent and wrong is a 401 (counted towards the
sign-in lockout), never silently the public. Session-authenticated writes must carry the
CSRF token, as forms do.
"""

from __future__ import annotations

from django.middleware.csrf import CsrfViewMiddleware
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from concilium.accounts.lockout import (
    TOKEN_CREDENTIALS_NAME,
    client_address,
    lockout_applies,
    lockout_message,
    token_allowed,
    token_failed,
)
from concilium.accounts.selectors import token_actor
from concilium.accounts.services import actor_for
from concilium.core.errors import Forbidden, TooManyAttempts, Unauthorized
from concilium.rules.permissions import Actor

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
CSRF_FAILED = "CSRF check failed: reload the page and try again."
BAD_TOKEN = _("Authorization: the bearer token is not valid (unknown, revoked, or its user is "
              "inactive). Send a valid token from `concilium token create`, or none to read as "
              "the public.")


def _csrf_reason(request) -> str | None:
    middleware = CsrfViewMiddleware(lambda r: None)
    middleware.process_request(request)
    return middleware.process_view(request, None, (), {}) and CSRF_FAILED


class ActorAuth(HttpBearer):
    """Bearer token for scripts; otherwise the session; otherwise the public."""

    def __call__(self, request) -> Actor:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            actor, attempts = token_actor(
                header.split(" ", 1)[1].strip(), lockout_name=TOKEN_CREDENTIALS_NAME,
                address=client_address(request))
            # The lockout's own check only where it can refuse: an unknown token, or an
            # address with failed attempts on record (or a blocklist to apply).
            if (attempts or actor is None or lockout_applies(request)) and not token_allowed(
                    request):
                raise TooManyAttempts(lockout_message(TOKEN_CREDENTIALS_NAME),
                                      field="Authorization")
            if actor is None:
                token_failed(request)
                raise Unauthorized(BAD_TOKEN, field="Authorization")
        else:
            actor = actor_for(getattr(request, "user", None))
            unsafe = actor.is_authenticated and request.method not in SAFE_METHODS
            if unsafe and _csrf_reason(request):
                raise Forbidden(CSRF_FAILED)
        request.actor = actor
        return actor

    def authenticate(self, request, token):  # pragma: no cover - __call__ does the work
        return None


def actor_of(request) -> Actor:
    return getattr(request, "actor", None) or actor_for(getattr(request, "user", None))
