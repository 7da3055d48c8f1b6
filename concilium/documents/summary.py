"""Reads for clients that poll a document: its summary, its paragraphs a page at a time, and
the audit sequence that last touched it (the validator of both).

The full document (`GET /api/documents/{symbol}`) grows with its paragraphs: 3 MB at 3,000.
A client that only wants to know where things stand asks for the summary (counts, consensus,
translation state), and one that shows the text asks for a page of paragraphs. Both carry
the `seq` of the last audit record on the document's topic: every write to a document
appends one (`core.services.record_change`), so an unchanged `seq` means an unchanged answer
and the client's copy can be confirmed with 304, without building the answer again.

The summary's own work grows with the document (consensus decides every paragraph), so it
is kept per process under (symbol, last change, day): one query when kept (the last change),
a fixed number more when made.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable

from django.db import connection
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import AuditRecord
from concilium.core.errors import ValidationFailed
from concilium.documents import models as m
from concilium.documents.dates import act_day
from concilium.documents.selectors import (
    Translation,
    document_consensus,
    document_get,
    document_paragraphs,
)
from concilium.organization import selectors as org
from concilium.rules.permissions import Actor, may_read

PAGE_DEFAULT = 100
PAGE_MAX = 500
BAD_OFFSET = _("offset: give a whole number of 0 or more (got {value}).")
BAD_LIMIT = _("limit: give a whole number from 1 to {most} (got {value}).")


def document_last_change(symbol: str) -> tuple[int, str]:
    """(seq, hash) of the latest audit record on the document's topic ((0, "") if none):
    the hash tells apart two stores that reach the same `seq` (a test database rolled back
    and rebuilt). One indexed query. Read it before the document: what is read after it is
    at least as new. It says nothing to whoever may not read the document: callers check
    access before they answer."""
    with connection.cursor() as cursor:  # in SQL: every poll asks this first
        cursor.execute(last_change_sql(), [m.Document.topic_of(symbol)])
        found = cursor.fetchone()
    return tuple(found) if found else (0, "")


@functools.cache
def last_change_sql() -> str:
    """The query of `document_last_change`; its one parameter is the topic."""
    return (f"SELECT seq, hash FROM {AuditRecord._meta.db_table} WHERE topic = %s "
            "ORDER BY seq DESC LIMIT 1")


LAST_CHANGE_COLUMNS = "w.seq, w.hash"


@functools.cache
def last_change_join() -> str:
    """`last_change_sql` as a LEFT JOIN for a table of requests whose topic is `r.value`
    (`accounts.selectors.token_actors_with`): the same indexed query for each, its
    (seq, hash) as `LAST_CHANGE_COLUMNS`."""
    table = AuditRecord._meta.db_table
    return (f"LEFT JOIN {table} w ON w.seq = (SELECT x.seq FROM {table} x "
            "WHERE x.topic = r.value ORDER BY x.seq DESC LIMIT 1)")


def today() -> dt.date:
    """The day the consensus is read on, when no other is asked for."""
    return timezone.localdate()


class Kept:
    """The last few summaries made in this process, by (document, seq, day)."""

    def __init__(self, size: int = 256):
        self.size = size
        self.items: OrderedDict = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


_KEPT = Kept()


def document_summary(symbol: str, *, actor: Actor, change: tuple[int, str],
                     on: dt.date | None = None,
                     describe: Callable[[m.Document], dict] = lambda doc: {}) -> dict:
    """Where the document stands: counts, consensus on `on` (today) and translation state
    per language, with `describe(document)` (its metadata as the caller shows it). `change`
    is `document_last_change(symbol)`, read before this.

    NotFound, as `document_get` gives it, for whoever may not read the document. What is
    kept is keyed by the symbol and the last change, so a kept answer needs no query of its
    own: a reclassification is a change, so the classification kept is the current one."""
    day = on or today()
    key = (symbol, change, day)
    kept = _KEPT.get(key)
    if kept is None or not may_read(actor, kept[0]):
        document = document_get(symbol, actor=actor)  # the one access check; NotFound
        if kept is None:
            kept = (document.classification, {**describe(document), **_summary(document, day)})
            _KEPT.put(key, kept)
    return kept[1]


def reading_day(symbol: str, *, actor: Actor, change: tuple[int, str]) -> dt.date:
    """The day the document is read as of (`dates.act_day` for reading: a 2020 text as of
    2020, whatever the clock), after the access check: NotFound as `document_get` gives it.
    Kept by the symbol, the last change and today, which are all it depends on, so a kept
    answer (a poller's 304) needs no query."""
    key = ("day", symbol, change, today())
    kept = _KEPT.get(key)
    if kept is None or not may_read(actor, kept[0]):
        document = document_get(symbol, actor=actor)  # the one access check; NotFound
        if kept is None:
            kept = (document.classification, act_day(document, reading=True))
            _KEPT.put(key, kept)
    return kept[1]


def _summary(document: m.Document, day: dt.date) -> dict:
    result = document_consensus(document, on=day)
    languages = list(org.charter().languages)
    newest: dict[int, int] = {}
    texts: dict[int, dict[str, int]] = defaultdict(dict)
    for pid, lang, seq in (m.ParagraphText.objects
                           .filter(paragraph__document=document, paragraph__deleted=False)
                           .values_list("paragraph_id", "lang", "edit_seq")):
        texts[pid][lang] = seq
        newest[pid] = max(newest.get(pid, 0), seq)
    translations = {lang: Counter() for lang in languages}
    for pid, found in texts.items():
        for lang in languages:
            seq = found.get(lang)
            status = (Translation.MISSING if seq is None else
                      Translation.OUTDATED if seq < newest[pid] else Translation.CURRENT)
            translations[lang][status] += 1
    without_text = len(result.paragraphs) - len(texts)
    for lang in languages:
        translations[lang][Translation.MISSING] += without_text
    proposals = dict(document.proposals.order_by().values_list("status")
                     .annotate(n=Count("id")).values_list("status", "n"))
    outcome = result.outcome
    return {
        "paragraphs": len(result.paragraphs),
        "brackets": result.brackets,
        "versions": document.version,
        "positions": document.positions.count(),
        "proposals": proposals,
        "consensus": {
            "on": result.on, "rule": result.rule, "status": str(outcome.status),
            "agreed": len(result.agreed), "bracketed": len(result.bracketed),
            "objected": len(result.objected), "objecting": list(outcome.objecting),
            "ad_referendum": result.ad_referendum,
        },
        "translations": {lang: {s: translations[lang][s] for s in
                                (Translation.CURRENT, Translation.OUTDATED,
                                 Translation.MISSING)} for lang in languages},
    }


def page_bounds(offset: int | None, limit: int | None) -> tuple[int, int]:
    """The (offset, limit) asked for, or bad input naming the field."""
    offset = 0 if offset is None else offset
    limit = PAGE_DEFAULT if limit is None else limit
    if offset < 0:
        raise ValidationFailed(BAD_OFFSET, field="offset", value=offset)
    if not 1 <= limit <= PAGE_MAX:
        raise ValidationFailed(BAD_LIMIT, field="limit", value=limit, most=PAGE_MAX)
    return offset, limit


def document_paragraph_page(document: m.Document, *, offset: int | None,
                            limit: int | None) -> dict:
    """Paragraphs `offset` to `offset + limit` (in document order) with every language
    version and its translation status, and the total. Three queries whatever the length."""
    offset, limit = page_bounds(offset, limit)
    total = document.paragraphs.filter(deleted=False).count()
    return {"total": total, "offset": offset, "limit": limit,
            "paragraphs": document_paragraphs(document, offset=offset, limit=limit)}
