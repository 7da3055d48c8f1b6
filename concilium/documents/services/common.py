"""What every documents service shares: the locked lookup, the guards, the audit call.

A write takes its document with `_locked` (the same NotFound for missing and unreadable, as
`selectors.document_get`), refuses a closed one with `_check_open`, and ends with `_audit`.
The chair's steps ask `_check_chair` about the date of the act (`dates.act_day`: the
session's dates, the document's last decision, or the day of an act between meetings).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import NOT_FOUND, Conflict, Forbidden, NotFound, ValidationFailed
from concilium.core.services import record_change
from concilium.documents import models as m
from concilium.documents.dates import act_day
from concilium.documents.selectors import language_check
from concilium.organization import selectors as org
from concilium.rules.permissions import Actor, Classification, may_chair, may_read

MAX_TITLE_CHARS = 500

ONLY_SECRETARIAT_DRAFTS = _("Only the secretariat creates and edits documents.")
ONLY_CHAIR = _(
    "Only the chair (the delegation of the state holding the presidency, {chair}) or the "
    "secretariat may do this."
)
ONLY_OWN_STATE = _("state: you speak for {own}; you may not act for {state}.")
UNKNOWN_CLASSIFICATION = _(
    "classification: '{value}' is not one of members, released, public."
)
UNKNOWN_PARAGRAPH = _("paragraph: document '{symbol}' has no paragraph {number}.")
DOCUMENT = _("Document")
TITLE_TOO_LONG = _("titles: a title may have at most {limit} characters.")
CLOSED = _(
    "Document '{symbol}' is {status}: it is closed, and nothing more can be recorded on it."
)


def today() -> dt.date:
    return timezone.localdate()


def _locked(symbol: str, actor: Actor) -> m.Document:
    """The document for a write, locked; the same NotFound when it may not be seen.

    The bodies come along so that an endpoint can show the document the service returns.
    """
    doc = (m.Document.objects.select_for_update(of=("self",))
           .select_related("doc_type", "origin_body", "approving_body", "concerned_state")
           .filter(symbol=symbol).first())
    if doc is None or not may_read(actor, doc.classification):
        raise NotFound(NOT_FOUND, kind=_("document"), key=symbol)
    return doc


def _check_open(doc: m.Document) -> None:
    if doc.status in m.CLOSED_STATUSES:
        raise Conflict(CLOSED, field="status", symbol=doc.symbol,
                       status=m.DocumentStatus(doc.status).label)


def chair_state_on(day: dt.date) -> str | None:
    term = org.presidency_on(day)
    return term.state.code if term else None


def _check_chair(actor: Actor, doc: m.Document, on=None) -> str | None:
    """The chair's state on the date of the act; Forbidden unless the actor may chair."""
    chair = chair_state_on(act_day(doc, on=on))
    if not may_chair(actor, chair):
        raise Forbidden(ONLY_CHAIR, chair=chair or "-")
    return chair


def _paragraph(doc: m.Document, number, *, field: str = "paragraph") -> m.Paragraph:
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise ValidationFailed(UNKNOWN_PARAGRAPH, field=field, symbol=doc.symbol,
                               number=number) from None
    par = doc.paragraphs.filter(number=number, deleted=False).first()
    if par is None:
        raise ValidationFailed(UNKNOWN_PARAGRAPH, field=field, symbol=doc.symbol, number=number)
    return par


def _check_titles(titles: dict | None) -> dict[str, str]:
    titles = {k: (v or "").strip() for k, v in (titles or {}).items() if (v or "").strip()}
    for lg, title in titles.items():
        language_check(lg, field=f"titles.{lg}")
        if len(title) > MAX_TITLE_CHARS:
            raise ValidationFailed(TITLE_TOO_LONG, field=f"titles.{lg}", limit=MAX_TITLE_CHARS)
    return titles


def _check_classification(value: str) -> str:
    try:
        return Classification(value).value
    except ValueError:
        raise ValidationFailed(UNKNOWN_CLASSIFICATION, field="classification",
                               value=value) from None


def _audit(actor: Actor, action: Action, doc: m.Document, summary: dict, *,
           state: str | None = None, on_behalf: bool = False):
    return record_change(actor=actor, action=action, target_type="document",
                         target_id=doc.symbol, topic=doc.topic, audience=doc.classification,
                         summary=summary,
                         acting_for=state, on_behalf=on_behalf)
