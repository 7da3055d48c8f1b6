"""Exports of documents and composed texts: HTML, PDF, DOCX and Akoma Ntoso.

`FORMATS` is the registry: each format says its file extension, its content type and which
kinds it renders (a text, a redline between two revisions, a certified copy). The API and
the `export` command both call `export_for`, so they accept and refuse the same things.

Exporters take plain data (`ExportText`, `ExportRedline`), never a request; build them from
the models with `export_text_for` / `export_redline_for`, or directly for composed texts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from concilium.core.errors import ValidationFailed
from concilium.documents.selectors import document_get
from concilium.outcomes.exporters.akn import export_akn, validate_akn
from concilium.outcomes.exporters.certified import (
    certified_copy_record,
    export_certified_html,
    export_certified_pdf,
)
from concilium.outcomes.exporters.docx import export_docx
from concilium.outcomes.exporters.html import export_html, export_redline_html
from concilium.outcomes.exporters.pdf import export_pdf
from concilium.outcomes.exporters.progress import PREPARING, WRITING_FILE, Progress
from concilium.outcomes.exporters.redline import export_redline_docx, export_redline_pdf
from concilium.outcomes.exporters.text import (
    ExportParagraph,
    ExportRedline,
    ExportText,
    RedlineParagraph,
    RedlineRun,
    View,
    check_language,
    display_text,
    export_redline_for,
    export_text_for,
)
from concilium.rules.permissions import Actor


@dataclass(frozen=True)
class Format:
    """An export format and what it can render."""

    name: str
    label: str
    extension: str
    content_type: str
    text: Callable[[ExportText], bytes]
    redline: Callable[[ExportRedline], bytes] | None = None
    certified: Callable[[ExportText], bytes] | None = None
    # `text` taking a progress callback as its second argument (long exports report stages)
    reports_progress: bool = False


FORMATS: dict[str, Format] = {
    f.name: f for f in (
        Format("html", _("HTML page"), "html", "text/html; charset=utf-8", export_html,
               export_redline_html, export_certified_html),
        Format("pdf", _("PDF"), "pdf", "application/pdf", export_pdf, export_redline_pdf,
               export_certified_pdf, reports_progress=True),
        Format("docx", _("Word document"), "docx",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
               export_docx, export_redline_docx, reports_progress=True),
        Format("akn", _("Akoma Ntoso XML"), "akn.xml", "application/akn+xml", export_akn),
    )
}

UNKNOWN_FORMAT = _("format: '{value}' is not an export format; use one of {known}.")
NO_REDLINE = _("format: a redline is exported as {known}, not '{value}'.")
NO_CERTIFIED = _("format: a certified copy is exported as {known}, not '{value}'.")
REDLINE_AND_CERTIFIED = _("certified: a certified copy cannot also be a redline.")


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def get_format(name: str | None, *, redline: bool = False, certified: bool = False) -> Format:
    """The format by name, checked against the kind asked for; 422 naming `format`."""
    fmt = FORMATS.get((name or "").strip().lower())
    if fmt is None:
        raise ValidationFailed(UNKNOWN_FORMAT, field="format", value=name or "",
                               known=", ".join(FORMATS))
    if redline and fmt.redline is None:
        known = ", ".join(f.name for f in FORMATS.values() if f.redline)
        raise ValidationFailed(NO_REDLINE, field="format", value=fmt.name, known=known)
    if certified and fmt.certified is None:
        known = ", ".join(f.name for f in FORMATS.values() if f.certified)
        raise ValidationFailed(NO_CERTIFIED, field="format", value=fmt.name, known=known)
    return fmt


def readable_document(symbol: str, *, actor: Actor):
    """The document if `actor` may read it; otherwise the same NotFound as a missing one."""
    return document_get(symbol, actor=actor)


def export_for(symbol: str, *, actor: Actor, fmt: str | None, lang: str | None = None,
               rev: int | None = None, redline_from: int | None = None,
               certified: bool = False, progress: Progress | None = None) -> ExportFile:
    """Export a stored document as `actor` may see it: the one door for the API and the CLI.

    Checks, in order: format (422 `format`), the document (404, same whether missing or not
    readable), language (422 `lang`), revisions (404 `rev` / `redline_from`), and for a
    certified copy the registry entry (422 `certified`).

    `progress(stage, percent)`, if given, hears the stages of a plain text's export (PDF and
    DOCX page by page or paragraph batch by batch; other formats and kinds before and after).
    """
    if certified and redline_from is not None:
        raise ValidationFailed(REDLINE_AND_CERTIFIED, field="certified")
    chosen = get_format(fmt, redline=redline_from is not None, certified=certified)
    document = readable_document(symbol, actor=actor)
    if redline_from is not None:
        redline = export_redline_for(document, lang=lang, old_rev=redline_from, new_rev=rev)
        return ExportFile(chosen.redline(redline), chosen.content_type,
                          f"{redline.filename_stem}.{chosen.extension}")
    if progress is not None:
        progress(PREPARING, 0)
    text = export_text_for(document, lang=lang, rev=rev)
    if progress is not None and not certified and chosen.reports_progress:
        return ExportFile(chosen.text(text, progress), chosen.content_type,
                          f"{text.filename_stem}.{chosen.extension}")
    if progress is not None:
        progress(WRITING_FILE, 10)
    if certified:
        data = chosen.certified(text)
        certified_copy_record(data=data, text=text, fmt=chosen.name, acting_user=actor)
        return ExportFile(data, chosen.content_type,
                          f"{text.filename_stem}.certified.{chosen.extension}")
    return ExportFile(chosen.text(text), chosen.content_type,
                      f"{text.filename_stem}.{chosen.extension}")


__all__ = [
    "FORMATS",
    "ExportFile",
    "ExportParagraph",
    "ExportRedline",
    "ExportText",
    "Format",
    "RedlineParagraph",
    "RedlineRun",
    "View",
    "check_language",
    "display_text",
    "export_akn",
    "export_certified_html",
    "export_certified_pdf",
    "export_docx",
    "export_for",
    "export_html",
    "export_pdf",
    "export_redline_docx",
    "export_redline_for",
    "export_redline_html",
    "export_redline_pdf",
    "export_text_for",
    "get_format",
    "readable_document",
    "validate_akn",
]
