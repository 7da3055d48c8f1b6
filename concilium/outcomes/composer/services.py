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
from concilium.documents.services import document_create
from concilium.meetings import models as m
from concilium.meetings.selectors import meeting_get
from concilium.organization import selectors as org
from concilium.outcomes.composer.compose import ONLY_PUBLISHERS, check_kind, compose_all
from concilium.rules.permissions import Actor, may_publish

#: The document type each kind of composed text is saved as.
DOC_TYPES = {"press-release": "press-release", "communique": "communique", "minutes": "minutes"}
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
