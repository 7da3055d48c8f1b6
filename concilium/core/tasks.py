"""The queue's own upkeep, as a periodic task (run by `concilium worker`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult


@task()
def task_results_prune() -> int:
    """Delete the results of tasks finished more than CONCILIUM_TASK_RESULTS_KEEP_DAYS ago:
    a periodic task leaves one row each time it runs. How many were deleted."""
    days = float(getattr(settings, "CONCILIUM_TASK_RESULTS_KEEP_DAYS", 7))
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _by_model = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted
