"""A document's record after drafting: titles, classification and status.

The secretariat changes them directly (`document_update`); a status decided elsewhere (a
decision at a meeting, a silence procedure) is written here too (`document_status_follow`),
so that only the documents app writes a document's row.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import Forbidden, ValidationFailed
from concilium.core.services import check_version, record_change
from concilium.documents import models as m
from concilium.documents.services.common import (
    DOCUMENT,
    ONLY_SECRETARIAT_DRAFTS,
    _audit,
    _check_classification,
    _check_titles,
    _locked,
)
from concilium.rules.permissions import Actor, may_draft

NOTHING_TO_CHANGE = _("Nothing to change: give titles or a classification.")
UNKNOWN_STATUS = _("status: '{value}' is not a document status.")


@transaction.atomic
def document_update(
    *, symbol: str, titles: dict | None = None, classification: str | None = None,
    status: str | None = None, expected_version: int | None = None, acting_user: Actor,
) -> m.Document:
    """Change a document's titles, classification or status (the secretariat).

    The document returned is the one written, with its type and bodies loaded.
    """
    doc = _locked(symbol, acting_user)
    if not may_draft(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_DRAFTS)
    before, after = {}, {}
    if titles is not None:
        new_titles = {**doc.titles, **_check_titles(titles)}
        if new_titles != doc.titles:
            before["titles"], after["titles"] = doc.titles, new_titles
    if classification is not None:
        value = _check_classification(classification)
        if value != doc.classification:
            before["classification"], after["classification"] = doc.classification, value
    if status is not None:
        if status not in m.DocumentStatus.values:
            raise ValidationFailed(UNKNOWN_STATUS, field="status", value=status)
        if status != doc.status:
            before["status"], after["status"] = doc.status, status
    if titles is None and classification is None and status is None:
        raise ValidationFailed(NOTHING_TO_CHANGE, field="titles")
    check_version(doc, expected_version, kind=DOCUMENT)
    if not after:
        return doc
    for key, value in after.items():
        setattr(doc, key, value)
    doc.save(update_fields=[*after, "updated_at"])
    _audit(acting_user, Action.DOCUMENT_UPDATE, doc, {"before": before, "after": after})
    return doc


def document_status_follow(*, document: m.Document, status: str, acting_user: Actor,
                           cause: dict | None = None) -> None:
    """Move a document to the place in the pipeline decided elsewhere.

    The meetings services decide (a decision at a meeting, a silence procedure) and check
    the pipeline and the rights; the document's row is written here, by its own app. With a
    `cause`, the change is also audited and announced on the document's topic; a caller that
    announces the change itself (opening a silence procedure) passes none. Runs inside the
    caller's transaction.
    """
    old, document.status = document.status, status
    m.Document.objects.filter(pk=document.pk).update(status=status)
    if cause is not None:
        record_change(actor=acting_user, action=Action.DOCUMENT_UPDATE, target_type="document",
                      target_id=document.symbol, topic=document.topic,
                      audience=document.classification,
                      summary={"before": {"status": str(old)}, "after": {"status": str(status)},
                               **cause})
