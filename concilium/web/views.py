"""Pages: parse the request, call selectors or one service, render.

Errors from services become the message beside the form (htmx) or the matching status code
(a plain POST), never a decision taken here. Documents a user may not read are 404, exactly
as if they did not exist.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concilium.accounts.auth import actor_of
from concilium.core.conditional import etag_matches, not_modified, tagged
from concilium.core.errors import DomainError, NotFound
from concilium.core.text import content_disposition
from concilium.organization import selectors as org
from concilium.outcomes.exporters import readable_document
from concilium.outcomes.exporters.progress import stage_label
from concilium.outcomes.selectors import export_is_large, export_job_get
from concilium.outcomes.services import export_job_start
from concilium.rules.permissions import may_plan_meetings
from concilium.web import room as room_pages
from concilium.web import selectors as pages
from concilium.web.personas import personas


def ui_lang() -> str:
    return (get_language() or "en").split("-")[0]


def typed_language() -> str:
    """The language a one-language field (a free item's or a package's title) is taken to
    be in: the page's, if the charter names it, else the charter's first."""
    languages = org.charter().languages
    return ui_lang() if ui_lang() in languages else languages[0]


def page(view):
    """Turn 'not found or not yours' into 404 and other refusals into their status page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.actor = actor_of(request)
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except DomainError as exc:
            return render(request, "web/error.html", {"error": exc}, status=exc.status)

    return wrapped


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


@require_GET
@page
def dashboard(request):
    day = org.parse_day(request.GET.get("on"))
    data = pages.dashboard(actor=request.actor, day=day)
    return render(request, "web/dashboard.html", {
        "section": "dashboard", "d": data, "personas": personas(),
        "live_topics": "documents,meetings", "live_since": pages.live_since()})


@require_GET
@page
def organization(request):
    day = org.parse_day(request.GET.get("on"))
    data = pages.organization_page(day=day, lang=ui_lang())
    return render(request, "web/organization.html", {"section": "organization", "o": data})


@require_GET
@page
def meetings(request):
    return render(request, "web/meetings.html", {
        "section": "meetings", "meetings": pages.meetings_list(), "live_topics": "meetings",
        "live_since": pages.live_since(), "can_plan": may_plan_meetings(request.actor)})


@require_GET
@page
def meeting(request, slug):
    data = pages.meeting_page(slug, actor=request.actor, lang=ui_lang())
    return render(request, "web/meeting.html", {
        "section": "meetings", "m": data, "live_topics": data.meeting.topic,
        "live_since": pages.live_since()})


@require_GET
@page
def calendar(request, slug=None):
    body = pages.meeting_calendar(slug, lang=ui_lang())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition(f"{slug or 'meetings'}.ics")
    return response


@require_GET
@page
def registry(request):
    return render(request, "web/registry.html",
                  {"section": "registry", "r": pages.registry_page(actor=request.actor)})


@require_GET
@page
def search(request):
    query = request.GET.get("q", "").strip()
    lang = request.GET.get("lang", "")
    results = pages.search(query, lang=lang, actor=request.actor) if query else None
    return render(request, "web/search.html",
                  {"section": "search", "query": query, "lang": lang, "results": results,
                   "search_languages": org.charter().languages})


# --- the negotiation room -------------------------------------------------------------


def _room_context(request, symbol):
    return room_pages.room(symbol, actor=request.actor, lang=request.GET.get("lang"),
                           lang2=request.GET.get("lang2"), on=request.GET.get("on"),
                           ui_lang=ui_lang())


@require_GET
@page
def room(request, symbol):
    r = _room_context(request, symbol)
    # The data version was read before the room's data: the page has seen every event up
    # to it, so the live stream resumes from there.
    # A long text comes first in part (the rest follows by itself), or whole when asked.
    stop = None if request.GET.get("whole") else room_pages.FIRST_PART
    return render(request, "web/room.html", {
        "section": "documents", "r": r, "live_topics": r.document.topic,
        "live_since": r.version[0] if r.version else 0, "stop": stop})


FRAGMENTS = {
    "text": "web/room/_text.html",
    "consensus": "web/room/_consensus.html",
    "matrix": "web/room/_matrix.html",
    "proposals": "web/room/_proposals.html",
    "paragraph": "web/room/_paragraph.html",  # ?key=: one paragraph, rows out of band
    "part": "web/room/_part.html",  # ?start=: a long text's paragraphs from that index
    "standing": "web/room/_standing.html",  # ?state=: after positions on the whole text
    "rows": "web/room/_proposal_rows.html",  # ?proposal=: those proposals' rows
}


