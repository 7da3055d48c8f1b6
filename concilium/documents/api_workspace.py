"""Endpoints of the secretariat's drafting workspace that sit beside the document routes:
the preview of an import (`/api/documents/import/preview`) and a language's translation of
several paragraphs in one go (`/api/translations/{lang}/{symbol}`).

Mounted by `concilium.api` before `documents.api`: that router's `/documents/{path:symbol}`
would otherwise swallow these paths (a symbol may contain slashes).
"""

from __future__ import annotations

from ninja import File, Router, Schema
from ninja.files import UploadedFile

from concilium.accounts.auth import actor_of
from concilium.documents import selectors, services

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


class TranslationIn(Schema):
    texts: dict[int, str]
    expected_version: int | None = None


class TranslationOut(Schema):
    symbol: str
    lang: str
    version: int
    missing: list[int]
    outdated: list[int]


@router.put("/translations/{lang}/{path:symbol}", response=TranslationOut,
            summary="Set a language version of several paragraphs as one new version; the "
                    "paragraphs still missing or out of date in that language")
def set_translation(request, lang: str, symbol: str, payload: TranslationIn):
    doc = services.translation_set(symbol=symbol, lang=lang, texts=payload.texts,
                                   expected_version=payload.expected_version,
                                   acting_user=actor_of(request))
    paragraphs = selectors.document_paragraphs(doc)
    return TranslationOut(
        symbol=doc.symbol, lang=lang, version=doc.version,
        missing=[p.number for p in paragraphs
                 if p.texts[lang].status == selectors.Translation.MISSING],
        outdated=[p.number for p in paragraphs
                  if p.texts[lang].status == selectors.Translation.OUTDATED])
