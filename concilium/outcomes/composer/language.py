"""How the three languages write lists of names, and in which order names go (dates: `core.dates`).

Lists of states follow the order of the language (`organization.selectors.state_order`,
read with the records): alphabetical by name in English and Russian, the charter's explicit
pinyin order in Chinese. Nothing here reads the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from babel.lists import format_list

# The composer writes dates as the minutes do (core.dates); re-exported for its callers.
from concilium.core.dates import format_date as format_date
from concilium.core.dates import format_span as format_span
from concilium.core.dates import locale_of
from concilium.rules import grammar_ru
from concilium.rules.collation import sort_key


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
    return format_list(items, style="standard", locale=locale_of(lang))


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
