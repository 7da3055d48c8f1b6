"""GET /api/exports?symbol=...&format=...: any document revision, in any language, as a file.

The symbol is a query parameter because symbols contain slashes (SCO/CFM/2020/1). What the
caller may not read answers exactly as what does not exist (404).
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Query, Router, Schema

from concilium.core.auth import actor_of
from concilium.outcomes.exporters import FORMATS, export_for

router = Router(tags=["exports"])


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
    disposition = "inline" if result.content_type.startswith("text/html") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{result.filename}"'
    return response
