"""Searching the archive as a given actor: only what the actor may read is ever found.

A search runs one query that matches, filters by classification and by the asked body,
type, year, status and language, ranks and limits, and reads beside the hits whether the
index had taken in every write; only when it had not does the search refresh the index and
run again. Snippets are made in Python from the stored text and tokens of at most
`limit` rows. The number of queries is the same for one result or a hundred.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from django.utils.translation import gettext_lazy as _

from concilium.core.errors import ValidationFailed
from concilium.documents.selectors import UNKNOWN_LANGUAGE
from concilium.organization import selectors as org
from concilium.rules.permissions import Actor, Classification, may_read
from concilium.search.analysis import highlight, language_code, query_terms
from concilium.search.backends import Filters, backend_for
from concilium.search.services import index_current, index_refresh, index_state_sql

DEFAULT_LIMIT = 20
MAX_LIMIT = 100

QUERY_EMPTY = _("{field}: type a word to search for.")
QUERY_NO_WORDS = _("{field}: '{value}' holds no word to search for.")
BAD_LIMIT = _("{field}: give a number from 1 to {most}, not '{value}'.")
BAD_YEAR = _("{field}: '{value}' is not a year; write it as four digits, e.g. 2020.")


@dataclass(frozen=True)
class Result:
    """One place where the words were found."""

    kind: str  # title, paragraph, decision, agenda
    symbol: str  # the document's symbol ("" for a meeting record without one)
    paragraph: int | None  # the paragraph number, for a paragraph
    meeting: str  # the meeting's slug, for a decision or agenda item
    lang: str
    snippet: str  # HTML: matches in <mark>, everything else escaped
    rank: float  # higher is better; comparable only within one search

    def as_dict(self) -> dict:
        return asdict(self)


def _int(value, *, field: str, message, low: int, high: int, **params) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise ValidationFailed(message, field=field, value=value, **params)
    return number


def search_language(lang: str) -> str:
    """The bare code of `lang` ("zh" for "zh-hans") if the charter names it; else a 422
    naming `lang`, since no text of the organization is in any other language."""
    code = language_code(lang.strip())
    known = org.charter().languages
    if code not in known:
        raise ValidationFailed(UNKNOWN_LANGUAGE, field="lang", lang=lang, known=", ".join(known))
    return code


def _filters(actor: Actor, *, lang, body, doc_type, year, status) -> Filters:
    clauses, params = [], []
    readable = [level.value for level in Classification if may_read(actor, level)]
    if len(readable) < len(Classification):
        clauses.append(f"e.classification IN ({', '.join(['%s'] * len(readable))})")
        params.extend(readable)
    if lang:
        clauses.append("e.lang = %s")
        params.append(search_language(lang))
    if body:
        clauses.append("(e.body = %s OR e.other_body = %s)")
        params.extend([body, body])
    if doc_type:
        clauses.append("e.doc_type = %s")
        params.append(doc_type)
    if year not in (None, ""):
        clauses.append("e.year = %s")
        params.append(_int(year, field="year", message=BAD_YEAR, low=1, high=9999))
    if status:
        clauses.append("e.status = %s")
        params.append(status)
    return Filters(" AND ".join(clauses), tuple(params))


def search(
    *, actor: Actor, q: str, lang: str | None = None, body: str | None = None,
    doc_type: str | None = None, year: int | str | None = None, status: str | None = None,
    limit: int | str = DEFAULT_LIMIT,
) -> list[Result]:
    """The best matches for `q` among what `actor` may read, best first.

    Every word must occur (Russian and English in any form of the same stem; Chinese as a
    substring). `body` matches the originating or the approving body; `year` is the year of
    the latest decision on the document, else of its creation (for meeting records, the
    decision's or the meeting's year).
    """
    q = (q or "").strip()
    if not q:
        raise ValidationFailed(QUERY_EMPTY, field="q")
    terms = query_terms(q)
    if not terms:
        raise ValidationFailed(QUERY_NO_WORDS, field="q", value=q)
    limit = _int(limit, field="limit", message=BAD_LIMIT, low=1, high=MAX_LIMIT, most=MAX_LIMIT)
    filters = _filters(actor, lang=lang, body=body, doc_type=doc_type, year=year, status=status)
    backend = backend_for()
    hits, state = backend.search(terms, filters, limit, beside=index_state_sql())
    if not index_current(state):  # behind: take in the writes, then search again
        index_refresh()
        hits, _state = backend.search(terms, filters, limit)
    return [
        Result(kind=hit.kind, symbol=hit.symbol, paragraph=hit.number, meeting=hit.meeting,
               lang=hit.lang, snippet=highlight(hit.text, hit.tokens.split(), terms),
               rank=float(hit.rank))
        for hit in hits
    ]
