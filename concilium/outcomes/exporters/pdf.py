"""PDF through WeasyPrint, from the same templates as HTML.

Chinese, Cyrillic and Latin glyphs come from the system fonts the set-up installs
(fonts-noto-cjk, DejaVu); the stylesheet lists them per language (`:lang(zh)` first tries
Noto Serif CJK SC), and the `lang` attribute on the page selects them. Views are CSS
footnotes (`float: footnote`) at the foot of the page where their paragraph is.
"""

from __future__ import annotations

from weasyprint import HTML

from concilium.outcomes.exporters.html import render
from concilium.outcomes.exporters.text import ExportText


def html_to_pdf(page: str) -> bytes:
    return HTML(string=page, base_url=None).write_pdf()


def export_pdf(text: ExportText) -> bytes:
    return html_to_pdf(render(text, medium="pdf"))
