"""The background worker: django-tasks' database worker, plus what keeps a queue whole.

Tasks (exports, silence procedures past their deadline, pruning old files) are enqueued
through Django's tasks API into the database (`django_tasks_db`), so any web process may
enqueue and any worker on any machine may run them. The stock worker claims a task by
marking it running; if that worker is killed the task stays "running" for ever. Here each
worker also keeps a beat (`core.models.WorkerBeat`) from a thread, and on each beat:

- puts back in the queue the tasks marked running by a worker whose beat has stopped for
  `CONCILIUM_WORKER_STALE` seconds (after `CONCILIUM_TASK_ATTEMPTS` lost runs a task is
  marked failed instead, so that a task which kills its worker cannot loop for ever, and
  the hook its app registered with `add_lost_hook` records that failure where its users
  look, e.g. an export job's row, which would otherwise say "running" for ever);
- enqueues the periodic tasks of `CONCILIUM_SCHEDULE` (task path → every N seconds) that
  are neither waiting, running, nor enqueued within their period. Several workers may do
  this at once: the periodic tasks give the same result however often they run.

A task must therefore be safe to run again from the start: exports rewrite their file,
the silence and pruning tasks find nothing left to do.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import signal
import socket
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Q
from django.db.utils import DatabaseError
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.module_loading import import_string
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from concilium.core.models import WorkerBeat

log = logging.getLogger(__name__)

LOST = "concilium.core.worker.WorkerLost"


class WorkerLost(Exception):
    """The worker running a task stopped (killed, out of memory, its machine gone)."""


#: task path → what to do when that task is failed for its lost runs: hook(args, kwargs).
_lost_hooks: dict[str, Callable[[list, dict], None]] = {}


def add_lost_hook(task_path: str, hook: Callable[[list, dict], None]) -> None:
    """Run `hook(args, kwargs)` when a task of `task_path` is marked failed because its
    worker stopped too often: the task never ran to its end, so it could not say so itself.
    A hook that fails is logged; the task stays failed."""
    _lost_hooks[task_path] = hook


def _lost(task_path: str, args_kwargs: dict | None) -> None:
    hook = _lost_hooks.get(task_path)
    if hook is None:
        return
    try:
        hook(list((args_kwargs or {}).get("args", [])), dict((args_kwargs or {}).get("kwargs", {})))
    except Exception:
        log.exception("task %s: its failure could not be recorded by its owner", task_path)


def _seconds(name: str, default: float) -> float:
    return float(getattr(settings, name, default))


def beat(worker_id: str, *, started_at: dt.datetime) -> None:
    """Record that `worker_id` is alive now."""
    now = timezone.now()
    updated = WorkerBeat.objects.filter(pk=worker_id).update(beat_at=now)
    if not updated:
        WorkerBeat.objects.create(worker_id=worker_id, host=socket.gethostname()[:255],
                                  pid=os.getpid(), started_at=started_at, beat_at=now)


def requeue_abandoned(now: dt.datetime | None = None) -> tuple[int, int]:
    """Put back the running tasks of workers without a recent beat; (requeued, failed)."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=_seconds("CONCILIUM_WORKER_STALE", 30))
    alive = set(WorkerBeat.objects.filter(beat_at__gte=stale)
                .values_list("worker_id", flat=True))
    attempts = int(_seconds("CONCILIUM_TASK_ATTEMPTS", 3))
    requeued = failed = 0
    for pk, workers, started, path, arguments in (
            DBTaskResult.objects.running()
            .values_list("pk", "worker_ids", "started_at", "task_path", "args_kwargs")):
        if workers and workers[-1] in alive:
            continue
        # Only if no one claimed it again meanwhile: `started_at` changes with each claim.
        same = DBTaskResult.objects.filter(pk=pk, status=TaskResultStatus.RUNNING,
                                           started_at=started)
        if len(workers or ()) >= attempts:
            marked = same.update(
                status=TaskResultStatus.FAILED, finished_at=now, exception_class_path=LOST,
                traceback=f"The worker running this task stopped {len(workers)} times.")
            failed += marked
            log.error("task %s failed: its worker stopped %s times", pk, len(workers))
            if marked:
                _lost(path, arguments)
        else:
            requeued += same.update(status=TaskResultStatus.READY, started_at=None)
            log.warning("task %s put back in the queue: worker %s stopped", pk,
                        workers[-1] if workers else "?")
    WorkerBeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
    return requeued, failed


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue each periodic task of `CONCILIUM_SCHEDULE` that is due; the paths enqueued."""
    now = now or timezone.now()
    done = []
    for path, every in getattr(settings, "CONCILIUM_SCHEDULE", {}).items():
        recent = now - dt.timedelta(seconds=float(every))
        pending = DBTaskResult.objects.filter(task_path=path).filter(
            Q(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
            | Q(enqueued_at__gte=recent))
        if not pending.exists():
            import_string(path).enqueue()
            done.append(path)
    return done


def tend(worker_id: str, *, started_at: dt.datetime) -> None:
    """One beat: alive, abandoned tasks back in the queue, periodic tasks enqueued."""
    beat(worker_id, started_at=started_at)
    requeue_abandoned()
    enqueue_due()


class _Beating(threading.Thread):
    def __init__(self, worker_id: str, parent: int | None = None):
        super().__init__(name=f"beat-{worker_id[:8]}", daemon=True)
        self.worker_id = worker_id
        self.parent = parent
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self) -> None:
        every = _seconds("CONCILIUM_WORKER_BEAT", 5)
        while not self.stopping.is_set():
            if self.parent is not None and os.getppid() != self.parent:
                # The process that started this worker is gone: stop as on SIGTERM.
                os.kill(os.getpid(), signal.SIGTERM)
                return
            try:
                close_old_connections()
                tend(self.worker_id, started_at=self.started_at)
            except DatabaseError:  # a busy or lost database: try again at the next beat
                log.exception("worker %s: beat not recorded", self.worker_id)
            self.stopping.wait(every)
        connection.close()


def run_worker(*, queue_names: list[str], interval: float = 1.0, batch: bool = False,
               max_tasks: int | None = None, worker_id: str | None = None,
               with_parent: bool = False) -> None:
    """Run tasks until stopped (or, with `batch`, until the queue is empty; with
    `with_parent`, until the process that started this one is gone).

    A batch run (tests, cron) tends the queue once before it starts and keeps no beat."""
    worker_id = worker_id or get_random_string(32)
    beating = _Beating(worker_id, parent=os.getppid() if with_parent else None)
    if batch:
        requeue_abandoned()
        enqueue_due()
    else:
        tend(worker_id, started_at=beating.started_at)  # alive before the first claim
        beating.start()
    worker = Worker(queue_names=queue_names, interval=interval, batch=batch,
                    backend_name="default", startup_delay=not batch, max_tasks=max_tasks,
                    worker_id=worker_id, excluded_queue_names=[])
    if not batch:
        worker.configure_signals()  # SIGTERM: finish the task at hand, then stop
    try:
        worker.run()
    finally:
        beating.stopping.set()
        if not batch:
            beating.join(timeout=5)
            WorkerBeat.objects.filter(pk=worker_id).delete()
