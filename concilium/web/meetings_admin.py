"""The Secretariat's meeting pages: plan and edit a meeting, build its agenda, record the
delegations and side events, circulate its documents.

Each write is one service call; a refusal is shown beside the field it names (the form
re-rendered with what was typed, the service's status code), nothing written. Pages that
only the Secretariat uses ask `rules.permissions` before showing a form: others get the
refusal page (403), and a meeting that does not exist is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from concilium.core.errors import DomainError, Forbidden
from concilium.meetings import services
from concilium.meetings.services.circulation import ONLY_CIRCULATORS
from concilium.meetings.services.common import ONLY_PLANNERS
from concilium.organization import selectors as org
from concilium.rules.permissions import may_draft, may_plan_meetings
from concilium.web import meetings_data as data
from concilium.web.views import page, typed_language, ui_lang


def _planner(request) -> None:
    if not may_plan_meetings(request.actor):
        raise Forbidden(ONLY_PLANNERS)


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _city(post) -> dict:
    """The city in each charter language typed (`meetings_data.city_fields`)."""
    return {code: post.get(name, "").strip() for code, name, _label in data.city_fields()
            if post.get(name, "").strip()}


def _form(request, slug, error=None, status=200):
    typed = request.POST if request.method == "POST" else None
    form = data.meeting_form(slug=slug, lang=ui_lang(), typed=typed)
    return render(request, "web/meetings/form.html", {
        "section": "meetings", "f": form, "v": form.values, "error": error,
        "fields": FORM_FIELDS}, status=status)


FORM_FIELDS = ("body", "start", "end", "format", "city", "host_state", "chair_state",
               "chair_override_reason")


@require_http_methods(["GET", "POST"])
@page
def meeting_new(request):
    """Plan a meeting: body, dates, format, city, host; the chair from the charter's rule
    unless another state is named with a reason."""
    _planner(request)
    if request.method == "GET":
        return _form(request, None)
    p = request.POST
    try:
        row = services.meeting_create(
            body=p.get("body", ""), start=p.get("start", ""), end=p.get("end") or None,
            format=p.get("format", ""), city=_city(p) or None,
            host_state=p.get("host_state") or None, chair_state=p.get("chair_state") or None,
            chair_override_reason=p.get("chair_override_reason", ""),
            extraordinary=p.get("extraordinary") == "on", acting_user=request.actor)
    except DomainError as error:
        return _form(request, None, error, error.status)
    messages.success(request, _("The meeting is planned."))
    return redirect("web:meeting", row.slug)


@require_http_methods(["GET", "POST"])
@page
def meeting_edit(request, slug):
    _planner(request)
    if request.method == "GET":
        return _form(request, slug)
    p = request.POST
    try:
        services.meeting_update(
            meeting=slug, start=p.get("start", ""), end=p.get("end", ""),
            format=p.get("format", ""), city=_city(p), host_state=p.get("host_state", ""),
            chair_state=p.get("chair_state", ""),
            chair_override_reason=p.get("chair_override_reason", ""),
            extraordinary=p.get("extraordinary") == "on",
            expected_version=p.get("expected_version") or None, acting_user=request.actor)
    except DomainError as error:
        return _form(request, slug, error, error.status)
    messages.success(request, _("The meeting is updated."))
    return redirect("web:meeting", slug)


@require_POST
@page
def meeting_cancel(request, slug):
    """Cancel a meeting without decisions; calendars then show it cancelled."""
    _planner(request)
    try:
        services.meeting_cancel(meeting=slug, reason=request.POST.get("reason", ""),
                                expected_version=request.POST.get("expected_version") or None,
                                acting_user=request.actor)
    except DomainError as error:
        return _form(request, slug, error, error.status)
    messages.success(request, _("The meeting is cancelled."))
    return redirect("web:meeting", slug)


@require_GET
@page
def chair_rule(request):
    """Who chairs by the rule for the body and day typed so far (htmx, beside the form)."""
    rule = data.rule_chair(request.GET.get("body"), request.GET.get("start"),
                           request.GET.get("host_state"))
    return render(request, "web/meetings/_chair_rule.html", {"rule": rule})


# --- the agenda ---------------------------------------------------------------------------


def _agenda(request, slug, error=None, status=200):
    template = "web/meetings/_agenda.html" if _htmx(request) else "web/meetings/agenda.html"
    return render(request, template, {
        "section": "meetings", "a": data.agenda_builder(slug, actor=request.actor),
        "error": error, "typed": request.POST if error else {}}, status=status)


@require_GET
@page
def agenda(request, slug):
    _planner(request)
    return _agenda(request, slug)


AGENDA_ACTIONS = {
    "add": lambda slug, p, actor: services.agenda_item_add(
        meeting=slug, titles=({typed_language(): p.get("title", "")}
                              if p.get("title", "").strip()
                              else None if p.get("document") else {}),
        decision_sought=p.get("decision_sought", ""),
        documents=[p["document"]] if p.get("document") else [],
        reporter=p.get("reporter") or None, expected_version=p.get("expected_version"),
        acting_user=actor),
    "move": lambda slug, p, actor: services.agenda_item_move(
        meeting=slug, number=p.get("number"), to=p.get("to"),
        expected_version=p.get("expected_version"), acting_user=actor),
    "remove": lambda slug, p, actor: services.agenda_item_remove(
        meeting=slug, number=p.get("number"), expected_version=p.get("expected_version"),
        acting_user=actor),
}


def _act(request, slug, action, actions, *, again, done, check=None):
    """One of a page's writes, `actions[action]` (an unknown action is 404): a refusal is the
    page again (`again`) with the message at its field and the service's status; otherwise
    `done()`. Who may write is `check(request)`: the Secretariat's planners unless a page
    says otherwise."""
    (check or _planner)(request)
    call = actions.get(action)
    if call is None:
        return HttpResponse(status=404)
    try:
        call(slug, request.POST, request.actor)
    except DomainError as error:
        return again(request, slug, error, error.status)
    return done()


@require_POST
@page
def agenda_act(request, slug, action):
    """Add, move or remove an item; htmx swaps the agenda in place, a plain form redirects."""
    return _act(request, slug, action, AGENDA_ACTIONS, again=_agenda,
                done=lambda: _agenda(request, slug) if _htmx(request)
                else redirect("web:meeting_agenda", slug))


# --- delegations and side events ----------------------------------------------------------


def _attendance(request, slug, error=None, status=200):
    return render(request, "web/meetings/attendance.html", {
        "section": "meetings", "a": data.attendance(slug, actor=request.actor, lang=ui_lang()),
        "error": error, "typed": request.POST if error else {},
        "form": request.POST.get("form", "") if error else ""}, status=status)


@require_GET
@page
def attendance(request, slug):
    _planner(request)
    return _attendance(request, slug)


def _members(post) -> list[str]:
    return post.get("members", "").splitlines()


def _titles(post) -> dict[str, str] | str:
    """A title per charter language from the fields `title_<code>`; "" when none is given
    (the service then names the field)."""
    return {code: post.get(f"title_{code}", "").strip() for code in org.charter().languages
            if post.get(f"title_{code}", "").strip()} or ""


ATTENDANCE_ACTIONS = {
    "delegation-add": lambda slug, p, actor: services.delegation_add(
        meeting=slug, state=p.get("state") or None, organization=p.get("organization") or None,
        head=p.get("head") or None, members=_members(p),
        attendance=p.get("attendance") or "expected",
        expected_version=p.get("expected_version"), acting_user=actor),
    "delegation-edit": lambda slug, p, actor: services.delegation_update(
        meeting=slug, delegation=p.get("delegation"), head=p.get("head", ""),
        members=_members(p), attendance=p.get("attendance", ""),
        expected_version=p.get("expected_version"), acting_user=actor),
    "delegation-remove": lambda slug, p, actor: services.delegation_remove(
        meeting=slug, delegation=p.get("delegation"),
        expected_version=p.get("expected_version"), acting_user=actor),
    "side-event-add": lambda slug, p, actor: services.side_event_add(
        meeting=slug, date=p.get("date", ""), format=p.get("format", ""),
        titles=_titles(p),
        host=p.get("host") or None, expected_version=p.get("expected_version"),
        acting_user=actor),
    "side-event-remove": lambda slug, p, actor: services.side_event_remove(
        meeting=slug, side_event=p.get("side_event"),
        expected_version=p.get("expected_version"), acting_user=actor),
}


@require_POST
@page
def attendance_act(request, slug, action):
    """Add, change or remove a delegation or a side event; back to its part of the page."""
    def done():
        messages.success(request, _("Saved."))
        return redirect(reverse("web:meeting_attendance", args=[slug])
                        + ("#side-events" if action.startswith("side") else "#delegations"))

    return _act(request, slug, action, ATTENDANCE_ACTIONS, again=_attendance, done=done)


# --- circulation --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def circulate(request, slug):
    """Choose documents and a day; the deadline and any lateness are shown; then confirm.

    A first POST (no `confirm`) only checks; the officer confirms a late circulation by
    ticking `accept_late`, which the service requires."""
    if not may_draft(request.actor):
        raise Forbidden(ONLY_CIRCULATORS)
    p = request.POST
    day = p.get("date") or request.GET.get("date") or None
    error = None
    status = 200
    chosen = p.getlist("documents") if request.method == "POST" else []
    try:
        check = data.circulation(slug, actor=request.actor, day=day)
    except DomainError as exc:
        error, status = exc, exc.status
        check = data.circulation(slug, actor=request.actor)
    if request.method == "POST" and error is None and p.get("confirm"):
        try:
            services.meeting_circulate(meeting=slug, documents=chosen, date=day,
                                       accept_late=p.get("accept_late") == "on",
                                       acting_user=request.actor)
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("The documents are circulated."))
            return redirect("web:meeting", slug)
    return render(request, "web/meetings/circulate.html", {
        "section": "meetings", "c": check, "chosen": chosen, "error": error,
        "checked": request.method == "POST" and error is None,
        "typed_date": day or check.day.isoformat()}, status=status)
