"""HTML: one semantic, printable page per text, from Django templates.

Templates are found from the most specific to the least (docs STYLE.md, item 9):
`outcomes/export/<doc_type>.<lang>.html`, `<doc_type>.html`, `default.<lang>.html`,
`default.html`, under `outcomes/export/` for a plain text and under
`outcomes/export/redline/` or `outcomes/export/certified/` for the other kinds. A
declaration can so look different from a report, and a Chinese text from an English one,
without code.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from babel.dates import format_date as babel_format_date
from django.template.loader import select_template
from django.utils import translation

from concilium.outcomes.exporters.text import ExportRedline, ExportText
from concilium.rules import grammar_ru

CSS_PATH = Path(__file__).resolve().parent.parent / "static" / "outcomes" / "export.css"
TEMPLATE_DIR = "outcomes/export"

# Django's language codes for the charter's two-letter ones, where they differ.
DJANGO_LANGUAGE = {"zh": "zh-hans"}


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


def template_names(doc_type: str, lang: str, kind: str = "") -> list[str]:
    """Candidate templates, most specific first."""
    base = f"{TEMPLATE_DIR}/{kind}/" if kind else f"{TEMPLATE_DIR}/"
    return [f"{base}{doc_type}.{lang}.html", f"{base}{doc_type}.html",
            f"{base}default.{lang}.html", f"{base}default.html"]


def find_template(doc_type: str, lang: str, kind: str = ""):
    return select_template(template_names(doc_type, lang, kind))


def render(text: ExportText, *, medium: str = "html", kind: str = "", **context) -> str:
    """The page as a string; `medium` "pdf" puts views in footnotes instead of a list."""
    template = find_template(text.doc_type, text.lang, kind)
    with translation.override(DJANGO_LANGUAGE.get(text.lang, text.lang)):
        return template.render({"text": text, "medium": medium, "css": stylesheet(), **context})


def export_html(text: ExportText) -> bytes:
    return render(text).encode("utf-8")


def render_redline(redline: ExportRedline, *, medium: str = "html") -> str:
    return render(redline.text, medium=medium, kind="redline", redline=redline)


def export_redline_html(redline: ExportRedline) -> bytes:
    return render_redline(redline).encode("utf-8")


def format_date(day: dt.date, lang: str) -> str:
    """"10 November 2020", "10 ноября 2020 г.", "2020年11月10日"."""
    locale = {"en": "en_GB", "zh": "zh_Hans"}.get(lang, lang)
    return babel_format_date(day, "long", locale=locale).replace("\u202f", " ").replace(
        "\xa0", " ")


def render_certified(text: ExportText, *, medium: str = "html",
                     certified_on: dt.date | None = None) -> str:
    """The certified copy; the statement names the organization in the case its language
    needs ("Секретариат Шанхайской организации сотрудничества") and dates as it writes them."""
    day = certified_on or dt.date.today()
    organization = (grammar_ru.inflect(text.organization, "gent") if text.lang == "ru"
                    else text.organization)
    return render(text, medium=medium, kind="certified", certified_on=day,
                  organization_of=organization,
                  certified_on_text=format_date(day, text.lang),
                  registry_date_text=_in_sentence(format_date(text.registry_date, text.lang)
                                                  if text.registry_date else "", text.lang))


def _in_sentence(day: str, lang: str) -> str:
    """A date inside a Russian sentence ending with a full stop: "10 ноября 2020 года"."""
    return day[:-3] + " года" if lang == "ru" and day.endswith(" г.") else day
