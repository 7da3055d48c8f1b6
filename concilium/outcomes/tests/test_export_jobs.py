"""Export jobs: a large document exports in the background, with its stage and percentage
shown, and the file is fetched when it is done (docs PERFORMANCE.md, "Exports").

The job is a task in the database queue; tests run the queue with the real worker in this
process (`concilium worker --batch`), on a transactional database since the worker takes
its tasks in transactions of its own. The worker killed in the middle of a job is in
test_export_jobs_survive.py.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from concilium.core.worker import requeue_abandoned
from concilium.documents import services as ds
from concilium.outcomes import jobs
from concilium.outcomes.models import ExportJob, ExportJobStatus
from concilium.outcomes.services import export_job_start

SYMBOL = "SCO/CFM/2020/7"
JOBS = "/api/exports/jobs"
PARAGRAPHS = 40


def run_queue() -> None:
    """What a background worker does: run every queued task, then stop."""
    call_command("worker", "--batch")


def paragraph(n: int) -> dict:
    return {"en": f"The Ministers considered item {n} of the programme of cooperation and "
                  "agreed to report on it to the next meeting of the Council.",
            "ru": f"Министры рассмотрели пункт {n} программы сотрудничества.",
            "zh": f"外长们审议了合作纲要第{n}项。"}


@pytest.fixture
def large(secretariat_officer, settings, tmp_path):
    """A members-only CFM report long enough (here: 40 paragraphs, the threshold lowered to
    30) to export in the background; files go to a temporary storage."""
    settings.CONCILIUM_EXPORT_BACKGROUND_PARAGRAPHS = 30
    settings.MEDIA_ROOT = tmp_path
    return ds.document_create(
        doc_type="statement", body="cfm", lang="en", symbol=SYMBOL,
        titles={"en": "Report on the programme", "ru": "Доклад о программе",
                "zh": "关于纲要的报告"},
        paragraphs=[paragraph(n) for n in range(1, PARAGRAPHS + 1)],
        classification="members", acting_user=secretariat_officer)


def client_for(username=None) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def reports(monkeypatch):
    """Every progress report the worker makes, as (stage, percent, percent on the row)."""
    seen = []
    original = jobs._Reporter.__call__

    def spy(self, stage, percent):
        self.interval = 0
        original(self, stage, percent)
        seen.append((stage, percent, ExportJob.objects.get(pk=self.job_id).progress))

    monkeypatch.setattr(jobs._Reporter, "__call__", spy)
    return seen


@pytest.mark.django_db(transaction=True)
class TestBackgroundExport:
    def test_a_large_document_reports_progress_and_ends_with_a_valid_pdf(
            self, large, indian_delegate, reports, tmp_path):
        """POST answers 202 at once with a queued job; the worker goes through preparing
        text, laying out pages and writing PDF with a rising percentage kept on the row, and
        the file is a PDF carrying the document's text."""
        client = client_for("india")
        r = client.post(JOBS, {"symbol": SYMBOL, "format": "pdf", "lang": "en"},
                        content_type="application/json")
        assert r.status_code == 202, r.content
        job = r.json()
        assert job["status"] == "queued" and job["file_url"] is None
        run_queue()

        stages = [stage for stage, _, _ in reports]
        for stage in ("preparing text", "laying out pages", "writing PDF"):
            assert stage in stages, stages
        assert stages.index("preparing text") < stages.index("laying out pages") < (
            stages.index("writing PDF"))
        percents = [row for _, _, row in reports]
        assert percents == sorted(percents) and len(set(percents)) > 5, percents

        r = client.get(f"{JOBS}/{job['id']}")
        assert r.status_code == 200
        done = r.json()
        assert (done["status"], done["progress"], done["error"]) == ("done", 100, "")
        assert done["finished"] and done["file_url"] == f"{JOBS}/{job['id']}/file"

        r = client.get(done["file_url"])
        assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
        assert 'filename="SCO-CFM-2020-7.en.pdf"' in r["Content-Disposition"]
        data = b"".join(r.streaming_content)
        assert data.startswith(b"%PDF")
        stored = ExportJob.objects.get()
        assert stored.file == f"exports/{stored.pk}.pdf"
        assert (tmp_path / stored.file).read_bytes() == data
        if shutil.which("pdftotext"):
            (tmp_path / "job.pdf").write_bytes(data)
            text = subprocess.run(["pdftotext", str(tmp_path / "job.pdf"), "-"],
                                  capture_output=True, text=True, check=True).stdout
            assert "item 40 of the programme" in text.replace("\n", " ")

    def test_docx_reports_paragraph_batches(self, large, secretariat_officer, reports,
                                            monkeypatch, tmp_path):
        """A Word export reports its paragraphs batch by batch, then the saving."""
        monkeypatch.setattr("concilium.outcomes.exporters.docx.PROGRESS_BATCH", 10)
        job = export_job_start(symbol=SYMBOL, fmt="docx", lang="ru", rev=None,
                               acting_user=secretariat_officer)
        run_queue()
        job.refresh_from_db()
        assert job.status == ExportJobStatus.DONE, job.error
        assert [s for s, _, _ in reports].count("writing paragraphs") == PARAGRAPHS // 10
        document = docx.Document(str(tmp_path / job.file))
        assert any("пункт 40" in p.text for p in document.paragraphs)

    def test_a_failure_is_recorded_on_the_job(self, large, secretariat_officer, monkeypatch):
        """An exporter that breaks leaves a failed job with a message, not a running one."""
        def broken(*args, **kwargs):
            raise RuntimeError("disk on fire")

        monkeypatch.setattr(jobs, "export_for", broken)
        job = export_job_start(symbol=SYMBOL, fmt="pdf", acting_user=secretariat_officer)
        run_queue()
        job.refresh_from_db()
        assert job.status == ExportJobStatus.FAILED and job.finished
        assert "failed" in job.error and "disk" not in job.error


