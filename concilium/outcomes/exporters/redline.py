"""Redlines between two revisions: HTML and PDF with <ins>/<del>, DOCX with tracked changes.

The comparison itself is `concilium.rules.redline.diff_document`, run by
`export_redline_for` on the two revisions' texts in the chosen language.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from django.utils.translation import gettext as _

from concilium.outcomes.exporters.docx import DocxBuilder, masthead, redline_docx
from concilium.outcomes.exporters.html import (
    DJANGO_LANGUAGE,
    export_redline_html,
    render_redline,
)
from concilium.outcomes.exporters.pdf import html_to_pdf
from concilium.outcomes.exporters.text import ExportRedline


def export_redline_pdf(redline: ExportRedline) -> bytes:
    return html_to_pdf(render_redline(redline, medium="pdf"))


def export_redline_docx(redline: ExportRedline, *, when: dt.datetime | None = None) -> bytes:
    """Word tracked changes attributed to the newer revision, so Word can accept or reject."""
    text = redline.text
    builder = DocxBuilder(text.lang, title=text.title)
    masthead(builder, text)
    with translation.override(DJANGO_LANGUAGE.get(text.lang, text.lang)):
        legend = _("Changes from %(old)s to %(new)s") % {"old": redline.old_label,
                                                          "new": redline.new_label}
    builder.paragraph("Normal", legend)
    when = when or dt.datetime.now(dt.UTC)
    redline_docx(builder, redline.paragraphs, author=redline.new_label or "Concilium",
                 when=when)
    return builder.save()


__all__ = ["export_redline_docx", "export_redline_html", "export_redline_pdf"]
