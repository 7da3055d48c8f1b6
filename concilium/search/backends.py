"""One search interface over two engines: SQLite FTS5 and PostgreSQL full-text search.

Both index the same tokens (search.analysis does stemming and Chinese bigrams in Python), so
they find the same rows; they differ only in how a match is written and ranked. A backend
runs one SQL query per search, filters included, and returns at most `limit` rows: the
number of queries never depends on the number of results. Ranking is exact below CANDIDATES
matches, and among the first CANDIDATES in index order above it (SQLite: rowid order;
PostgreSQL: blocks of BLOCK ids in order, each block's matches in table order).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, fields

from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from concilium.search.analysis import Term

ENTRY = "search_entry"
# Ranking costs a few microseconds per matching row (and on PostgreSQL a heap visit). A word
# found in tens of thousands of paragraphs would take tens of milliseconds to rank in full,
# so a search ranks the first CANDIDATES matches that pass the filters, in index order
# (every match, when there are fewer), and returns the best of those.
CANDIDATES = 300
# The PostgreSQL GIN indexes over the stored tsvector (migrations 0003 and 0005): one for
# searches in every language, one per charter language for searches in one. Migration 0005
# made them for en, ru and zh; a full rebuild drops every one and makes them again for the
# languages of the charter in force (`gin_indexes`).
GIN_PREFIX = "search_entry_tsv"
# On PostgreSQL each lexeme of the stored tsvector carries the block of BLOCK ids its entry is
# in, `b<id // BLOCK>x<token>` (migration 0006): a GIN scan gathers every match of its words
# into a bitmap before it reads the first row, so a word in tens of thousands of rows cost a
# millisecond before ranking began. A search reads block after block and stops once it has
# CANDIDATES; a word found nowhere costs one small index probe per block.
BLOCK = 10_000
_BLOCK_MARK = "_"  # in a match, where the block goes; never in a token (analysis._SPAN)


def gin_indexes(languages: tuple[str, ...]) -> list[tuple[str, str]]:
    """(name, WHERE clause) of each GIN index a search in `languages` wants."""
    return [(GIN_PREFIX, ""), *((f"{GIN_PREFIX}_{lang}", f" WHERE lang = '{lang}'")
                                for lang in languages if lang.isalpha())]


COLUMNS = "e.kind, e.object_id, e.lang, e.symbol, e.meeting, e.number, e.text, e.tokens"


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    lang: str
    symbol: str
    meeting: str
    number: int | None
    text: str
    tokens: str
    rank: float


@dataclass(frozen=True)
class Filters:
    """Conditions on search_entry (alias `e`), as SQL with %s parameters."""

    sql: str = ""
    params: tuple = ()


class SearchBackend(ABC):
    """One database's full-text machinery; subclasses say how to match and query."""

    vendor = ""

    def __init__(self, alias: str = "default"):
        self.alias = alias

    @abstractmethod
    def match(self, terms: list[Term]) -> str:
        """The database's match expression for the terms."""

    @abstractmethod
    def query_sql(self, where: str) -> str:
        """The ranked query, with `where` appended to its conditions."""

    def search(self, terms: list[Term], filters: Filters, limit: int,
               beside: str = "") -> tuple[list[Hit], tuple | None]:
        """The best `limit` entries holding every term and passing the filters, best first.

        `beside`, a query of one row without parameters (the index's freshness), is read in
        the same statement, so from the same snapshot, and its row comes back with the hits
        (else None): a search that finds the index up to date costs one query, not two.
        """
        where = f" AND {filters.sql}" if filters.sql else ""
        sql = self.query_sql(where)
        if beside:
            sql = (f"SELECT h.*, s.* FROM ({beside}) s LEFT JOIN ({sql}) h ON 1 = 1 "
                   f"ORDER BY h.score DESC, h.entry_id")
        with connections[self.alias].cursor() as cursor:
            cursor.execute(sql, self.query_params(self.match(terms), filters, limit))
            rows = cursor.fetchall()
        width = len(fields(Hit))
        hits = [Hit(*row[:width]) for row in rows if row[0] is not None]
        return hits, (rows[0][width + 1:] if beside else None)

    def rebuild_begin(self) -> None:
        """Before a full rebuild (in its transaction): make bulk inserts cheap."""
        return  # nothing to prepare unless a backend says otherwise

    def query_params(self, match: str, filters: Filters, limit: int) -> tuple:
        return (match, *filters.params, limit)

    def optimize(self, languages: tuple[str, ...] = ()) -> None:
        """After a full rebuild: compact the index (with a part per language of `languages`,
        where the engine has one) and refresh statistics."""
        return  # nothing to compact unless a backend says otherwise


