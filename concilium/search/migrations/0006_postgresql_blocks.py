"""The stored tsvector marks each lexeme with the block of 10,000 ids its entry is in (PostgreSQL).

A GIN scan gathers every match of a word into a bitmap before the first row is read: for a
word in thousands of paragraphs that bitmap, not the ranking of the first CANDIDATES, was
most of a search's time. Written `b<id // 10000>x<token>`, a lexeme's postings hold the
matches of one block only, so a search reads the blocks in order and stops once it has its
candidates (search.backends.PostgreSQLBackend). Ranks are unchanged: every lexeme of an
entry carries the same mark. Dropping the column drops its GIN indexes; they are made again
as migration 0005 made them. A no-op on SQLite; the same file for both.
"""

from django.db import migrations

BLOCK = 10_000  # search.backends.BLOCK
LANGUAGES = ("en", "ru", "zh")  # as in 0005
BLOCKED = (rf"regexp_replace(tokens, '(\S+)', 'b' || (id / {BLOCK})::text || 'x\1', 'g')")
PLAIN = "tokens"


def _column(expression: str) -> list[str]:
    return [
        "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
        "ALTER TABLE search_entry ADD COLUMN tsv tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {expression})) STORED",
        "CREATE INDEX search_entry_tsv ON search_entry USING gin (tsv) WITH (fastupdate = off)",
        *(f"CREATE INDEX search_entry_tsv_{lang} ON search_entry USING gin (tsv) "
          f"WITH (fastupdate = off) WHERE lang = '{lang}'" for lang in LANGUAGES),
    ]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [("search", "0005_index_by_writes")]

    operations = [migrations.RunPython(_run(_column(BLOCKED)), _run(_column(PLAIN)))]
