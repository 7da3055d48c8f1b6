"""Reads of the outcomes app: export jobs, and how large a document is for exporting."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from concilium.core.errors import NOT_FOUND, NotFound
from concilium.documents.models import Paragraph, Version
from concilium.outcomes.models import ExportJob, ExportJobStatus
from concilium.rules.permissions import Actor, may_follow_export_job

#: Documents with at least this many paragraphs export in the background (setting
#: CONCILIUM_EXPORT_BACKGROUND_PARAGRAPHS); smaller ones while the reader waits.
BACKGROUND_PARAGRAPHS = 300


def background_threshold() -> int:
    return int(getattr(settings, "CONCILIUM_EXPORT_BACKGROUND_PARAGRAPHS",
                       BACKGROUND_PARAGRAPHS))


def export_job_get(job_id: uuid.UUID | str, *, actor: Actor) -> ExportJob:
    """The job if `actor` asked for it or is the Secretariat; else NotFound, as if missing."""
    try:
        job = ExportJob.objects.filter(pk=uuid.UUID(str(job_id))).first()
    except ValueError:
        job = None
    if job is None or not may_follow_export_job(actor, job.requested_by):
        raise NotFound(NOT_FOUND, kind=_("export job"), key=str(job_id))
    return job


def export_job_file(job: ExportJob) -> File | None:
    """The finished job's file, opened from the storage (whichever process wrote it); None
    while the job is not done or once its file was pruned."""
    if job.status != ExportJobStatus.DONE or not job.file:
        return None
    try:
        return default_storage.open(job.file, "rb")
    except (FileNotFoundError, SuspiciousFileOperation):  # pruned, or from an older layout
        return None


def paragraph_count(document, rev: int | None = None) -> int:
    """Paragraphs of the working text (rev None) or of the snapshot Rev.N; one query."""
    if rev is None:
        return Paragraph.objects.filter(document=document, deleted=False).count()
    snapshot = (Version.objects.filter(document=document, number=rev)
                .values_list("snapshot", flat=True).first())
    return len(snapshot or [])


def export_is_large(document, rev: int | None = None) -> bool:
    """Whether the document is long enough to export in the background."""
    return paragraph_count(document, rev) >= background_threshold()
