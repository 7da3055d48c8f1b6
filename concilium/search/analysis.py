"""Turning text into index tokens, queries into terms, and matches into highlighted snippets.

Pure Python, shared by every backend, so SQLite and PostgreSQL find exactly the same things:

- a word in Cyrillic is lower-cased, ё folded to е, and reduced by the Snowball Russian
  stemmer ("наркотических" and "наркотические" both become "наркотическ");
- any other word (Latin, digits) is lower-cased and reduced by the Snowball English stemmer;
- in both, a stem ending in -ism/-ist (-изм/-ист) loses it, so "terrorist" and "terrorism"
  meet at "terror";
- a run of Chinese characters becomes one token per character: the bigram it starts, or the
  character alone at the end of the run ("加强合作" → 加强 强合 合作 作). Any two characters
  are then one exact token, a longer word a phrase of consecutive bigrams, one character a
  prefix query.

What must stay true: `tokenize` yields exactly one token per span of `spans` on the same text,
in order. Highlighting relies on it to map stored tokens back onto the original text, so a
snippet never needs the stemmer at query time.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

import snowballstemmer

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
# A run of Chinese characters, or a word of any other letters and digits (no underscore).
_SPAN = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>[^\W_{_CJK}]+)")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
_HAS_CJK = re.compile(f"[{_CJK}]")
_BARE_RUSSIAN = re.compile("[бвгджзклмнпрстфхцчшщ]$")  # a Russian word without an ending
_WORD = re.compile(r"[^\W_]+")  # in a text without Chinese, the same spans as _SPAN
_NEEDS_ESCAPE = re.compile(r"[&<>\"']")

_local = threading.local()


def _stemmer(language: str):
    # Snowball stemmers keep state between calls: one per thread.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = {}
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(language)
    return stemmers[language]


def language_code(code: str) -> str:
    """'zh-hans' → 'zh', 'en-GB' → 'en': texts are keyed by the bare language."""
    return code.lower().split("-")[0]


# Snowball leaves the agent noun apart from the doctrine: "terrorism" → "terror" but
# "terrorist" → "terrorist", "экстремизм" → "экстремизм" but "экстремистов" → "экстремист".
# Both fold onto the bare root when enough of the word remains ("tourist", "tourism" →
# "tour"; "list", "exist", "чист" stay as they are).
_FOLD = {"english": (("ism", "ist"), 5), "russian": (("изм", "ист"), 4)}


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index form of one word (not Chinese): lower case, ё as е, Snowball stem, then
    -ism and -ist folded onto the root (see `_FOLD`)."""
    word = word.lower().replace("ё", "е")
    language = "russian" if _CYRILLIC.search(word) else "english"
    out = _stemmer(language).stemWord(word)
    endings, root = _FOLD[language]
    if out.endswith(endings) and len(out) - 3 >= root:
        out = out[:-3]
    return out