class SQLiteBackend(SearchBackend):
    """FTS5 over the tokens (migration 0002); rank is bm25, negated so higher is better."""

    vendor = "sqlite"

    def match(self, terms: list[Term]) -> str:
        parts = []
        for term in terms:
            phrase = _fts_string(" ".join(term.tokens))
            if term.prefix:
                phrase += "*"
            elif term.alt:
                phrase = f"({phrase} OR {_fts_string(term.alt)})"
            parts.append(phrase)
        return " AND ".join(parts)

    def query_sql(self, where: str) -> str:
        # FTS5 walks the matches in rowid order and scores only the rows that pass the
        # filters, up to CANDIDATES of them; texts are read for the winners only.
        join = f"JOIN {ENTRY} e ON e.id = f.rowid " if where else ""
        return (f"SELECT {COLUMNS}, c.score, e.id AS entry_id FROM (SELECT f.rowid AS id, "
                f"-f.rank AS score FROM search_fts f {join}WHERE search_fts MATCH %s{where} "
                f"LIMIT {CANDIDATES}) c "
                f"JOIN {ENTRY} e ON e.id = c.id ORDER BY c.score DESC, c.id LIMIT %s")

    def optimize(self, languages: tuple[str, ...] = ()) -> None:
        with connections[self.alias].cursor() as cursor:
            cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


class PostgreSQLBackend(SearchBackend):
    """A tsvector generated from the tokens, each marked with its block of ids (migrations
    0003, 0006); rank is ts_rank, divided by 1 + log(length) as bm25 also favours shorter
    texts. A match names its lexemes without the block; the query puts it in."""

    vendor = "postgresql"

    def match(self, terms: list[Term]) -> str:
        parts = []
        for term in terms:
            quoted = [_tsquery_string(token) for token in term.tokens]
            if term.prefix:
                parts.append(quoted[0] + ":*")
            elif term.alt:
                parts.append(f"({quoted[0]} | {_tsquery_string(term.alt)})")
            else:
                parts.append("(" + " <-> ".join(quoted) + ")")
        return " & ".join(parts)

    def blocks_sql(self) -> str:
        """One row per block of ids, in order, with the match (a %s parameter) as the
        tsquery of that block: `b.q`. The tsquery is built from analysed tokens: cast, not
        parsed again; once per block (OFFSET 0 keeps it out of the rows' expressions)."""
        return (f"(SELECT CAST(replace(%s, '{_BLOCK_MARK}', 'b' || k || 'x') AS tsquery) AS q "
                f"FROM generate_series(0, (SELECT MAX(id) FROM {ENTRY}) / {BLOCK}) AS k "
                f"OFFSET 0) b")

    def query_sql(self, where: str) -> str:
        # Block by block, each a bitmap scan of its own; the scans stop once CANDIDATES
        # rows passed the filters; texts are read for the winners only. OFFSET 0 keeps each
        # block's scan a scan of the index: flattened into a join, a filter the planner
        # thinks rare (a year no entry has) turned the search into a scan of the table.
        return (f"WITH candidates AS (SELECT c.id, c.score FROM {self.blocks_sql()} "
                f"CROSS JOIN LATERAL (SELECT e.id, ts_rank(e.tsv, b.q, 1) AS score "
                f"FROM {ENTRY} e WHERE e.tsv @@ b.q{where} OFFSET 0) c LIMIT {CANDIDATES}) "
                f"SELECT {COLUMNS}, c.score, e.id AS entry_id FROM (SELECT * FROM candidates "
                f"ORDER BY score DESC, id LIMIT %s) c JOIN {ENTRY} e ON e.id = c.id "
                f"ORDER BY c.score DESC, e.id")

    def rebuild_begin(self) -> None:
        # Building the GIN indexes once after the inserts is several times faster than
        # maintaining them row by row; the transaction hides the gap from searches.
        # Every one, whatever languages it was made for.
        with connections[self.alias].cursor() as cursor:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s "
                           "AND indexname LIKE %s", [ENTRY, f"{GIN_PREFIX}%"])
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP INDEX IF EXISTS "{name}"')

    def optimize(self, languages: tuple[str, ...] = ()) -> None:
        with connections[self.alias].cursor() as cursor:
            for name, where in gin_indexes(languages):
                cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {ENTRY} "
                               f"USING gin (tsv) WITH (fastupdate = off){where}")
                # Fold the GIN pending list into the index.
                cursor.execute(f"SELECT gin_clean_pending_list('{name}'::regclass)")
            cursor.execute(f"ANALYZE {ENTRY}")  # the planner's statistics


def _fts_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _tsquery_string(text: str) -> str:
    """A lexeme of a match, with the place of its block (see BLOCK)."""
    return "'" + _BLOCK_MARK + text.replace("\\", "\\\\").replace("'", "''") + "'"


BACKENDS = {b.vendor: b for b in (SQLiteBackend, PostgreSQLBackend)}
UNSUPPORTED = "Search supports SQLite and PostgreSQL, not {vendor}."


def backend_for(alias: str = "default") -> SearchBackend:
    """The backend for the database behind `alias`, chosen by its vendor."""
    vendor = connections[alias].vendor
    try:
        return BACKENDS[vendor](alias)
    except KeyError:
        raise ImproperlyConfigured(UNSUPPORTED.format(vendor=vendor)) from None
