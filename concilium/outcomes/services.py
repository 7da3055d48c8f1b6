"""Writes of the outcomes app: export jobs, for documents too large to export while the
reader waits (docs PERFORMANCE.md, "Exports": "render large documents in the background with
progress shown").

No new infrastructure: the job is a row, the work a thread of the process that took the
request, started after the row is committed. The thread reports its stage and percentage on
the row (at most a few writes a second), writes the file under VAR_DIR/exports/, and closes
its database connection at the end. A job is not audited: it changes no record of the
organization, only makes a file of what the requester may already read.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import NOT_SIGNED_IN, DomainError, Forbidden, NotFound
from concilium.core.services import record_change
from concilium.documents.models import Version
from concilium.organization.selectors import charter
from concilium.outcomes.exporters import FORMATS, export_for, get_format, readable_document
from concilium.outcomes.exporters.progress import DONE, PREPARING
from concilium.outcomes.exporters.text import NO_SUCH_REVISION, check_language
from concilium.outcomes.models import ExportJob, ExportJobStatus
from concilium.rules.permissions import Actor

log = logging.getLogger(__name__)

EXPORT_FAILED = _("The export failed; try again, or tell the Secretariat if it fails again.")

# Running threads by job id, so that tests (and a clean shutdown) can wait for them.
_threads: dict[uuid.UUID, threading.Thread] = {}
_threads_lock = threading.Lock()


def exports_dir() -> Path:
    return Path(settings.VAR_DIR) / "exports"


def export_job_start(*, symbol: str, fmt: str | None, lang: str | None = None,
                     rev: int | None = None, acting_user: Actor) -> ExportJob:
    """Queue the export of a document as `acting_user` may read it; the work starts after
    commit in a worker thread.

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
        transaction.on_commit(lambda: _launch(job.pk, acting_user))
    return job


def export_job_wait(job_id: uuid.UUID, timeout: float | None = None) -> bool:
    """Wait for the job's thread in this process; True if it is not (or no longer) running."""
    with _threads_lock:
        thread = _threads.get(job_id)
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True


def _launch(job_id: uuid.UUID, actor: Actor) -> None:
    thread = threading.Thread(target=_run, args=(job_id, actor), name=f"export-{job_id}",
                              daemon=True)
    with _threads_lock:
        _threads[job_id] = thread
    thread.start()


class _Reporter:
    """The progress callback: writes stage and percentage on the row when they change, at
    most every `interval` seconds for the same stage."""

    def __init__(self, job_id: uuid.UUID, interval: float = 0.3):
        self.job_id = job_id
        self.interval = interval
        self.stage = ""
        self.percent = -1
        self.at = 0.0

    def __call__(self, stage: str, percent: int) -> None:
        percent = max(0, min(99, int(percent)))  # 100 only once the file is written
        now = time.monotonic()
        if stage == self.stage and (percent <= self.percent or now - self.at < self.interval):
            return
        self.stage, self.percent, self.at = stage, percent, now
        try:
            ExportJob.objects.filter(pk=self.job_id).update(stage=stage, progress=percent)
        except OperationalError:  # the table is busy: skip this report, the export goes on
            log.debug("export job %s: progress %s%% not recorded", self.job_id, percent)


def _update(job_id: uuid.UUID, *, attempts: int = 10, **fields) -> None:
    """Record the job's outcome, waiting out a busy table (SQLite) for a few seconds."""
    for attempt in range(attempts):
        try:
            ExportJob.objects.filter(pk=job_id).update(**fields)
            return
        except OperationalError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def _run(job_id: uuid.UUID, actor: Actor) -> None:
    """The worker: export, write the file, mark the job done or failed; never raises."""
    try:
        _update(job_id, status=ExportJobStatus.RUNNING, stage=PREPARING, progress=0)
        job = ExportJob.objects.get(pk=job_id)
        result = export_for(job.symbol, actor=actor, fmt=job.format, lang=job.lang,
                            rev=job.rev, progress=_Reporter(job_id))
        directory = exports_dir()
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{job_id}.{FORMATS[job.format].extension}"
        partial = path.with_name(path.name + ".part")
        partial.write_bytes(result.content)
        partial.replace(path)
        _update(
            job_id, status=ExportJobStatus.DONE, stage=DONE, progress=100, file=str(path),
            filename=result.filename, finished=timezone.now())
    except DomainError as exc:  # e.g. the document was reclassified since the job started
        _fail(job_id, exc.message)
    except Exception:
        log.exception("export job %s failed", job_id)
        _fail(job_id, str(EXPORT_FAILED))
    finally:
        connection.close()
        with _threads_lock:
            _threads.pop(job_id, None)


def _fail(job_id: uuid.UUID, message: str) -> None:
    try:
        _update(job_id, status=ExportJobStatus.FAILED, error=message, finished=timezone.now())
    except Exception:  # the database is gone: nothing more to record
        log.exception("export job %s: could not record the failure", job_id)
