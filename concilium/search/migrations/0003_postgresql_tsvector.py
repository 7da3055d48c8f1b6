"""The full-text index over search_entry.tokens, on PostgreSQL only (SQLite: 0002).

Tokens are already stemmed and split into Chinese bigrams in Python (search.analysis), so
the 'simple' configuration only splits on spaces; positions let Chinese words match as
phrases of consecutive bigrams. A generated column keeps the vector in step with the tokens.
"""

from django.db import migrations

CREATE = [
    "ALTER TABLE search_entry ADD COLUMN tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED",
    "CREATE INDEX search_entry_tsv ON search_entry USING gin (tsv)",
]
DROP = [
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [("search", "0002_sqlite_fts5")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
