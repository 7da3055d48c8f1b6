"""Writes of the outcomes app: export jobs, for documents too large to export while the
reader waits (docs PERFORMANCE.md, "Exports": "render large documents in the background with
progress shown").

The job is a row, and its work a task in the database queue (Django's tasks API), enqueued
in the same transaction as the row: both exist or neither. A background worker runs it
(`outcomes.jobs`), whichever machine it is on; the row carries the progress.
"""

from __future__ import annotations

from django.db import transaction

from concilium.audit.models import Action
from concilium.core.errors import NOT_SIGNED_IN, Forbidden, NotFound
from concilium.core.services import record_change
from concilium.documents.models import Version
from concilium.organization.selectors import charter
from concilium.outcomes import tasks
from concilium.outcomes.exporters import get_format, readable_document
from concilium.outcomes.exporters.text import NO_SUCH_REVISION, check_language
from concilium.outcomes.jobs import actor_as_data
from concilium.outcomes.models import ExportJob
from concilium.rules.permissions import Actor


def export_job_start(*, symbol: str, fmt: str | None, lang: str | None = None,
                     rev: int | None = None, acting_user: Actor) -> ExportJob:
    """Queue the export of a document as `acting_user` may read it, for a background worker.

    Checks, as `export_for` does and in its order: format (422 `format`), the document (404,
    the same whether missing or not readable), language (422 `lang`), revision (404 `rev`);
    then that the requester is signed in (403: a job belongs to an account).
    """
    chosen = get_format(fmt)
    document = readable_document(symbol, actor=acting_user)
    code = check_language(lang or document.original_language, charter().languages)
    if rev is not None and not Version.objects.filter(document=document, number=rev).exists():
        known = Version.objects.filter(document=document).values_list("number", flat=True)
        raise NotFound(NO_SUCH_REVISION, field="rev", symbol=document.symbol, value=rev,
                       known=", ".join(map(str, known)) or "none")
    if not acting_user.is_authenticated:
        raise Forbidden(NOT_SIGNED_IN)
    with transaction.atomic():
        job = ExportJob.objects.create(symbol=document.symbol, format=chosen.name, lang=code,
                                       rev=rev, requested_by=acting_user.username)
        record_change(actor=acting_user, action=Action.EXPORT_REQUEST, target_type="export_job",
                      target_id=job.pk, summary={"symbol": document.symbol,
                                                 "format": chosen.name, "lang": code, "rev": rev})
        tasks.export_run.enqueue(str(job.pk), actor_as_data(acting_user))
    return job