class TestWhoMay:
    def test_an_observer_cannot_start_a_job_on_a_members_only_document(
            self, large, mongolian_observer):
        """The same 404 as for a document that does not exist; no job is created."""
        client = client_for("mongolia")
        r = client.post(JOBS, {"symbol": SYMBOL, "format": "pdf"},
                        content_type="application/json")
        missing = client.post(JOBS, {"symbol": "SCO/CFM/2099/9", "format": "pdf"},
                              content_type="application/json")
        assert r.status_code == missing.status_code == 404
        assert r.json()["error"] == "not_found"
        assert not ExportJob.objects.exists()

    def test_another_user_cannot_read_someones_job(self, large, indian_delegate,
                                                   pakistani_delegate, secretariat_officer):
        """Pakistan gets 404 for India's job and its file; the Secretariat sees it."""
        job = ExportJob.objects.create(symbol=SYMBOL, format="pdf", lang="en",
                                       requested_by="india")
        for path in (f"{JOBS}/{job.pk}", f"{JOBS}/{job.pk}/file"):
            assert client_for("pakistan").get(path).status_code == 404, path
            assert client_for().get(path).status_code == 404, path
        assert client_for("india").get(f"{JOBS}/{job.pk}").json()["status"] == "queued"
        assert client_for("officer").get(f"{JOBS}/{job.pk}").status_code == 200

    def test_the_public_needs_an_account_for_a_job(self, large, secretariat_officer):
        """A public document exports to anyone, but a job belongs to an account: 403."""
        ds.document_create(doc_type="statement", body="cfm", lang="en",
                           symbol="SCO/CFM/2020/8", titles={"en": "Public"},
                           paragraphs=[paragraph(1)], classification="public",
                           acting_user=secretariat_officer)
        r = client_for().post(JOBS, {"symbol": "SCO/CFM/2020/8"},
                              content_type="application/json")
        assert r.status_code == 403


class TestRefusals:
    def test_bad_input_is_a_4xx_naming_the_field(self, large, secretariat_officer):
        """Each refusal names what to fix, and nothing is queued."""
        client = client_for("officer")
        for body, status, field in [
            ({"format": "rtf"}, 422, "format"),
            ({"format": "pdf", "lang": "fr"}, 422, "lang"),
            ({"format": "pdf", "rev": 9}, 404, "rev"),
            ({"format": "pdf", "rev": "first"}, 422, "rev"),
        ]:
            r = client.post(JOBS, {"symbol": SYMBOL, **body}, content_type="application/json")
            assert r.status_code == status, (body, r.content)
            assert r.json()["field"] == field, body
        assert not ExportJob.objects.exists()

    def test_the_file_is_409_until_the_job_is_done(self, large, secretariat_officer):
        job = ExportJob.objects.create(symbol=SYMBOL, format="pdf", lang="en",
                                       requested_by="officer", status="running", progress=40)
        r = client_for("officer").get(f"{JOBS}/{job.pk}/file")
        assert r.status_code == 409 and r.json()["field"] == "status"
        assert "40%" in r.json()["message"]

    def test_unknown_job_is_404(self, secretariat_officer):
        client = client_for("officer")
        assert client.get(f"{JOBS}/5f0c3c52-2a4e-4f55-9a55-5b2d3b0f0a11").status_code == 404
        assert client.get(f"{JOBS}/not-a-uuid").status_code == 422


class TestOpenApi:
    def test_the_job_endpoints_are_described(self, db):
        schema = Client().get("/api/openapi.json").json()
        assert "202" in schema["paths"]["/api/exports/jobs"]["post"]["responses"]
        assert "/api/exports/jobs/{job_id}" in schema["paths"]
        assert "/api/exports/jobs/{job_id}/file" in schema["paths"]
        assert "ExportJobOut" in schema["components"]["schemas"]


