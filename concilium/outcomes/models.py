"""The outcomes app's one table: export jobs, for documents too large to export while the
reader waits (docs PERFORMANCE.md, "Exports").

A job is operational data, not a record of the organization: it is not audited, and its file
(`exports/<id>.<ext>` in the storage) can be deleted at any time (the document can always be
exported again); `concilium exports prune` and its periodic task delete old ones.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExportJobStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ExportJob(models.Model):
    """One export of one document, run by a background worker; progress is 0-100 with a
    stage, on this row so that every web process shows it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    symbol = models.CharField(max_length=100)
    format = models.CharField(max_length=16)
    lang = models.CharField(max_length=8)
    rev = models.PositiveIntegerField(null=True, blank=True)
    requested_by = models.CharField(max_length=150, db_index=True)
    status = models.CharField(max_length=8, choices=ExportJobStatus.choices,
                              default=ExportJobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=40, blank=True, default="")
    error = models.TextField(blank=True, default="")
    file = models.CharField(max_length=500, blank=True, default="",
                            help_text="path of the finished file under VAR_DIR/exports/")
    filename = models.CharField(max_length=200, blank=True, default="",
                                help_text="the name the file is downloaded under")
    created = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.symbol} {self.format} {self.lang} ({self.status}, {self.progress}%)"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportJobStatus.DONE, ExportJobStatus.FAILED)


class CertifiedCopy(models.Model):
    """A certified true copy the Secretariat issued: the registry entry it copies and the
    SHA-256 of the very file, so anyone holding a copy can ask whether it is genuine.

    Append-only, like the registry: a copy once issued stays on record."""

    sha256 = models.CharField(max_length=64, unique=True)
    registry_number = models.CharField(max_length=60, db_index=True)
    symbol = models.CharField(max_length=100)
    lang = models.CharField(max_length=8)
    format = models.CharField(max_length=16)
    size = models.PositiveIntegerField()
    certified_on = models.DateField()
    issued_at = models.DateTimeField(auto_now_add=True)
    issued_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["issued_at"]
        verbose_name_plural = _("certified copies")

    def __str__(self) -> str:
        return f"{self.registry_number} {self.lang} {self.sha256[:12]}"


class NoteKind(models.TextChoices):
    CONVOCATION = "convocation", _("convocation")
    CIRCULATION = "circulation", _("circulation of documents")


class Note(models.Model):
    """A note verbale in the registry of correspondence: its number, taken once when the
    note is issued (a preview takes none). Append-only: a number is never reused or changed.
    """

    number = models.CharField(max_length=60, unique=True)  # "SCO/NV/2020/12"
    year = models.PositiveIntegerField()
    serial = models.PositiveIntegerField()  # 1, 2, ... within the year
    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.PROTECT,
                                related_name="notes")
    kind = models.CharField(max_length=20, choices=NoteKind.choices)
    issued_on = models.DateField()
    issued_by = models.CharField(max_length=150)

    class Meta:
        ordering = ["year", "serial"]
        constraints = [models.UniqueConstraint(fields=["year", "serial"],
                                               name="note_serial_once_a_year")]

    def __str__(self) -> str:
        return self.number
