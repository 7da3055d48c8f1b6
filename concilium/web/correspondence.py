"""The meeting's correspondence: the notes verbales (convocation, circulation) and the list
of participants, composed from the records, previewed in each of the charter's languages and
downloaded as txt, HTML, PDF or Word; a note issued takes its number in the registry of
correspondence, and the notes issued are listed with their files.

For the secretariat and the chair (`may_publish`, asked by the composer); issuing is the
secretariat's (`note_issue` asks `may_issue_notes`). A preview takes no number. A text the
records cannot give yet (nothing circulated, no delegation recorded) is said on the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concilium.core.errors import DomainError, Forbidden
from concilium.core.text import content_disposition
from concilium.meetings import models as mm
from concilium.meetings import selectors as ms
from concilium.organization import selectors as org
from concilium.outcomes.composer import ComposedText, compose
from concilium.outcomes.composer import render as render_text
from concilium.outcomes.composer.compose import ONLY_PUBLISHERS
from concilium.outcomes.correspondence import note_compose, note_issue, note_list
from concilium.outcomes.models import Note, NoteKind
from concilium.rules.permissions import Actor, may_issue_notes, may_publish
from concilium.web.views import page, ui_lang

#: What the page composes: the two notes verbales and the list of participants.
WHATS = (*NoteKind.values, "participants")
FORMATS = ("txt", "html", "pdf", "docx")


def _labels() -> list[tuple[str, str]]:
    return [("convocation", _("Note verbale: convocation")),
            ("circulation", _("Note verbale: circulation of documents")),
            ("participants", _("List of participants"))]


def composed(slug: str, what: str, *, lang: str, actor: Actor, number: str = "",
             date=None) -> ComposedText:
    """The text asked for: a note (issued by `number`, else a preview dated `date`), or the
    list of participants."""
    if what == "participants":
        return compose("participants", slug, lang=lang, actor=actor)
    return note_compose(slug, note=what, lang=lang, actor=actor, number=number, date=date)


@dataclass
class CorrespondencePage:
    meeting: mm.Meeting
    what: str
    lang: str
    text: ComposedText | None
    error: DomainError | None
    notes: list[Note] = field(default_factory=list)
    languages: tuple[str, ...] = ()
    may_issue: bool = False


def _what(value: str | None) -> str:
    return value if value in WHATS else WHATS[0]


def _page(request, slug, error=None, status=200):
    if not may_publish(request.actor):
        raise Forbidden(ONLY_PUBLISHERS)
    meeting = ms.meeting_get(slug, actor=request.actor)
    languages = tuple(org.charter().languages)
    what = _what(request.GET.get("what") or request.POST.get("note"))
    lang = request.GET.get("lang") or ui_lang()
    lang = lang if lang in languages else languages[0]
    text, compose_error = None, None
    try:
        text = composed(slug, what, lang=lang, actor=request.actor,
                        date=timezone.localdate())
    except Forbidden:
        raise
    except DomainError as exc:
        compose_error = exc
    data = CorrespondencePage(
        meeting=meeting, what=what, lang=lang, text=text, error=compose_error,
        notes=note_list(actor=request.actor, meeting=meeting), languages=languages,
        may_issue=may_issue_notes(request.actor))
    return render(request, "web/meetings/correspondence.html", {
        "section": "meetings", "c": data, "whats": _labels(), "formats": FORMATS,
        "error": error, "today": timezone.localdate()}, status=status)


@require_GET
@page
def correspondence(request, slug):
    return _page(request, slug)


@require_GET
@page
def download(request, slug):
    """The file of a note (issued, by `number`; else a preview) or of the list."""
    what = _what(request.GET.get("what"))
    text = composed(slug, what, lang=request.GET.get("lang", ""), actor=request.actor,
                    number=request.GET.get("number", ""), date=timezone.localdate())
    content, content_type, filename = render_text(text, request.GET.get("format", "txt"))
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        filename, inline=content_type.startswith("text/"))
    return response


@require_POST
@page
def issue(request, slug):
    """Issue the note verbale: it takes the next number of the registry."""
    try:
        note = note_issue(meeting=slug, note=request.POST.get("note", ""),
                          date=request.POST.get("date") or timezone.localdate(),
                          acting_user=request.actor)
    except Forbidden:
        raise
    except DomainError as error:
        return _page(request, slug, error, error.status)
    messages.success(request, _("Issued as note {number}.").format(number=note.number))
    return redirect(reverse("web:meeting_correspondence", args=[slug])
                    + f"?what={note.kind}")
