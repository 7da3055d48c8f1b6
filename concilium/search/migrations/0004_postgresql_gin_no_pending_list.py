"""Searches read the GIN index directly: no pending list of unmerged entries (PostgreSQL).

With fastupdate on, inserts wait in a pending list that every search scans linearly until
a vacuum merges it; after a large refresh that made searches several times slower.
"""

from django.db import migrations


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)
    return run


class Migration(migrations.Migration):

    dependencies = [("search", "0003_postgresql_tsvector")]

    operations = [migrations.RunPython(
        _run("ALTER INDEX search_entry_tsv SET (fastupdate = off)"),
        _run("ALTER INDEX search_entry_tsv RESET (fastupdate)"),
    )]
