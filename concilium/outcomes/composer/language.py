"""How the three languages write dates and lists of names, and in which order names go.

Lists of states follow the order of the language (`organization.selectors.state_order`,
read with the records): alphabetical by name in English and Russian, the charter's explicit
pinyin order in Chinese. Nothing here reads the database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from concilium.rules.collation import sort_key

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    # Genitive, as dates are written: "10 сентября".
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
}

def ordered(names: Mapping[str, str], order: Sequence[str],
            codes: Iterable[str] | None = None) -> list[str]:
    """The codes in the order lists in a language name them: `order`, that language's
    `organization.selectors.state_order` (gathered with the records); codes it does not
    know go last, by name."""
    rank = {code: i for i, code in enumerate(order)}
    chosen = list(names) if codes is None else list(codes)
    return sorted(chosen, key=lambda c: (rank.get(c, len(rank)), sort_key(names.get(c, c))))


def join_names(items: list[str], lang: str) -> str:
    """"A, B and C" / "A, B и C" / "A、B和C"."""
    items = [str(i) for i in items if i]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if lang == "zh":
        return "、".join(items[:-1]) + "和" + items[-1]
    conj = " и " if lang == "ru" else " and "
    return ", ".join(items[:-1]) + conj + items[-1]


def format_date(day: dt.date, lang: str) -> str:
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    if lang == "ru":
        return f"{day.day} {MONTHS['ru'][day.month - 1]} {day.year} года"
    return f"{day.day} {MONTHS['en'][day.month - 1]} {day.year}"


def format_span(start: dt.date, end: dt.date, lang: str) -> str:
    """A meeting's days: "4–9 September 2020", "4–9 сентября 2020 года", "2020年9月4日至9日"."""
    if start == end:
        return format_date(start, lang)
    if lang == "zh":
        if (start.year, start.month) == (end.year, end.month):
            return f"{format_date(start, lang)}至{end.day}日"
        tail = format_date(end, lang) if start.year != end.year else f"{end.month}月{end.day}日"
        return f"{format_date(start, lang)}至{tail}"
    months = MONTHS.get(lang, MONTHS["en"])
    if (start.year, start.month) == (end.year, end.month):
        head = f"{start.day}–{end.day} {months[start.month - 1]} {start.year}"
        return head + (" года" if lang == "ru" else "")
    if start.year == end.year:
        return f"{start.day} {months[start.month - 1]} – {format_date(end, lang)}"
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


# --- Russian: the few case forms the templates need -------------------------------------
# The registry keeps names in the nominative. A sentence "the meeting OF the Council" or "IN
# Moscow" needs the genitive of a body's name and the locative of a city; these rules cover
# the first words of the charter's body names and common city endings, and leave anything
# else as it is.

_RU_GENITIVE_HEAD = {
    "Совет": "Совета", "Совещание": "Совещания", "Секретариат": "Секретариата",
    "Исполнительный комитет": "Исполнительного комитета",
}


def ru_genitive(name: str) -> str:
    """"Совет министров иностранных дел" → "Совета министров иностранных дел"."""
    for head, form in sorted(_RU_GENITIVE_HEAD.items(), key=lambda kv: -len(kv[0])):
        if name.startswith(head + " ") or name == head:
            return form + name[len(head):]
    return name


def ru_locative(city: str) -> str:
    """"Москва" → "Москве", "Ташкент" → "Ташкенте"; indeclinable names stay as they are."""
    if not city or " " in city or "-" in city:
        return city
    last = city[-1]
    if last == "а":
        return city[:-1] + "е"
    if last in "бвгдзклмнпрстфхцчшщ":
        return city + "е"
    return city


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
