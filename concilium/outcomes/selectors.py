"""Reads of the outcomes app: export jobs, how large a document is for exporting, a
meeting's outcome texts (composed in every language for a preview, and those saved), and
whether a file is a certified copy the Secretariat issued."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils.translation import gettext_lazy as _

from concilium.core.errors import NOT_FOUND, Forbidden, NotFound
from concilium.core.signing import sha256
from concilium.documents.models import Document, Paragraph, Version
from concilium.documents.selectors import readable_levels
from concilium.meetings.models import Meeting
from concilium.organization import selectors as org
from concilium.outcomes.composer import DOC_TYPES, ComposedText, check_kind, compose_all
from concilium.outcomes.composer.compose import ONLY_PUBLISHERS
from concilium.outcomes.models import CertifiedCopy, ExportJob, ExportJobStatus
from concilium.rules.permissions import Actor, may_follow_export_job, may_publish

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


def composed_preview(kind: str, meeting: Meeting, *, actor: Actor) -> dict[str, ComposedText]:
    """The text of `kind` composed in every language of the charter, from one reading of the
    meeting's records: the side-by-side preview before saving. For the secretariat and the
    chair (composing reads members-only drafts)."""
    check_kind(kind)
    if not may_publish(actor):
        raise Forbidden(ONLY_PUBLISHERS)
    return compose_all(kind, meeting, langs=tuple(org.charter().languages), actor=actor)


def outcome_documents(meeting: Meeting, *, actor: Actor) -> list[Document]:
    """The outcome texts saved from this meeting's records that the actor may read, oldest
    first. One query."""
    return list(Document.objects.select_related("doc_type")
                .filter(symbol__startswith=f"{meeting.slug}/",
                        doc_type__slug__in=list(DOC_TYPES.values()),
                        classification__in=readable_levels(actor))
                .order_by("created_at", "symbol"))


#: What a certified PDF says of itself in its signature (exporters.certified), read back
#: from a file that is not on record to tell an altered copy from any other file.
_CLAIM = re.compile(rb"Certified true copy of registry entry ((?:[^)\\]|\\[0-7]{3}){1,80})")


VERIFY_GENUINE = _(
    "Genuine: a certified true copy of registry entry {number} ({symbol}, {lang}), issued "
    "on {date}. SHA-256 {sha256}.")
VERIFY_ALTERED = _(
    "Altered: this file claims to be a certified copy of registry entry {number}, but it "
    "differs from every copy the Secretariat issued. SHA-256 {sha256}.")
VERIFY_UNKNOWN = _(
    "Not a certified copy: no copy the Secretariat issued has this content. SHA-256 "
    "{sha256}.")


@dataclass(frozen=True)
class Verification:
    """What the registry of certified copies says of a file."""

    sha256: str
    copy: CertifiedCopy | None  # the copy issued, when the file is one, byte for byte
    claimed: str = ""  # the registry entry an unknown file claims to copy

    @property
    def genuine(self) -> bool:
        return self.copy is not None

    @property
    def altered(self) -> bool:
        return self.copy is None and bool(self.claimed)

    def message(self) -> str:
        """The answer, in the active language."""
        if self.copy is not None:
            c = self.copy
            return str(VERIFY_GENUINE).format(number=c.registry_number, symbol=c.symbol,
                                              lang=c.lang, date=c.certified_on.isoformat(),
                                              sha256=self.sha256)
        return str(VERIFY_ALTERED if self.altered else VERIFY_UNKNOWN).format(
            number=self.claimed, sha256=self.sha256)


def _pdf_string(raw: bytes) -> str:
    """A PDF literal string's octal escapes ("SCO\\055CFM") read back ("SCO-CFM")."""
    return re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m.group(1), 8)]),
                  raw).decode("latin-1").strip()


def certified_copy_verify(data: bytes) -> Verification:
    """Is `data` a certified copy the Secretariat issued? By its SHA-256 in the registry of
    certified copies; public, as the registry is."""
    digest = sha256(data)
    copy = CertifiedCopy.objects.filter(sha256=digest).first()
    claimed = ""
    if copy is None:
        found = _CLAIM.search(data)
        claimed = _pdf_string(found.group(1)) if found else ""
    return Verification(digest, copy, claimed)
