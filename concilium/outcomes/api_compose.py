"""GET /api/compose/{kind}/{slug}?lang=&format=: a meeting's press release, communique,
minutes, list of participants or note verbale (`note=convocation|circulation`; `number=` an
issued note, else a preview dated `date`, today by default) composed from its records; POST
saves a press release, communique or minutes as a draft document.

Composing reads members-only drafts, so it is for the secretariat and the chair (403 for
others); errors name the field (422 `kind`, `lang`, `format`; 404 `meeting`).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema, Status

from concilium.accounts.auth import actor_of
from concilium.core.dates import parse_date
from concilium.core.text import content_disposition
from concilium.outcomes.composer import compose, composed_save, render
from concilium.outcomes.correspondence import note_compose

router = Router(tags=["compose"])


class ComposeQuery(Schema):
    lang: str = "en"
    format: str = "json"
    note: str | None = None
    number: str = ""
    date: str | None = None


class ComposedOut(Schema):
    kind: str
    meeting: str
    lang: str
    title: str
    paragraphs: list[str]
    template: str


class SavedOut(Schema):
    symbol: str
    doc_type: str
    status: str
    version: int
    titles: dict[str, str]


@router.get("/compose/{kind}/{slug}", response={200: ComposedOut},
            summary="Compose a meeting's press release, communique, minutes, list of "
                    "participants or note verbale",
            description="`kind`: press-release, communique, minutes, participants or "
                        "note-verbale (with `note`: convocation or circulation; `number`: "
                        "an issued note). `format`: json (default: title and paragraphs), "
                        "txt, html, pdf, docx or akn.")
def compose_get(request, kind: str, slug: str, params: Query[ComposeQuery]):
    actor = actor_of(request)
    if kind == "note-verbale":
        day = parse_date(params.date, field="date", default=timezone.localdate())
        text = note_compose(slug, note=params.note, lang=params.lang, actor=actor,
                            number=params.number, date=day)
    else:
        text = compose(kind, slug, lang=params.lang, actor=actor)
    if params.format in ("", "json"):
        return ComposedOut(kind=text.kind, meeting=text.meeting, lang=text.lang,
                           title=text.title, paragraphs=text.paragraphs,
                           template=text.template)
    content, content_type, filename = render(text, params.format)
    response = HttpResponse(content, content_type=content_type)
    inline = content_type.startswith(("text/", "application/akn"))
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response


@router.post("/compose/{kind}/{slug}", response={201: SavedOut},
             summary="Save a composed text as a draft document (every language)")
def compose_save(request, kind: str, slug: str, lang: str | None = None):
    doc = composed_save(kind=kind, meeting=slug, acting_user=actor_of(request), lang=lang)
    return Status(201, SavedOut(symbol=doc.symbol, doc_type=doc.doc_type.slug,
                                status=doc.status, version=doc.version, titles=doc.titles))