def spans(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_chinese) of every token of `text`: words, and single Chinese characters."""
    if not _HAS_CJK.search(text):
        return [(*match.span(), False) for match in _WORD.finditer(text)]
    out: list[tuple[int, int, bool]] = []
    for match in _SPAN.finditer(text):
        if match.lastgroup == "cjk":
            out.extend((i, i + 1, True) for i in range(match.start(), match.end()))
        else:
            out.append((match.start(), match.end(), False))
    return out


def tokenize(text: str) -> list[str]:
    """The index tokens of `text`, one per span (see the module docstring)."""
    tokens: list[str] = []
    for match in _SPAN.finditer(text):
        run = match.group()
        if match.lastgroup == "cjk":
            tokens.extend(run[i:i + 2] for i in range(len(run)))
        else:
            tokens.append(stem(run))
    return tokens


@dataclass(frozen=True)
class Term:
    """One thing a query asks for; every term must occur in a result.

    `tokens` occur consecutively (a phrase); a `prefix` term is one Chinese character, found
    at the start of any token. `chars` is how many spans of the original text a match covers.
    A Russian word typed without an ending (it ends in a consonant) also matches its `alt`,
    the word as typed (lower case, ё as е), when that differs from its stem: Snowball stems
    some such nominatives shorter than the other cases ("Афганистан" → "афганиста", but
    "Афганистану" → "афганистан"), so a stem stored from another form equals the typed word.
    """

    tokens: tuple[str, ...]
    prefix: bool = False
    chars: int = 1
    alt: str = ""


def query_terms(query: str) -> list[Term]:
    """The terms of a query typed by a person; empty when it holds no word at all."""
    terms: list[Term] = []
    for match in _SPAN.finditer(query):
        run = match.group()
        if match.lastgroup == "word":
            word, typed = stem(run), run.lower().replace("ё", "е")
            alt = typed if typed != word and _BARE_RUSSIAN.search(typed) else ""
            terms.append(Term((word,), alt=alt))
        elif len(run) == 1:
            terms.append(Term((run,), prefix=True))
        else:
            bigrams = tuple(run[i:i + 2] for i in range(len(run) - 1))
            terms.append(Term(bigrams, chars=len(run)))
    return list(dict.fromkeys(terms))


def _matches(tokens: list[str], terms: list[Term]) -> list[tuple[int, int]]:
    """(first, last) token index of every occurrence of every term."""
    found = []
    for term in terms:
        first, size = term.tokens[0], len(term.tokens)
        for i, token in enumerate(tokens):
            if term.prefix:
                if token.startswith(first):
                    found.append((i, i))
            elif token == first and tuple(tokens[i:i + size]) == term.tokens:
                found.append((i, i + term.chars - 1))
            elif term.alt and token == term.alt:
                found.append((i, i))
    return found


SNIPPET_BEFORE = 60
SNIPPET_LENGTH = 240
ELLIPSIS = "…"


def highlight(text: str, tokens: list[str] | None, terms: list[Term]) -> str:
    """An HTML snippet of `text` around its first match, matches in <mark>, the rest escaped.

    `tokens` are the stored index tokens of `text` (recomputed when missing or out of step).
    """
    if _HAS_CJK.search(text) or len(text) > SNIPPET_LENGTH:
        places = spans(text)
        count = len(places)
    else:  # the common case, a short text without Chinese: only the spans of its matches
        places, count = None, len(_WORD.findall(text))
    if tokens is None or len(tokens) != count:
        tokens = tokenize(text)
    found = _matches(tokens, terms)
    if places is None:
        wanted = max((last for _first, last in found), default=-1) + 1
        places = [(*m.span(), False) for m in islice(_WORD.finditer(text), wanted)]
    escape = html.escape if _NEEDS_ESCAPE.search(text) else str
    ranges = []
    for first, last in found:
        last = min(last, len(places) - 1)
        ranges.append((places[first][0], places[last][1]))
    ranges.sort()
    start, end = 0, len(text)
    if len(text) > SNIPPET_LENGTH:
        anchor = ranges[0][0] if ranges else 0
        start = max(0, anchor - SNIPPET_BEFORE)
        end = min(len(text), start + SNIPPET_LENGTH)
        start = _word_edge(text, start, places, forward=True)
        end = _word_edge(text, end, places, forward=False)
    out, cursor = [], start
    if start > 0:
        out.append(ELLIPSIS)
    for a, b in ranges:
        a, b = max(a, cursor), min(b, end)
        if a >= b:
            continue
        out.append(escape(text[cursor:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    out.append(escape(text[cursor:end]))
    if end < len(text):
        out.append(ELLIPSIS)
    return "".join(out).strip()


def _word_edge(text: str, pos: int, places, *, forward: bool) -> int:
    """Move a cut out of the middle of a word (Chinese characters are cut anywhere)."""
    for a, b, cjk in places:
        if a < pos < b and not cjk:
            return b if forward else a
    return pos
