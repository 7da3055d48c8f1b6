"""Old export files are deleted, with their jobs, by a command and by the worker's schedule."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from concilium.outcomes.models import ExportJob, ExportJobStatus
from concilium.outcomes.tasks import exports_prune


def finished(days_ago: float) -> ExportJob:
    job = ExportJob.objects.create(symbol="SCO/CFM/2020/7", format="pdf", lang="en",
                                   requested_by="india", status=ExportJobStatus.DONE,
                                   progress=100,
                                   finished=timezone.now() - dt.timedelta(days=days_ago))
    job.file = default_storage.save(f"exports/{job.pk}.pdf", ContentFile(b"%PDF-1.7 ..."))
    job.save()
    return job


@pytest.fixture
def storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
class TestPruning:
    def test_files_older_than_the_limit_go_with_their_jobs(self, storage):
        old, recent = finished(days_ago=10), finished(days_ago=1)
        out = io.StringIO()
        call_command("exports", "prune", "--days", "7", stdout=out)
        assert "Deleted 1 export files older than 7 days." in out.getvalue()
        assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
        assert not (storage / old.file).exists() and (storage / recent.file).exists()

    def test_the_default_limit_comes_from_the_settings(self, storage, settings):
        settings.CONCILIUM_EXPORT_KEEP_DAYS = 0.5
        finished(days_ago=1)
        call_command("exports", "prune", stdout=io.StringIO())
        assert not ExportJob.objects.exists()

    def test_the_periodic_task_prunes_too(self, storage, settings):
        settings.CONCILIUM_EXPORT_KEEP_DAYS = 7
        finished(days_ago=30)
        assert exports_prune.call() == 1

    def test_a_negative_limit_is_refused(self, storage):
        finished(days_ago=10)
        with pytest.raises(CommandError) as refused:
            call_command("exports", "prune", "--days", "-1")
        assert refused.value.returncode == 2 and "days" in str(refused.value)
        assert ExportJob.objects.count() == 1
