"""The answer to a locked-out sign-in, in the user's language: JSON on the API, a page
elsewhere (django-axes calls `lockout_response`, settings.AXES_LOCKOUT_CALLABLE).

Bad API tokens count as failed sign-ins too (`token_failed`), under one name per address,
so a script guessing tokens is locked out like a person guessing passwords.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_cool_off
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

LOCKED_OUT = _("Too many failed sign-in attempts: signing in as '{username}' from your address "
               "is locked for {minutes} minutes. Wait, or ask the secretariat to unlock it.")
TOKEN_CREDENTIALS_NAME = "api-token"
STATUS = 429


def lockout_message(username: str) -> str:
    cool_off = get_cool_off()
    minutes = round(cool_off.total_seconds() / 60) if cool_off else 0
    return str(LOCKED_OUT).format(username=username or "-", minutes=minutes)


def lockout_response(request, original_response=None, credentials=None):
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    message = lockout_message(username)
    if request.path.startswith("/api/"):
        return JsonResponse({"error": "locked_out", "message": message, "field": "username"},
                            status=STATUS)
    return HttpResponse(render_to_string("core/refused.html", {"message": message}),
                        status=STATUS)


def client_address(request) -> str | None:
    """The address the lockout counts a request under."""
    return get_client_ip_address(request)


def lockout_applies(request) -> bool:
    """Whether the lockout could refuse this request with no failed attempts on record
    (an address on its blocklist); else only recorded failures can lock it out."""
    return settings.AXES_ENABLED and bool(settings.AXES_IP_BLACKLIST
                                          or settings.AXES_ONLY_WHITELIST)


def token_allowed(request) -> bool:
    """False when this address has guessed too many bad tokens."""
    if not settings.AXES_ENABLED:
        return True
    return AxesProxyHandler.is_allowed(request, {"username": TOKEN_CREDENTIALS_NAME})


def token_failed(request) -> None:
    """Count a bad bearer token as a failed sign-in of this address."""
    if not settings.AXES_ENABLED:
        return
    user_login_failed.send(sender=__name__, credentials={"username": TOKEN_CREDENTIALS_NAME},
                           request=request)
