"""The FTS5 index over search_entry.tokens, on SQLite only (PostgreSQL: 0003).

External content: FTS5 keeps only the inverted index and reads tokens from search_entry;
the triggers keep it in step with every insert, update and delete made through the ORM.
"""

from django.db import migrations

CREATE = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_entry', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); END",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TABLE IF EXISTS search_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