@require_GET
@page
def room_fragment(request, fragment, symbol):
    template = FRAGMENTS.get(fragment)
    if template is None:
        raise Http404
    etag = pages.room_fragment_etag(
        symbol, actor=request.actor, fragment=fragment, query=request.GET.urlencode(),
        ui_lang=ui_lang(), csrf=request.META.get("CSRF_COOKIE", ""))
    if etag_matches(request, etag):  # the browser's copy is current: nothing re-rendered
        return not_modified(etag)
    r = _room_context(request, symbol)
    key = request.GET.get("key", "")
    if not key and request.GET.get("number"):  # a position names the paragraph's number
        key = getattr(r.paragraph(request.GET["number"]), "key", "")
    number = next((p.number for p in r.paragraphs if p.key == key), None) if key else None
    start, stop = 0, None  # a live refresh of the text or the matrix gets it whole
    if fragment == "part":
        start = room_pages.part_start(request.GET, len(r.paragraphs))
        stop = start + room_pages.PART
    return tagged(render(request, template, {
        "r": r, "key": key, "number": number, "start": start, "stop": stop,
        "states": request.GET.getlist("state"),
        "proposals": {int(n) for n in request.GET.getlist("proposal") if n.isdigit()}}), etag)


@require_GET
@page
def act_form(request, symbol):
    r = _room_context(request, symbol)
    if request.GET.get("whole"):  # a position on the whole text, which every paragraph takes
        return render(request, "web/room/_act_whole.html", {"r": r})
    number = request.GET.get("paragraph", "")
    return render(request, "web/room/_act.html",
                  {"r": r, "number": number, "paragraph": r.paragraph(number)})


def back_to_room(request, symbol):
    query = request.POST.get("back", "")
    return reverse("web:room", args=[symbol]) + (f"?{query}" if query else "")


def answer(request, call, done: str, back: str, trigger: str = "room-changed"):
    """Run one service call from a form: htmx gets 204 and `trigger` (or the error beside the
    form), a plain form a redirect to `back` with `done` (or the error as text with its
    status). The room's and the chair's writes answer this way."""
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


def _act(request, symbol, call, done_message):
    """Run one service call for the room."""
    return answer(request, call, done_message, back_to_room(request, symbol))


@require_POST
def propose(request, symbol):
    return _act(request, symbol, lambda actor, data: room_pages.propose(symbol, actor, data),
                _("Your proposal is on the table."))


@require_POST
def decide(request, symbol):
    return _act(request, symbol, lambda actor, data: room_pages.decide(symbol, actor, data),
                _("Decision recorded."))


@require_POST
def position(request, symbol):
    return _act(request, symbol, lambda actor, data: room_pages.position(symbol, actor, data),
                _("Position recorded."))


@require_GET
@page
def redline(request, symbol):
    data = room_pages.redline_page(symbol, actor=request.actor, lang=request.GET.get("lang"),
                                   from_rev=request.GET.get("from"), to_rev=request.GET.get("to"),
                                   ui_lang=ui_lang())
    return render(request, "web/redline.html", {"section": "documents", "x": data})


# --- Background exports of large documents (htmx) ------------------------------------------


def _export_url(symbol: str, fmt: str, lang: str) -> str:
    return "/api/exports?" + urlencode({"symbol": symbol, "format": fmt, "lang": lang})


def _export_job_fragment(request, job, *, outer: bool):
    response = render(request, "web/_export_job.html", {
        "job": job, "outer": outer, "stage": stage_label(job.stage),
        # A failure the worker recorded in English is shown in the page's language.
        "error": _(job.error) if job.error else "",
        "file_url": reverse("api:export_job_file", args=[job.id]),
        "direct_url": _export_url(job.symbol, job.format, job.lang),
    })
    if job.is_finished and not outer:
        response.status_code = 286  # htmx: swap this in and stop polling
    return response


@require_POST
@page
def export_start(request):
    """The export button of a large document: start a background job and answer with its
    progress bar; a small document (or a visitor without an account) downloads at once."""
    symbol = request.POST.get("symbol", "")
    fmt = request.POST.get("format", "pdf")
    lang = request.POST.get("lang", "")
    direct = _export_url(symbol, fmt, lang)
    document = readable_document(symbol, actor=request.actor)
    if not request.actor.is_authenticated or not export_is_large(document):
        if request.headers.get("HX-Request") == "true":
            response = HttpResponse(status=204)
            response["HX-Redirect"] = direct
            return response
        return redirect(direct)
    job = export_job_start(symbol=symbol, fmt=fmt, lang=lang or None,
                           acting_user=request.actor)
    return _export_job_fragment(request, job, outer=True)


@require_GET
@page
def export_progress(request, job_id):
    """The progress bar of one export job, polled every second; the download link once done."""
    return _export_job_fragment(request, export_job_get(job_id, actor=request.actor),
                                outer=False)
