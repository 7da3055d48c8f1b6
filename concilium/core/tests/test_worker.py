"""The background worker keeps the queue whole: lost tasks come back, periodic tasks come due.

The queue is django-tasks' database queue; these tests use the real worker in this process
(`concilium worker --batch`). Killing a worker in the middle of an export is in
outcomes/tests/test_export_jobs_survive.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from concilium.core.models import WorkerBeat
from concilium.core.tasks import task_results_prune
from concilium.core.worker import LOST, enqueue_due, requeue_abandoned
from concilium.documents.models import Document
from concilium.meetings import services as meetings
from concilium.meetings.tests import scenario
from concilium.outcomes.tasks import exports_prune

SILENCE = "concilium.meetings.tasks.silence_expire"
PRUNE = "concilium.outcomes.tasks.exports_prune"


def claimed_by(worker_id: str, *, before: int = 0) -> DBTaskResult:
    """A queued task claimed by `worker_id`, after `before` earlier lost runs."""
    row = DBTaskResult.objects.get(pk=exports_prune.enqueue().id)
    row.worker_ids = [f"lost-{n}" for n in range(before)]
    row.claim(worker_id)
    return row


def beating(worker_id: str, seconds_ago: float) -> None:
    at = timezone.now() - dt.timedelta(seconds=seconds_ago)
    WorkerBeat.objects.create(worker_id=worker_id, started_at=at, beat_at=at)


@pytest.mark.django_db
class TestLostTasks:
    def test_a_task_whose_worker_stopped_beating_goes_back_in_the_queue(self, settings):
        settings.CONCILIUM_WORKER_STALE = 30
        beating("killed", seconds_ago=120)
        beating("alive", seconds_ago=2)
        lost, busy = claimed_by("killed"), claimed_by("alive")
        assert requeue_abandoned() == (1, 0)
        lost.refresh_from_db()
        busy.refresh_from_db()
        assert lost.status == TaskResultStatus.READY and lost.started_at is None
        assert busy.status == TaskResultStatus.RUNNING

    def test_a_worker_that_never_beat_counts_as_stopped(self):
        row = claimed_by("unknown")
        requeue_abandoned()
        row.refresh_from_db()
        assert row.status == TaskResultStatus.READY

    def test_a_task_that_lost_its_worker_too_often_fails_instead(self, settings):
        """A task that kills its worker each time must not loop for ever."""
        settings.CONCILIUM_TASK_ATTEMPTS = 3
        row = claimed_by("killed", before=2)
        assert requeue_abandoned() == (0, 1)
        row.refresh_from_db()
        assert row.status == TaskResultStatus.FAILED
        assert row.exception_class_path == LOST and "3 times" in row.traceback


@pytest.mark.django_db
class TestSchedule:
    def test_a_periodic_task_is_enqueued_once_per_period(self, settings):
        settings.CONCILIUM_SCHEDULE = {SILENCE: 60, PRUNE: 3600}
        assert sorted(enqueue_due()) == [SILENCE, PRUNE]
        assert enqueue_due() == []  # still waiting: not enqueued twice
        DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
        assert enqueue_due() == []  # ran within its period
        later = timezone.now() + dt.timedelta(seconds=61)
        assert enqueue_due(now=later) == [SILENCE]
        assert DBTaskResult.objects.filter(task_path=SILENCE).count() == 2


@pytest.mark.django_db
def test_results_of_tasks_finished_long_ago_are_deleted(settings):
    settings.CONCILIUM_TASK_RESULTS_KEEP_DAYS = 7
    old, recent, waiting = (DBTaskResult.objects.get(pk=exports_prune.enqueue().id)
                            for _ in range(3))
    DBTaskResult.objects.filter(pk__in=[old.pk, recent.pk]).update(
        status=TaskResultStatus.SUCCESSFUL, finished_at=timezone.now())
    DBTaskResult.objects.filter(pk=old.pk).update(
        finished_at=timezone.now() - dt.timedelta(days=8))
    assert task_results_prune.call() == 1
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk}


@pytest.mark.django_db(transaction=True)
def test_the_worker_adopts_a_silence_past_its_deadline(secretariat_officer,
                                                       settings):
    """No one runs `concilium silence process`: the worker's periodic task does, and the
    text unbroken past its deadline is adopted."""
    settings.CONCILIUM_SCHEDULE = {SILENCE: 60}
    scenario.draft(secretariat_officer, "S9", "statement", "On the drug threat")
    scenario.between_meetings(secretariat_officer, "S9")  # the charter's path, set aside
    opened = timezone.now() - dt.timedelta(hours=80)
    meetings.silence_open(document="S9", deadline=opened + dt.timedelta(hours=72),
                          now=opened, acting_user=secretariat_officer)
    call_command("worker", "--batch")
    assert Document.objects.get(symbol="S9").status == "adopted"
    run = DBTaskResult.objects.get(task_path=SILENCE)
    assert run.status == TaskResultStatus.SUCCESSFUL and run.return_value == ["S9"]
