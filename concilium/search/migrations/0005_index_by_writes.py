"""The index follows the writes (search.services): markers go; copies update cheaply.

- `Marker` is no longer needed: the audit log tells what changed.
- SQLite: the FTS5 update trigger fires only when the tokens change, so rewriting the facts
  an entry copies (status, classification) does not touch the full-text index.
- PostgreSQL: one partial GIN index per language over the stored `tsv`, so a search in one
  language reads only that language's postings (Snowball stems for en and ru, character
  bigrams for zh). No-ops on the other engine; the same file for both.
"""

from django.db import migrations

TRIGGERS = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "CREATE TRIGGER search_entry_au AFTER UPDATE OF tokens ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
TRIGGERS_BACK = [
    "DROP TRIGGER IF EXISTS search_entry_au",
    "CREATE TRIGGER search_entry_au AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.id, old.tokens); "
    "INSERT INTO search_fts(rowid, tokens) VALUES (new.id, new.tokens); END",
]
# Fixed, so that the migration does the same on every database: the first organization's
# languages when it was written. The running code does not read them: a full rebuild
# (`concilium search --reindex`) drops these and makes one per language of the charter in
# force (search.backends.gin_indexes).
LANGUAGES = ("en", "ru", "zh")
INDEXES = [f"CREATE INDEX IF NOT EXISTS search_entry_tsv_{lang} ON search_entry USING gin (tsv) "
           f"WITH (fastupdate = off) WHERE lang = '{lang}'" for lang in LANGUAGES]
INDEXES_BACK = [f"DROP INDEX IF EXISTS search_entry_tsv_{lang}" for lang in LANGUAGES]


def _run(vendor, statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == vendor:
            for sql in statements:
                schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [("search", "0004_postgresql_gin_no_pending_list")]

    operations = [
        migrations.DeleteModel(name="Marker"),
        migrations.RunPython(_run("sqlite", TRIGGERS), _run("sqlite", TRIGGERS_BACK)),
        migrations.RunPython(_run("postgresql", INDEXES), _run("postgresql", INDEXES_BACK)),
    ]
