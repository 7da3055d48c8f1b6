"""Running an export job, and pruning old export files: the work behind outcomes.tasks.

A job runs in a background worker (`concilium worker`), not in the web process that took
the request: a restart of the web server loses nothing, and the worker may be on another
machine. Progress (stage and percentage) is written on the `ExportJob` row, at most a few
writes a second, so every web process shows it. The file goes through Django's storage
API (`exports/<job id>.<ext>`): the local data directory by default, a shared bucket on
several machines. A job may run again from the start after its worker was killed
(`core.worker`); it then writes the same file again.

A job is not audited: it changes no record of the organization, only makes a file of what
the requester may already read.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from concilium.core.errors import DomainError
from concilium.outcomes.exporters import FORMATS, export_for
from concilium.outcomes.exporters.progress import DONE, PREPARING
from concilium.outcomes.models import ExportJob, ExportJobStatus
from concilium.rules.permissions import Actor, Role

log = logging.getLogger(__name__)

EXPORT_FAILED = _("The export failed; try again, or tell the Secretariat if it fails again.")
EXPORT_LOST = _("The export stopped before it could finish, several times: the background "
                "worker running it was lost each time. Try again later; if it stops again, "
                "tell the Secretariat.")


def actor_as_data(actor: Actor) -> list:
    """The actor as JSON for a task's arguments (`actor_from_data` turns it back)."""
    return [actor.username, actor.role.value, actor.state, actor.organization]


def actor_from_data(data: list) -> Actor:
    username, role, state, organization = data
    return Actor(username=username, role=Role(role), state=state, organization=organization)


def file_name(job: ExportJob) -> str:
    """Where the job's file goes in the storage."""
    return f"exports/{job.pk}.{FORMATS[job.format].extension}"


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


def export_job_run(job_id: uuid.UUID | str, actor: Actor) -> str:
    """Export, store the file, mark the job done or failed; never raises. The job's status."""
    job_id = uuid.UUID(str(job_id))
    job = ExportJob.objects.filter(pk=job_id).first()
    if job is None:  # pruned, or its store rebuilt: nothing to do
        return "gone"
    try:
        _update(job_id, status=ExportJobStatus.RUNNING, stage=PREPARING, progress=0)
        result = export_for(job.symbol, actor=actor, fmt=job.format, lang=job.lang,
                            rev=job.rev, progress=_Reporter(job_id))
        name = file_name(job)
        if default_storage.exists(name):  # a run before this one was cut short
            default_storage.delete(name)
        stored = default_storage.save(name, ContentFile(result.content))
        _update(
            job_id, status=ExportJobStatus.DONE, stage=DONE, progress=100, file=stored,
            filename=result.filename, finished=timezone.now())
        return ExportJobStatus.DONE
    except DomainError as exc:  # e.g. the document was reclassified since the job started
        _fail(job_id, exc.message)
    except Exception:
        log.exception("export job %s failed", job_id)
        _fail(job_id, str(EXPORT_FAILED))
    return ExportJobStatus.FAILED


def export_job_lost(args: list, kwargs: dict) -> None:
    """The job's task was failed after its worker was lost too often (`core.worker`): the
    job says so, with what to do next, instead of "running" for ever."""
    job_id = kwargs.get("job_id", args[0] if args else None)
    if job_id is None:
        return
    with translation.override("en"):  # kept as written; a page shows it in its language
        message = str(EXPORT_LOST)
    ExportJob.objects.filter(
        pk=uuid.UUID(str(job_id)),
        status__in=[ExportJobStatus.QUEUED, ExportJobStatus.RUNNING],
    ).update(status=ExportJobStatus.FAILED, error=message, finished=timezone.now())


def _fail(job_id: uuid.UUID, message: str) -> None:
    try:
        _update(job_id, status=ExportJobStatus.FAILED, error=message, finished=timezone.now())
    except Exception:  # the database is gone: nothing more to record
        log.exception("export job %s: could not record the failure", job_id)


def export_files_prune(*, older_than_days: float, now: dt.datetime | None = None) -> int:
    """Delete the jobs finished more than `older_than_days` ago, and their files; how many.
    The documents can always be exported again."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=older_than_days)
    old = list(ExportJob.objects.filter(finished__lt=cutoff).values_list("pk", "file"))
    for _pk, name in old:
        if name and default_storage.exists(name):
            default_storage.delete(name)
    ExportJob.objects.filter(pk__in=[pk for pk, _name in old]).delete()
    return len(old)
