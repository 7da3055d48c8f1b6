"""The search index: one row per (kind, object, language), and what each row was built from.

The index is derived data: `concilium search --reindex` rebuilds it from the documents and
meetings at any time. Rows carry copies of what searches filter on (classification, body,
type, year, status) so a search is one query, whatever the number of results.

The full-text structures live beside `Entry` and are not Django models: on SQLite an FTS5
table `search_fts` over `Entry.tokens`, kept in step by triggers (migration 0002); on
PostgreSQL a generated `tsv` column with GIN indexes (migrations 0003, 0005), each lexeme
marked with the entry's block of ids so that a search reads the blocks in order (0006,
search.backends.BLOCK). A later migration
that rebuilds `search_entry` on SQLite (any ALTER Django does by copying the table) drops
the triggers: it must create them again (see migration 0005, `TRIGGERS`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    TITLE = "title", _("document title")
    PARAGRAPH = "paragraph", _("paragraph")
    DECISION = "decision", _("decision")
    AGENDA = "agenda", _("agenda item")


class Entry(models.Model):
    """One text in one language, its index tokens, and the facts searches filter on."""

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.BigIntegerField()  # document, paragraph, decision or agenda item id
    lang = models.CharField(max_length=8)
    # Plain ids and copies, not foreign keys: the index never blocks a delete elsewhere.
    document_id = models.BigIntegerField(null=True, blank=True)
    symbol = models.CharField(max_length=80, blank=True)
    meeting = models.CharField(max_length=60, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)  # paragraph number
    classification = models.CharField(max_length=20)
    body = models.CharField(max_length=50, blank=True)
    other_body = models.CharField(max_length=50, blank=True)  # the approving body
    doc_type = models.CharField(max_length=50, blank=True)
    status = models.CharField(max_length=20, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField()  # the clean text, as shown in snippets
    tokens = models.TextField()  # analysis.tokenize(text), space-separated

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id", "lang"],
                                               name="search_entry_unique")]
        indexes = [models.Index(fields=["document_id"])]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}:{self.lang}"


class State(models.Model):
    """One row: the index version and the last audit seq taken in ("2:1234")."""

    fingerprint = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return self.fingerprint
