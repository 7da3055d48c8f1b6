"""The chair's pages: a compromise text tabled as the presidency (from the room); the
session desk at a meeting (the list of speakers, decisions and packages); the page for one
text (outcomes, the paragraph on the screen, the silence procedure).

Each view parses the form and calls one service; refusals (not the chair, a stale version,
bad input) come back as the message beside the form (htmx) or as their status (a plain
POST). The answers share `answer`, which the meeting desk (`web/desk.py`) uses too.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concilium.core.dates import parse_date
from concilium.core.errors import ValidationFailed
from concilium.documents import services
from concilium.meetings import services as meetings
from concilium.web import desk, textdesk
from concilium.web import selectors as pages
from concilium.web.views import answer, back_to_room, page, typed_language, ui_lang


def number(data, name: str) -> int | None:
    raw = (data.get(name) or "").strip()
    if not raw:
        return None
    if not raw.isdigit():
        raise ValidationFailed(_("{field}: give a number."), field=name)
    return int(raw)


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
                  back_to_room(request, symbol))


# --- the chair's desk at a meeting ---------------------------------------------------------


def _back_to_desk(slug: str) -> str:
    return f"/chair/meeting/{slug}/"


@require_GET
@page
def meeting_desk(request, slug):
    d = desk.desk(slug, actor=request.actor)
    return render(request, "web/chair/desk.html", {
        "section": "meetings", "d": d, "live_topics": d.meeting.topic,
        "live_since": pages.live_since()})


@require_GET
@page
def desk_fragment(request, slug):
    return render(request, "web/chair/_decisions.html", {"d": desk.desk(slug, actor=request.actor)})


@require_POST
def meeting_decide(request, slug):
    """Record one decision on an agenda item: on one document, or on all of them as one."""
    def call(actor, data):
        return meetings.decision_record(
            meeting=slug, item=number(data, "item"), kind=data.get("kind", ""),
            document=data.get("document") or None, on=data.get("on") or None,
            expected_version=number(data, "expected_version"), acting_user=actor)
    return answer(request, call, _("Decision recorded."), _back_to_desk(slug),
                  trigger="desk-changed")


@require_POST
def meeting_package(request, slug):
    """Agree the chosen documents of an item as one package and submit it upward."""
    def call(actor, data):
        return meetings.package_submit(
            meeting=slug, item=number(data, "item"), symbol=data.get("symbol", ""),
            titles={typed_language(): data.get("title", "")},
            documents=data.getlist("documents") or None,
            on=data.get("on") or None, expected_version=number(data, "expected_version"),
            acting_user=actor)
    return answer(request, call, _("The package is agreed and submitted."),
                  _back_to_desk(slug), trigger="desk-changed")


FLOOR_ACTIONS = {
    "request": (meetings.floor_request, True),
    "withdraw": (meetings.floor_withdraw, True),
    "give": (meetings.floor_give, True),
    "close": (meetings.floor_close, False),
}
UNKNOWN_FLOOR_ACTION = "action: choose request, withdraw, give or close."


@require_POST
def meeting_floor(request, slug):
    """The list of speakers: ask for the floor (one's own state), withdraw; give, close."""
    def call(actor, data):
        found = FLOOR_ACTIONS.get(data.get("action", ""))
        if found is None:
            raise ValidationFailed(_(UNKNOWN_FLOOR_ACTION), field="action")
        service, with_state = found
        extra = {"state": data.get("state", "")} if with_state else {}
        return service(meeting=slug, item=number(data, "item"), acting_user=actor, **extra)
    return answer(request, call, _("The list of speakers is updated."), _back_to_desk(slug),
                  trigger="desk-changed")


# --- the chair's page for one text -------------------------------------------------------


def _back_to_text(symbol: str, data) -> str:
    on = data.get("on", "")
    return f"/chair/document/{symbol}" + (f"?on={on}" if on else "")


def _text_context(request, symbol):
    d = textdesk.text_desk(symbol, actor=request.actor, on=request.GET.get("on"),
                           lang=ui_lang())
    return {"section": "meetings", "t": d, "live_topics": d.document.topic,
            "live_since": pages.live_since()}


@require_GET
@page
def text_page(request, symbol):
    return render(request, "web/chair/text.html", _text_context(request, symbol))


@require_GET
@page
def text_panel(request, symbol):
    return render(request, "web/chair/_text_panel.html", _text_context(request, symbol))


@require_POST
def text_outcome(request, symbol):
    """Record a paragraph (or the whole text) as agreed ad referendum, agreed, views noted."""
    def call(actor, data):
        return services.text_outcome_record(
            symbol=symbol, kind=data.get("kind", ""), paragraph=number(data, "paragraph"),
            note=data.get("note", ""), on=parse_date(data.get("on"), field="on"),
            expected_version=number(data, "expected_version"), acting_user=actor)
    return answer(request, call, _("Outcome recorded."), _back_to_text(symbol, request.POST),
                  trigger="text-changed")


@require_POST
def text_focus(request, symbol):
    """Open a paragraph for discussion: the screen in the room follows it."""
    def call(actor, data):
        return services.chair_focus_set(symbol=symbol, paragraph=number(data, "paragraph"),
                                        on=parse_date(data.get("on"), field="on"),
                                        acting_user=actor)
    back = request.POST.get("next") or _back_to_text(symbol, request.POST)
    return answer(request, call, _("The screen shows the paragraph you opened."),
                  back if back.startswith("/") else "/", trigger="text-changed")


def _silence_call(symbol: str):
    def call(actor, data):
        action = data.get("action", "")
        if action == "open":
            return meetings.silence_open(document=symbol, deadline=data.get("deadline", ""),
                                         acting_user=actor)
        if action == "break":
            return meetings.silence_break(document=symbol, state=data.get("state", ""),
                                          reason=data.get("reason", ""),
                                          kind=data.get("kind") or "objection",
                                          acting_user=actor)
        if action == "process":
            return meetings.silence_process(acting_user=actor)
        raise ValidationFailed(_("action: choose open, break or process."), field="action")
    return call


@require_POST
def text_silence(request, symbol):
    """The silence procedure: the chair launches it, a delegate breaks it for its own state,
    the secretariat processes the result once the deadline has passed."""
    return answer(request, _silence_call(symbol), _("The silence procedure is updated."),
                  _back_to_text(symbol, request.POST), trigger="text-changed")


@require_GET
@page
def silence_banner(request, symbol):
    """The countdown the room shows while its document is under silence (empty otherwise)."""
    return render(request, "web/chair/_silence_banner.html",
                  {"b": textdesk.silence_banner(symbol, actor=request.actor)})
