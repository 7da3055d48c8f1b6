"""PDF through WeasyPrint, from the same templates as HTML.

Chinese, Cyrillic and Latin glyphs come from the system fonts the set-up installs
(fonts-noto-cjk, DejaVu); the stylesheet lists them per language by class (`.lang-zh` first
tries Noto Serif CJK SC), the class being set on the page's body. Views are CSS footnotes
(`float: footnote`) at the foot of the page where their paragraph is.

With a `progress` callback, the export reports its stages: preparing text (the template),
laying out pages (WeasyPrint's render, page by page against an estimate of the page count)
and writing PDF (`Document.write_pdf`).
"""

from __future__ import annotations

from concilium.outcomes.exporters import progress as p
from concilium.outcomes.exporters.html import render
from concilium.outcomes.exporters.text import ExportText

# Characters of running text per A4 page in the export stylesheet (measured: 2,000
# paragraphs of 60 English words make 260 pages); a Chinese character takes about as much
# room as four Latin ones.
CHARS_PER_PAGE = 3_900
CJK_WEIGHT = 4


def estimated_pages(text: ExportText) -> int:
    chars = sum(len(para.text) + 40 for para in text.paragraphs)
    if text.lang == "zh":
        chars *= CJK_WEIGHT
    return max(1, round(chars / CHARS_PER_PAGE))


def html_to_pdf(page: str, progress: p.Progress | None = None, *, pages: int = 1) -> bytes:
    """The page as PDF; with `progress`, report layout and writing (`pages`: an estimate)."""
    # Lazy: importing WeasyPrint takes ~0.6 s and ~40 MB (measured), which every process
    # that loads the URLs or the composer (the server, each command) would pay for no PDF.
    from weasyprint import HTML

    if progress is None:
        return HTML(string=page, base_url=None).write_pdf()

    def on_step(step: int, page_number: int | None) -> None:
        if step < 5:  # parsing HTML and CSS, cascading, building boxes
            progress(p.LAYING_OUT, 5 + 2 * step)
        elif step == 5 and page_number:
            progress(p.LAYING_OUT, 15 + min(64, 64 * page_number // pages))
        elif step == 6:
            progress(p.WRITING_PDF, 82)
        elif step == 7:
            progress(p.WRITING_PDF, 97)

    progress(p.LAYING_OUT, 5)
    with p.weasyprint_steps(on_step):
        document = HTML(string=page, base_url=None).render()
        progress(p.WRITING_PDF, 80)
        data = document.write_pdf()
    progress(p.DONE, 100)
    return data


def export_pdf(text: ExportText, progress: p.Progress | None = None) -> bytes:
    if progress is not None:
        progress(p.PREPARING, 2)
    return html_to_pdf(render(text, medium="pdf"), progress, pages=estimated_pages(text))
