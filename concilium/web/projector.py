"""The screen in the room: the paragraph the chair has opened, full-screen in large type, in
the language the URL names, with its brackets, options and pending proposals; no controls.

The page follows the chair live: `static/web/projector.js` listens to the document's
stream and, on any change or after a reconnect, fetches the frame again, so a screen that
lost the network shows the current state as soon as it is back. Who may see it is who may
read the document (`documents.selectors.document_get`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import render
from django.views.decorators.http import require_GET

from concilium.documents import models as dm
from concilium.documents import selectors as docs
from concilium.organization import selectors as org
from concilium.rules.permissions import Actor
from concilium.web import selectors as pages
from concilium.web.views import page, ui_lang


@dataclass
class Screen:
    document: dm.Document
    lang: str
    paragraphs: list  # the opened one only, or every paragraph when none is opened
    opened: int | None
    proposals: list[dm.Proposal]
    names: dict[str, str]


def screen(symbol: str, *, actor: Actor, lang: str | None, default: str) -> Screen:
    document = docs.document_get(symbol, actor=actor)
    languages = org.charter().languages
    lang = lang if lang in languages else (default if default in languages
                                           else document.original_language)
    focus = docs.chair_focus(document)
    opened = focus.paragraph.number if focus and focus.paragraph else None
    paragraphs = pages.paragraph_texts(document, languages, [lang])
    if opened is not None:
        paragraphs = [p for p in paragraphs if p.number == opened]
    pending = docs.proposals_list(document, status=dm.ProposalStatus.PENDING)
    if opened is not None:
        pending = [p for p in pending if (p.paragraph and p.paragraph.number == opened)
                   or (p.after and p.after.number == opened)]
    return Screen(document=document, lang=lang, paragraphs=paragraphs, opened=opened,
                  proposals=pending, names=org.state_names(lang))


def _context(request, symbol):
    s = screen(symbol, actor=request.actor, lang=request.GET.get("lang"), default=ui_lang())
    return {"s": s, "live_since": pages.live_since()}


@require_GET
@page
def projector(request, symbol):
    return render(request, "web/chair/projector.html", _context(request, symbol))


@require_GET
@page
def projector_frame(request, symbol):
    return render(request, "web/chair/_projector_frame.html", _context(request, symbol))
