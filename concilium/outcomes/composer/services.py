"""A composed text becomes a draft document, to be edited and agreed like any other.

The ministers approve their press release as they approve any text: the composer writes the
draft (every paragraph in each of the organization's languages), and the usual services take
it from there.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import Forbidden, ValidationFailed
from concilium.core.services import record_change
from concilium.documents import models as dm
from concilium.documents.services import (
    ONLY_SECRETARIAT_DRAFTS,
    document_create,
    document_update,
)
from concilium.meetings import models as m
from concilium.meetings.selectors import meeting_get
from concilium.organization import selectors as org
from concilium.outcomes.composer.compose import ONLY_PUBLISHERS, check_kind, compose_all
from concilium.rules.permissions import Actor, Classification, may_draft, may_publish

#: The document type each kind of composed text is saved as.
DOC_TYPES = {"press-release": "press-release", "communique": "communique", "minutes": "minutes"}
NOT_COMPOSED = _(
    "symbol: '{symbol}' is not a press release, communique or minutes composed from a "
    "meeting's records.")
NOT_SAVED = _("kind: a {kind} is not saved as a document; only {known} are.")
LANGUAGES_DIFFER = _(
    "kind: the {lang} text has {count} paragraphs, the {original} one {expected}; the "
    "templates must write the same paragraphs in every language."
)


def _symbol(meeting: m.Meeting, kind: str) -> str:
    base = f"{meeting.slug}/{kind}"
    taken = set(dm.Document.objects.filter(symbol__startswith=base)
                .values_list("symbol", flat=True))
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


@transaction.atomic
def composed_save(*, kind: str, meeting: m.Meeting | str, acting_user: Actor,
                  lang: str | None = None) -> dm.Document:
    """Compose `kind` of the meeting in every language and save it as a draft document.

    The paragraphs line up across languages (paragraph 3 in Russian is paragraph 3 in
    English); `lang` is the original language (the first working language by default).
    """
    check_kind(kind)
    if not may_publish(acting_user):
        raise Forbidden(ONLY_PUBLISHERS)
    if kind not in DOC_TYPES:
        raise ValidationFailed(NOT_SAVED, field="kind", kind=kind,
                               known=", ".join(DOC_TYPES))
    if isinstance(meeting, str):
        meeting = meeting_get(meeting, actor=acting_user)
    languages = org.charter().languages
    original = lang or ("en" if "en" in languages else languages[0])
    texts = compose_all(kind, meeting, langs=tuple(languages), actor=acting_user)
    expected = len(texts[original].paragraphs)
    for code, text in texts.items():
        if len(text.paragraphs) != expected:
            raise ValidationFailed(LANGUAGES_DIFFER, field="kind", lang=code,
                                   count=len(text.paragraphs), original=original,
                                   expected=expected)
    paragraphs = [{code: texts[code].paragraphs[i] for code in languages}
                  for i in range(expected)]
    doc = document_create(
        doc_type=DOC_TYPES[kind], body=meeting.body.slug,
        titles={code: text.title for code, text in texts.items()}, lang=original,
        paragraphs=paragraphs, symbol=_symbol(meeting, kind), acting_user=acting_user,
        note=f"composed from the records of {meeting.slug}")
    record_change(actor=acting_user, action=Action.COMPOSE, target_type="document",
                  target_id=doc.symbol, topic=meeting.topic,
                  summary={"kind": kind, "meeting": meeting.slug,
                           "templates": {code: t.template for code, t in texts.items()}})
    return doc


@transaction.atomic
def composed_publish(*, symbol: str, expected_version=None,
                     acting_user: Actor) -> dm.Document:
    """Publish a composed outcome text: it becomes public, and so appears in the public
    archive, the registry's list of documents and search at once.

    Only a composed text (its type one of `DOC_TYPES`) is published here; any other document
    is released through the documents' own classification change. Setting a classification
    is the secretariat's (`document_update` checks it and keeps the audit record); a stale
    `expected_version` is a conflict.
    """
    if not may_draft(acting_user):  # before any lookup: a refusal tells nothing of the text
        raise Forbidden(ONLY_SECRETARIAT_DRAFTS)
    doc = (dm.Document.objects.select_related("doc_type")
           .filter(symbol=(symbol or "").strip()).first())
    if doc is None or doc.doc_type.slug not in DOC_TYPES.values():
        raise ValidationFailed(NOT_COMPOSED, field="symbol", symbol=symbol)
    return document_update(symbol=doc.symbol, classification=Classification.PUBLIC.value,
                           expected_version=expected_version, acting_user=acting_user)
