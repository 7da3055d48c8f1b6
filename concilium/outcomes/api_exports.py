"""GET /api/exports?symbol=...&format=...: any document revision, in any language, as a file.

The symbol is a query parameter because symbols contain slashes (SCO/CFM/2020/1). What the
caller may not read answers exactly as what does not exist (404).

Large documents export in the background: POST /api/exports/jobs answers 202 with a job,
GET /api/exports/jobs/{id} follows its stage and percentage, GET /api/exports/jobs/{id}/file
fetches the file once done. A job is seen only by its requester and the Secretariat.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema, Status

from concilium.accounts.auth import actor_of
from concilium.core.errors import Conflict
from concilium.core.text import content_disposition
from concilium.outcomes.exporters import FORMATS, export_for
from concilium.outcomes.exporters.progress import stage_label
from concilium.outcomes.models import ExportJobStatus
from concilium.outcomes.selectors import export_job_file, export_job_get
from concilium.outcomes.services import export_job_start

router = Router(tags=["exports"])

JOB_NOT_READY = _("status: the export is {status} ({progress}%); fetch the file once it is "
                  "done.")


class ExportQuery(Schema):
    symbol: str
    format: str = "pdf"
    lang: str | None = None
    rev: int | None = None
    redline_from: int | None = None
    certified: bool = False


@router.get(
    "/exports",
    summary="Export a document as HTML, PDF, DOCX or Akoma Ntoso",
    description=(
        f"`format` is one of {', '.join(FORMATS)}. `lang` defaults to the document's original "
        "language, `rev` to the current text. `redline_from=N` gives the changes from Rev.N "
        "to `rev` (html, pdf, docx); `certified=true` a certified true copy of an adopted "
        "document (pdf, html). Errors name the field: 422 for a bad format or language, 404 "
        "for an unknown document or revision (or one the caller may not read)."
    ),
    openapi_extra={"responses": {200: {"content": {
        f.content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
        for f in FORMATS.values()}}}},
)
def export_document(request, params: Query[ExportQuery]):
    result = export_for(
        params.symbol, actor=actor_of(request), fmt=params.format, lang=params.lang,
        rev=params.rev, redline_from=params.redline_from, certified=params.certified,
    )
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = content_disposition(
        result.filename, inline=result.content_type.startswith("text/html"))
    return response


# --- Export jobs: large documents in the background ----------------------------------------


class ExportJobIn(Schema):
    symbol: str
    format: str = "pdf"
    lang: str | None = None
    rev: int | None = None


class ExportJobOut(Schema):
    id: uuid.UUID
    symbol: str
    format: str
    lang: str
    rev: int | None
    status: str = Field(description="queued, running, done or failed")
    progress: int = Field(description="0-100")
    stage: str = Field(description="what the export is doing, in the caller's language")
    error: str = Field(description="why it failed, when status is failed")
    created: dt.datetime
    finished: dt.datetime | None
    file_url: str | None = Field(description="where to fetch the file, once status is done")


def _job_out(job) -> dict:
    done = job.status == ExportJobStatus.DONE
    return {
        "id": job.id, "symbol": job.symbol, "format": job.format, "lang": job.lang,
        "rev": job.rev, "status": job.status, "progress": job.progress,
        "stage": stage_label(job.stage), "error": job.error, "created": job.created,
        "finished": job.finished,
        "file_url": reverse("api:export_job_file", args=[job.id]) if done else None,
    }


@router.post(
    "/exports/jobs",
    response={202: ExportJobOut},
    url_name="export_job_start",
    summary="Export a document in the background",
    description=(
        "For large documents (hundreds of pages): queues the export and answers at once with "
        "the job; follow it with GET /api/exports/jobs/{id}, fetch the file from `file_url` "
        f"when `status` is done. `format` is one of {', '.join(FORMATS)}; `lang` and `rev` "
        "as for GET /api/exports. Errors name the field: 422 for a bad format or language, "
        "404 for an unknown document or revision (or one the caller may not read), 403 for "
        "the public (a job belongs to an account)."
    ),
)
def export_job_create(request, payload: ExportJobIn):
    job = export_job_start(symbol=payload.symbol, fmt=payload.format, lang=payload.lang,
                           rev=payload.rev, acting_user=actor_of(request))
    return Status(202, _job_out(job))


@router.get(
    "/exports/jobs/{job_id}",
    response=ExportJobOut,
    url_name="export_job",
    summary="Progress of an export job",
    description="Only whoever started the job, or the Secretariat, sees it; others get 404.",
)
def export_job_status(request, job_id: uuid.UUID):
    return _job_out(export_job_get(job_id, actor=actor_of(request)))


@router.get(
    "/exports/jobs/{job_id}/file",
    url_name="export_job_file",
    summary="The file of a finished export job",
    description="409 while the job is still queued or running (or has failed); 404 as above.",
    openapi_extra={"responses": {200: {"content": {
        f.content_type.split(";")[0]: {"schema": {"type": "string", "format": "binary"}}
        for f in FORMATS.values()}}}},
)
def export_job_download(request, job_id: uuid.UUID):
    job = export_job_get(job_id, actor=actor_of(request))
    stored = export_job_file(job)
    if stored is None:
        raise Conflict(JOB_NOT_READY, field="status", status=job.status,
                       progress=job.progress)
    content_type = FORMATS[job.format].content_type
    response = FileResponse(stored, content_type=content_type)
    response["Content-Disposition"] = content_disposition(
        job.filename, inline=content_type.startswith("text/html"))
    return response
