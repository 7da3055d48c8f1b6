"""The outcomes app's background tasks (Django's tasks API; run by `concilium worker`)."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from concilium.outcomes import jobs


@task()
def export_run(job_id: str, actor: list) -> str:
    """Run one export job (`actor` as `jobs.actor_as_data` gives it)."""
    return jobs.export_job_run(job_id, jobs.actor_from_data(actor))


@task()
def exports_prune() -> int:
    """Delete export files older than CONCILIUM_EXPORT_KEEP_DAYS (periodic)."""
    return jobs.export_files_prune(older_than_days=settings.CONCILIUM_EXPORT_KEEP_DAYS)
