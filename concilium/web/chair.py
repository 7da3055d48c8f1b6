"""The chair's writes from the room: a compromise text tabled as the presidency, and the
paragraph the chair opens (the one the screen in the room shows).

Each view parses the form and calls one service; refusals (not the chair, a stale version,
bad input) come back as the message beside the form (htmx) or as their status (a plain
POST). The answers share `answer`, which the meeting desk (`web/desk.py`) uses too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concilium.accounts.auth import actor_of
from concilium.core.dates import parse_date
from concilium.core.errors import DomainError, ValidationFailed
from concilium.documents import services
from concilium.rules.permissions import Actor

def number(data, name: str) -> int | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValidationFailed(_("{field}: give a number."), field=name)
    return int(raw)


def answer(request, call: Callable[[Actor, dict], object], done: str, back: str,
           trigger: str = "room-changed"):
    """Run one service call: htmx gets 204 and an event (or the error beside the form), a
    plain form a redirect with a message (or the error as text with its status)."""
    request.actor = actor_of(request)
    htmx = request.headers.get("HX-Request") == "true"
    try:
        call(request.actor, request.POST)
    except DomainError as exc:
        if not htmx:
            return HttpResponse(exc.message, status=exc.status,
                                content_type="text/plain; charset=utf-8")
        response = render(request, "web/room/_form_error.html", {"error": exc})
        response["HX-Retarget"] = request.headers.get("HX-Target-Error", "#room-message")
        response["HX-Reswap"] = "innerHTML"
        return response
    if not htmx:
        messages.success(request, done)
        return redirect(back)
    response = HttpResponse(status=204)
    response["HX-Trigger"] = trigger
    return response


def _back_to_room(request, symbol: str) -> str:
    query = request.POST.get("back", "")
    return f"/room/{symbol}" + (f"?{query}" if query else "")


@require_POST
def chair_text(request, symbol):
    """The chair tables a compromise text for a paragraph, as the presidency."""
    def call(actor, data):
        return services.chair_text_table(
            symbol=symbol, paragraph=number(data, "paragraph"), text=data.get("text", ""),
            lang=data.get("lang") or None, explanation=data.get("explanation", ""),
            expected_version=number(data, "expected_version"),
            on=parse_date(data.get("on"), field="on"), acting_user=actor)
    return answer(request, call, _("The chair's text is on the screen."),
                  _back_to_room(request, symbol))
