"""Russian case forms of the names a composed text puts in a sentence, from a morphology
dictionary (pymorphy3 with the OpenCorpora dictionary).

The registry keeps every name in the nominative: "Совет министров иностранных дел",
"Москва", "Министр иностранных дел", "Сергей Лавров". A sentence needs "заседание Совета
министров иностранных дел", "в Москве", "под председательством Министра иностранных дел
России С.В. Лаврова". A name phrase declines its head noun and the adjectives agreeing with it
that come before; what follows the head (a genitive or a quoted tail: "министров иностранных
дел", "– членов ШОС") stays as it is. Indeclinable words ("Душанбе") and words the dictionary
does not know as nominatives keep their form: a phrase is never made worse than given.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

#: The cases a composed sentence asks for, by their OpenCorpora grammeme.
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

_WORD = re.compile(r"^([«\"(]*)([А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*)(.*)$")


@lru_cache(maxsize=1)
def _morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


def _same_case(form: str, like: str) -> str:
    """`form` written with the capitals of `like`: "москве" like "Москва" → "Москве"."""
    parts, models = form.split("-"), like.split("-")
    out = []
    for i, part in enumerate(parts):
        model = models[i] if i < len(models) else models[-1]
        if model.isupper() and len(model) > 1:
            out.append(part.upper())
        elif model[:1].isupper():
            out.append(part[:1].upper() + part[1:])
        else:
            out.append(part)
    return "-".join(out)


def _nominative(word: str, *, pos: tuple[str, ...], person: bool = False):
    """The word's parse as a nominative of one of `pos` (a person's name part if `person`)."""
    for p in _morph().parse(word.lower()):
        if p.tag.POS not in pos or "nomn" not in p.tag:
            continue
        if person != bool({"Name", "Surn", "Patr"} & p.tag.grammemes):
            continue
        if p.score < 0.01 and p.tag.POS != "NOUN":
            continue
        return p
    return None


def _inflect(parse, word: str, grammemes: set[str]) -> str:
    if parse is None or "Fixd" in parse.tag:
        return word
    form = parse.inflect(grammemes)
    return _same_case(form.word, word) if form else word


def inflect(phrase: str, case: str) -> str:
    """The name phrase in `case`: its head noun and the adjectives before it declined.

    inflect("Совет министров иностранных дел", "gent") → "Совета министров иностранных дел";
    inflect("Генеральный секретарь", "ablt") → "Генеральным секретарём";
    inflect("Душанбе", "loct") → "Душанбе".
    """
    if case not in CASES:
        raise ValueError(f"unknown case {case!r}; one of {', '.join(CASES)}")
    if case == "nomn" or not phrase:
        return phrase
    words = phrase.split(" ")
    adjectives: list[tuple[int, object]] = []
    for i, raw in enumerate(words):
        match = _WORD.match(raw)
        if not match:
            return phrase
        lead, word, tail = match.groups()
        noun = _nominative(word, pos=("NOUN",))
        if noun is None and raw[:1].isupper() and i == 0:
            noun = _nominative(word, pos=("NOUN",), person=True)
        if noun is not None and not (adjectives and "plur" in noun.tag and
                                     "sing" in adjectives[-1][1].tag):
            number = noun.tag.number or "sing"
            out = list(words)
            for j, adj in adjectives:
                m = _WORD.match(words[j])
                want = {case, number}
                if number == "sing" and noun.tag.gender:
                    want.add(str(noun.tag.gender))
                if case == "accs" and "anim" in noun.tag and (
                        number == "plur" or noun.tag.gender == "masc"):
                    want.add("anim")
                out[j] = m.group(1) + _inflect(adj, m.group(2), want) + m.group(3)
            out[i] = lead + _inflect(noun, word, {case, number}) + tail
            return " ".join(out)
        adjective = _nominative(word, pos=("ADJF", "PRTF"))
        if adjective is None:
            return phrase
        adjectives.append((i, adjective))
    return phrase


#: The endings of a man's surname in -ов/-ев/-ёв/-ин/-ын that the dictionary does not list
#: ("Норов", "Гиёсов"): they decline as "Лавров" does.
_SURNAME_ENDINGS = {"gent": "а", "datv": "у", "accs": "а", "ablt": "ым", "loct": "е"}


def _masculine_surname(part: str, case: str) -> str:
    if re.search(r"[а-яё](ов|ев|ёв|ин|ын)$", part):
        return part + _SURNAME_ENDINGS[case]
    return part


def inflect_person(name: str, case: str) -> str:
    """A person's name in `case`: "Сергей Лавров" → "Сергея Лаврова" (gent).

    Each part the dictionary knows as a first name, patronymic or surname is declined
    (in the gender of the first such part); initials and unknown parts stay as they are."""
    if case == "nomn" or not name:
        return name
    parts = name.split(" ")
    parses = [_nominative(_WORD.match(p).group(2), pos=("NOUN",), person=True)
              if _WORD.match(p) else None for p in parts]
    gender = next((str(p.tag.gender) for p in parses if p is not None and p.tag.gender), None)
    out = []
    for k, (part, parse) in enumerate(zip(parts, parses, strict=True)):
        if parse is None and k == len(parts) - 1 and k and gender == "masc":
            out.append(_masculine_surname(part, case))
            continue
        if parse is None or (gender and parse.tag.gender and str(parse.tag.gender) != gender):
            out.append(part)
            continue
        m = _WORD.match(part)
        out.append(m.group(1) + _inflect(parse, m.group(2), {case, "sing"}) + m.group(3))
    return " ".join(out)


__all__ = ["CASES", "inflect", "inflect_person"]
