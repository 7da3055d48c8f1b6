"""How the three languages write dates and lists of names, and in which order names go.

Lists of states follow the order of the language (`organization.selectors.state_order`,
read with the records): alphabetical by name in English and Russian, the charter's explicit
pinyin order in Chinese. Nothing here reads the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from babel import dates as babel_dates
from babel.lists import format_list

from concilium.rules import grammar_ru
from concilium.rules.collation import sort_key

#: The locale whose conventions each language's dates follow (British order in English:
#: "10 September 2020", as the organization's texts write it).
LOCALES = {"en": "en_GB", "ru": "ru", "zh": "zh_Hans"}


#: Babel's no-break and narrow no-break spaces ("2020\u202fг."), made plain.
_PLAIN_SPACES = str.maketrans({"\xa0": " ", "\u202f": " "})


def _locale(lang: str) -> str:
    return LOCALES.get(lang, lang)


def ordered(names: Mapping[str, str], order: Sequence[str],
            codes: Iterable[str] | None = None) -> list[str]:
    """The codes in the order lists in a language name them: `order`, that language's
    `organization.selectors.state_order` (gathered with the records); codes it does not
    know go last, by name."""
    rank = {code: i for i, code in enumerate(order)}
    chosen = list(names) if codes is None else list(codes)
    return sorted(chosen, key=lambda c: (rank.get(c, len(rank)), sort_key(names.get(c, c))))


def join_names(items: list[str], lang: str) -> str:
    """"A, B and C" / "A, B и C" / "A、B和C", as the language's locale joins a list."""
    items = [str(i) for i in items if i]
    if not items:
        return ""
    return format_list(items, style="standard", locale=_locale(lang))


def format_date(day: dt.date, lang: str) -> str:
    """"10 September 2020", "10 сентября 2020 г.", "2020年9月10日" (Babel's long format)."""
    # Plain spaces: the composed paragraphs are tidied and searched as plain text.
    return babel_dates.format_date(day, "long", locale=_locale(lang)).translate(_PLAIN_SPACES)


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
    months = babel_dates.get_month_names("wide", context="format", locale=_locale(lang))
    year = " г." if lang == "ru" else ""
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {months[start.month]} {start.year}{year}"
    if start.year == end.year:
        return f"{start.day} {months[start.month]} – {format_date(end, lang)}"
    return f"{format_date(start, lang)} – {format_date(end, lang)}"


def lcfirst(text: str) -> str:
    """A title used inside a sentence: "The state of ..." → "the state of ..."."""
    if not text:
        return text
    first = text.split(" ", 1)[0]
    # Keep acronyms and proper names ("SCO", "Moscow") as they are.
    if len(first) > 1 and (first.isupper() or not first[1:].islower()):
        return text
    return text[0].lower() + text[1:]


# --- Russian: case forms from the morphology dictionary (rules.grammar_ru) --------------


def ru_case(name: str, case: str) -> str:
    """A body's, state's, city's or office's name in `case`: "Совета министров ..."."""
    return grammar_ru.inflect(name, case)


def ru_person(name: str, case: str) -> str:
    return grammar_ru.inflect_person(name, case)


def ru_genitive(name: str) -> str:
    """"Совет министров иностранных дел" → "Совета министров иностранных дел"."""
    return grammar_ru.inflect(name, "gent")


def ru_locative(city: str) -> str:
    """"Москва" → "Москве", "Ташкент" → "Ташкенте"; indeclinable names stay as they are."""
    return grammar_ru.inflect(city, "loct")


def split_titles(titles: list[str]) -> tuple[str, list[str]] | None:
    """Titles sharing their opening words, as (the shared words after the first, the rest).

    "Statement of the Council ... on A", "Statement of the Council ... on B" →
    ("of the Council ...", ["on A", "on B"]), so a sentence can name the kind of document
    once. None when the titles share nothing beyond their first word.
    """
    if len(titles) < 2:
        return None
    words = [t.split(" ") for t in titles]
    common = 0
    while all(len(w) > common + 1 for w in words) and len({w[common] for w in words}) == 1:
        common += 1
    last = words[0][common - 1] if common else ""
    if common and len(last) <= 3 and last.islower():
        common -= 1  # a preposition belongs with each subject: "on A", "on B"
    if common < 2:
        return None
    return " ".join(words[0][1:common]), [" ".join(w[common:]) for w in words]