class TestCommand:
    def test_a_large_pdf_shows_its_stages_on_a_terminal(self, large, tmp_path, monkeypatch):
        """On a terminal, `concilium export` draws a progress bar naming the stages."""
        from concilium.outcomes.management.commands import export as command

        monkeypatch.setattr(command, "on_terminal", lambda stream: True)
        err = io.StringIO()
        out = tmp_path / "report.pdf"
        call_command("export", SYMBOL, "--format", "pdf", "-o", str(out), stderr=err)
        assert out.read_bytes().startswith(b"%PDF")
        assert "laying out pages" in err.getvalue() and "writing PDF" in err.getvalue()


@pytest.mark.django_db(transaction=True)
class TestPage:
    """The PDF button in the pages (htmx): a large document shows a progress bar that turns
    into a download link; a small one downloads at once."""

    def test_a_large_document_shows_a_progress_bar_then_a_download_link(
            self, large, indian_delegate, pakistani_delegate):
        client = client_for("india")
        r = client.post("/exports/start", {"symbol": SYMBOL, "format": "pdf", "lang": "en"},
                        HTTP_HX_REQUEST="true")
        assert r.status_code == 200
        page = r.content.decode()
        job = ExportJob.objects.get()
        assert f'hx-get="/exports/job/{job.pk}"' in page and 'hx-trigger="every 1s"' in page
        assert "<progress" in page and 'max="100"' in page
        assert f'<label for="export-job-{job.pk}-bar">' in page  # the bar has a text label

        run_queue()
        r = client.get(f"/exports/job/{job.pk}", HTTP_HX_REQUEST="true")
        assert r.status_code == 286  # htmx stops polling
        assert f'href="/api/exports/jobs/{job.pk}/file"' in r.content.decode()
        assert client_for("pakistan").get(f"/exports/job/{job.pk}").status_code == 404

    def test_a_small_document_downloads_at_once(self, large, secretariat_officer, settings):
        settings.CONCILIUM_EXPORT_BACKGROUND_PARAGRAPHS = 1000
        r = client_for("officer").post("/exports/start", {"symbol": SYMBOL, "format": "pdf",
                                                          "lang": "zh"},
                                       HTTP_HX_REQUEST="true")
        assert r.status_code == 204
        assert r["HX-Redirect"] == "/api/exports?symbol=SCO%2FCFM%2F2020%2F7&format=pdf&lang=zh"
        assert not ExportJob.objects.exists()

    def test_the_export_menu_offers_the_background_pdf(self, large, secretariat_officer):
        page = client_for("officer").get(f"/room/{SYMBOL}").content.decode()
        assert 'hx-post="/exports/start"' in page
        assert '"symbol": "SCO/CFM/2020/7", "format": "pdf"' in page


@pytest.mark.django_db
class TestLostWorker:
    """A job whose worker was killed too often is failed by the queue (`core.worker`): the
    job's row, the page and the API say failed and what to do next, never "running"."""

    def _lost_three_times(self, large, secretariat_officer, settings) -> ExportJob:
        settings.CONCILIUM_TASK_ATTEMPTS = 3
        job = export_job_start(symbol=SYMBOL, fmt="pdf", lang="en",
                               acting_user=secretariat_officer)
        task = DBTaskResult.objects.get(task_path="concilium.outcomes.tasks.export_run")
        task.worker_ids = ["lost-1", "lost-2"]
        task.claim("lost-3")  # claimed a third time; that worker too stops beating
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJobStatus.RUNNING,
                                                   stage="laying out pages", progress=40)
        assert requeue_abandoned() == (0, 1)
        job.refresh_from_db()
        return job

    def test_the_job_is_failed_with_what_to_do_next(self, large, secretariat_officer,
                                                    settings):
        job = self._lost_three_times(large, secretariat_officer, settings)
        assert job.status == ExportJobStatus.FAILED and job.finished is not None
        assert job.error == str(jobs.EXPORT_LOST)
        body = client_for("officer").get(f"{JOBS}/{job.pk}").json()
        assert body["status"] == "failed" and "Try again" in body["error"]

    def test_the_progress_bar_stops_and_offers_to_try_again_in_russian(
            self, large, secretariat_officer, settings):
        job = self._lost_three_times(large, secretariat_officer, settings)
        r = client_for("officer").get(f"/exports/job/{job.pk}", HTTP_HX_REQUEST="true",
                                      HTTP_ACCEPT_LANGUAGE="ru")
        page = r.content.decode()
        assert r.status_code == 286  # htmx stops polling
        assert "<progress" not in page and "laying out pages" not in page
        with translation.override("ru"):
            assert str(jobs.EXPORT_LOST) in page and _("Try again") in page
        assert "фоновый обработчик" in page and "worker" not in page
        assert "/api/exports?symbol=" in page

    def test_a_job_already_finished_is_left_as_it_is(self, large, secretariat_officer,
                                                     settings):
        """The hook changes only a job still waiting or running."""
        settings.CONCILIUM_TASK_ATTEMPTS = 3
        job = export_job_start(symbol=SYMBOL, fmt="pdf", lang="en",
                               acting_user=secretariat_officer)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJobStatus.DONE, progress=100)
        jobs.export_job_lost([str(job.pk)], {})
        job.refresh_from_db()
        assert job.status == ExportJobStatus.DONE and job.error == ""
