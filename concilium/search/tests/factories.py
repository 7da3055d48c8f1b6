"""Documents and meeting records made straight with the ORM, for the search tests.

The documents and meetings services are built elsewhere; search reads the tables and takes
in what the audit log says changed, so its tests build rows directly and append the audit
record the service would have written: a document with titles and numbered paragraphs, each
with a text per language.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import transaction

from concilium.audit.models import Action
from concilium.core.services import record_change
from concilium.documents.models import Document, Paragraph, ParagraphText
from concilium.meetings.models import AgendaItem, Decision, Meeting
from concilium.organization.models import Body, DocumentType
from concilium.rules.permissions import SYSTEM, Classification

_symbols = itertools.count(1)


def make_document(
    *paragraphs: dict[str, str], titles: dict[str, str] | None = None,
    classification: Classification = Classification.PUBLIC, doc_type: str = "statement",
    body: str = "cfm", approving_body: str | None = None, status: str = "draft",
    symbol: str | None = None, year: int | None = None,
) -> Document:
    """A document whose paragraphs are given as {lang: text}, numbered from 1."""
    document = Document.objects.create(
        symbol=symbol or f"SCO/TEST/{next(_symbols)}",
        doc_type=DocumentType.objects.get(slug=doc_type),
        titles=titles or {"en": "Statement"},
        origin_body=Body.objects.get(slug=body),
        approving_body=Body.objects.get(slug=approving_body or body),
        classification=classification.value, status=status,
    )
    if year:
        Document.objects.filter(pk=document.pk).update(
            created_at=dt.datetime(year, 6, 15, tzinfo=dt.UTC))
    for number, texts in enumerate(paragraphs, start=1):
        paragraph = Paragraph.objects.create(document=document, key=f"p{number}",
                                             position=number * 10, number=number)
        for lang, text in texts.items():
            ParagraphText.objects.create(paragraph=paragraph, lang=lang, text=text, edit_seq=1)
    _audit(Action.DOCUMENT_CREATE, "document", document.symbol, document.topic)
    return document


def _audit(action, target_type, target_id, topic, **summary) -> None:
    with transaction.atomic():
        record_change(actor=SYSTEM, action=action, target_type=target_type,
                      target_id=target_id, topic=topic, summary=summary)


def make_meeting(*, body: str = "cfm", date: dt.date = dt.date(2020, 9, 10),
                 agenda: list[dict[str, str]] = ()) -> Meeting:
    meeting = Meeting.objects.create(
        slug=f"{body}-{date.isoformat()}", body=Body.objects.get(slug=body), start=date,
        end=date, format="video")
    for number, titles in enumerate(agenda, start=1):
        AgendaItem.objects.create(meeting=meeting, number=number, titles=titles,
                                  decision_sought="discuss")
    _audit(Action.MEETING_SAVE, "meeting", meeting.slug, meeting.topic)
    return meeting


def make_decision(*, meeting: Meeting, texts: dict[str, str],
                  document: Document | None = None) -> Decision:
    decision = Decision.objects.create(meeting=meeting, document=document, kind="adopted",
                                       date=meeting.start, texts=texts, recorded_by="officer")
    _audit(Action.DECISION_RECORD, "decision", decision.pk, meeting.topic)
    return decision


def touch(document: Document, action: Action = Action.DOCUMENT_REVISE) -> None:
    """Save the document and append the audit record a documents service would write."""
    document.save()
    _audit(action, "document", document.symbol, document.topic)


def forget(document: Document) -> None:
    """Delete the document, as the admin would, with its audit record."""
    _audit(Action.DOCUMENT_UPDATE, "document", document.pk, "registry", admin="delete")
    document.delete()
