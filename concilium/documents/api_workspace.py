"""Endpoints of the secretariat's drafting workspace that sit beside the document routes:
the preview of an import and a language's translation in one go.

Mounted by `concilium.api` before `documents.api`: that router's `/documents/{path:symbol}`
would otherwise swallow these paths (a symbol may contain slashes).
"""

from __future__ import annotations

from ninja import File, Router, Schema
from ninja.files import UploadedFile

from concilium.accounts.auth import actor_of
from concilium.documents import services

router = Router(tags=["documents"])


class PreviewParagraphOut(Schema):
    number: int
    text: str
    brackets: int
    options: int


class PreviewChangeOut(Schema):
    kind: str
    number: int
    text: str


class ImportPreviewOut(Schema):
    filename: str
    title: str
    paragraphs: list[PreviewParagraphOut]
    changes: list[PreviewChangeOut]


@router.post("/documents/import/preview", response=ImportPreviewOut,
             summary="What importing a file would create, writing nothing: paragraphs, "
                     "brackets and options, tracked changes as the proposals they will become")
def preview_import(request, file: UploadedFile = File(...)):  # noqa: B008 (ninja's declaration)
    preview = services.document_import_preview(
        content=file.read(), filename=file.name or "upload.txt", acting_user=actor_of(request))
    return ImportPreviewOut(
        filename=preview.filename, title=preview.title,
        paragraphs=[PreviewParagraphOut(number=p.number, text=p.text, brackets=p.brackets,
                                        options=p.options) for p in preview.paragraphs],
        changes=[PreviewChangeOut(kind=c.kind, number=c.number, text=c.text)
                 for c in preview.changes])
