"""Dates from people and for people: parsing one (a message that says which field and which
format), and writing one as each language writes it in an official text."""

from __future__ import annotations

import datetime as dt

from babel import dates as babel_dates
from django.utils.translation import gettext_lazy as _

from concilium.core.errors import ValidationFailed

#: The locale whose conventions each language's dates follow (British order in English:
#: "10 September 2020", as the organization's texts write it).
LOCALES = {"en": "en_GB", "ru": "ru", "zh": "zh_Hans"}
#: Babel's no-break and narrow no-break spaces ("2020\u202fг."), made plain.
_PLAIN_SPACES = str.maketrans({"\xa0": " ", "\u202f": " "})

BAD_DATE = _("{field}: '{value}' is not a date; write it as YYYY-MM-DD.")


def parse_date(value: str | dt.date | None, *, field: str, default: dt.date | None = None):
    if value is None or value == "":
        return default
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(BAD_DATE, field=field, value=value) from None


def locale_of(lang: str) -> str:
    return LOCALES.get(lang, lang)


def format_date(day: dt.date, lang: str) -> str:
    """"10 September 2020", "10 сентября 2020 г.", "2020年9月10日" (Babel's long format)."""
    # Plain spaces: the composed paragraphs are tidied and searched as plain text.
    return babel_dates.format_date(day, "long", locale=locale_of(lang)).translate(_PLAIN_SPACES)


def format_span(start: dt.date, end: dt.date, lang: str) -> str:
    """A meeting's days: "4–9 September 2020", "4–9 сентября 2020 г.", "2020年9月4日至9日".

    Months are written out in full, as in the body of an official text (Babel's interval
    formats abbreviate them)."""
    if start == end:
        return format_date(start, lang)
    if lang == "zh":  # written out, not Babel's interval: its CLDR data changes the joiner
        if start.year != end.year:
            return f"{format_date(start, lang)}至{format_date(end, lang)}"
        tail = f"{end.day}日" if start.month == end.month else f"{end.month}月{end.day}日"
        return f"{format_date(start, lang)}至{tail}"
    months = babel_dates.get_month_names("wide", context="format", locale=locale_of(lang))
    year = " г." if lang == "ru" else ""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {months[start.month]} {start.year}{year}"
    if start.year == end.year:
        return f"{start.day} {months[start.month]} – {format_date(end, lang)}"
    return f"{format_date(start, lang)} – {format_date(end, lang)}"
