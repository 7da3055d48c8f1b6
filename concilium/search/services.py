"""Keeping the search index in step with the documents and meetings, without their help.

Other apps never call search: `index_refresh()` runs at the start of every search and finds
what changed by itself, in two stages.

1. One query reads a fingerprint of the source tables (the latest audit seq and the highest
   id of documents, paragraphs, texts, decisions, agenda items and meetings) beside the one
   stored at the last refresh. Equal: nothing to do, and that is the common case. Every
   write through a service or the admin appends an audit record, so the audit seq catches
   edits and deletions; new rows are caught by their ids even when made straight with the
   ORM. An edit made behind the services' back (raw SQL, a shell) shows once any audited
   write happens, or after `concilium search --reindex`.
2. Otherwise a few grouped queries compute a marker per document (version, update time,
   texts' highest edit_seq and count, date of its latest decision) and a digest per decision
   and agenda item, and only sources whose marker differs from the stored one are reindexed.

`index_rebuild()` (`concilium search --reindex`) throws the index away and builds it again.
The index is derived data and writes no audit record.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import Count, F, Max

from concilium.audit.models import AuditRecord
from concilium.documents.models import Document, Paragraph, ParagraphText
from concilium.meetings.models import AgendaItem, Decision, Meeting
from concilium.rules.negotiation import NotationError, parse
from concilium.rules.permissions import Classification
from concilium.search.analysis import language_code, tokenize
from concilium.search.backends import backend_for
from concilium.search.models import Entry, Kind, Marker, State

# Meeting records not tied to a document (agenda items, decisions on a report or package) are
# read by members and by observers and partners, not by the public: as a released document.
MEETING_RECORDS = Classification.RELEASED.value
CHUNK = 500
BATCH = 2_000

Progress = Callable[[int, int], None]  # (done, total)


def clean_text(notation: str) -> str:
    """A paragraph's text without bracket marks; the raw text when the notation is broken."""
    try:
        return parse(notation).clean_text()
    except NotationError:
        return notation


def _texts(value) -> Iterable[tuple[str, str]]:
    """(lang, text) from a {lang: text} field, skipping empty and non-text values."""
    if not isinstance(value, dict):
        return []
    out = []
    for lang, text in value.items():
        if isinstance(text, list):
            text = "\n".join(t for t in text if isinstance(t, str))
        if isinstance(text, str) and text.strip():
            out.append((language_code(lang), text.strip()))
    return out


# --- Stage 1: has anything changed? -----------------------------------------------------------

def _fingerprint_sql() -> str:
    d, p = Document._meta.db_table, Paragraph._meta.db_table
    t, a = ParagraphText._meta.db_table, AuditRecord._meta.db_table
    dec, ag, m = Decision._meta.db_table, AgendaItem._meta.db_table, Meeting._meta.db_table
    # Only maxima of primary keys and of the audit seq: each is one index lookup, so the
    # check costs the same for ten documents or a hundred thousand paragraphs.
    parts = [
        f"SELECT MAX(seq) FROM {a}",
        *(f"SELECT MAX(id) FROM {table}" for table in (d, p, t, dec, ag, m)),
        f"SELECT fingerprint FROM {State._meta.db_table} WHERE id = 1",
    ]
    # Scalar subqueries, not a join of derived tables: PostgreSQL would search join orders.
    return "SELECT " + ", ".join(f"({sql})" for sql in parts)


def _read_fingerprint() -> tuple[str, str | None]:
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql())
        *current, stored = cursor.fetchone()
    return "|".join(str(v) for v in current), stored


# --- Stage 2: what has changed? ---------------------------------------------------------------

def _document_markers() -> dict[int, str]:
    texts = {row["document"]: row for row in (
        ParagraphText.objects.filter(paragraph__deleted=False)
        .values(document=F("paragraph__document_id"))
        .annotate(seq=Max("edit_seq"), n=Count("id"), top=Max("paragraph_id")))}
    decided = dict(Decision.objects.filter(document__isnull=False)
                   .values_list("document_id").annotate(last=Max("date")))
    markers = {}
    for pk, version, updated in Document.objects.values_list("id", "version", "updated_at"):
        t = texts.get(pk) or {}
        markers[pk] = (f"{version}|{updated.isoformat()}|{t.get('seq')}|{t.get('n')}|"
                       f"{t.get('top')}|{decided.get(pk)}")
    return markers


def _digest(*values) -> str:
    raw = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha1(raw.encode()).hexdigest()


def _decision_rows() -> dict[int, tuple[str, list[Entry]]]:
    """Every decision: (digest, entries), one entry per language of its text."""
    out = {}
    rows = Decision.objects.values_list(
        "id", "texts", "date", "meeting__slug", "meeting__body__slug", "submitted_to__slug",
        "document_id", "document__symbol", "document__classification", "document__status",
        "document__doc_type__slug", "package__symbol")
    for (pk, texts, date, meeting, body, submitted_to, doc_id, symbol, classification,
         status, doc_type, package) in rows:
        common = dict(
            kind=Kind.DECISION, object_id=pk, document_id=doc_id,
            symbol=symbol or package or "", meeting=meeting or "",
            classification=classification or MEETING_RECORDS, body=body or submitted_to or "",
            other_body=submitted_to or "", doc_type=doc_type or "", status=status or "",
            year=date.year if date else None)
        entries = [Entry(lang=lang, text=text, tokens=" ".join(tokenize(text)), **common)
                   for lang, text in _texts(texts)]
        out[pk] = (_digest(common, texts), entries)
    return out


def _agenda_rows() -> dict[int, tuple[str, list[Entry]]]:
    """Every agenda item: (digest, entries), one entry per language of its title and notes."""
    out = {}
    rows = AgendaItem.objects.values_list("id", "titles", "notes", "meeting__slug",
                                          "meeting__body__slug", "meeting__start")
    for pk, titles, notes, meeting, body, start in rows:
        common = dict(kind=Kind.AGENDA, object_id=pk, meeting=meeting,
                      classification=MEETING_RECORDS, body=body or "",
                      year=start.year if start else None)
        # The title, then what was discussed under the item, as the minutes record it.
        texts = defaultdict(list)
        for lang, text in [*_texts(titles), *_texts(notes)]:
            texts[lang].append(text)
        entries = [Entry(lang=lang, text=text, tokens=" ".join(tokenize(text)), **common)
                   for lang, parts in texts.items() for text in ["\n".join(parts)]]
        out[pk] = (_digest(common, titles, notes), entries)
    return out


def _document_entries(ids: list[int]) -> list[Entry]:
    """Title and paragraph entries of these documents, one per language."""
    docs = (Document.objects.filter(id__in=ids)
            .select_related("doc_type", "origin_body", "approving_body")
            .annotate(last_decision=Max("decisions__date")))
    numbers: dict[int, int] = {}
    owner: dict[int, int] = {}
    counter: dict[int, int] = defaultdict(int)
    for pk, doc_id, number in (Paragraph.objects.filter(document_id__in=ids, deleted=False)
                               .order_by("document_id", "position", "id")
                               .values_list("id", "document_id", "number")):
        counter[doc_id] += 1
        # The shown number the documents services keep; else the order among live paragraphs.
        numbers[pk], owner[pk] = number or counter[doc_id], doc_id
    texts = defaultdict(list)
    for pk, lang, text in (ParagraphText.objects
                           .filter(paragraph__document_id__in=ids, paragraph__deleted=False)
                           .values_list("paragraph_id", "lang", "text")):
        texts[owner[pk]].append((pk, lang, text))
    entries = []
    for doc in docs:
        year = (doc.last_decision or doc.created_at).year
        common = dict(
            document_id=doc.id, symbol=doc.symbol, classification=doc.classification,
            body=doc.origin_body.slug, other_body=doc.approving_body.slug,
            doc_type=doc.doc_type.slug, status=doc.status, year=year)
        for lang, title in _texts(doc.titles):
            entries.append(Entry(kind=Kind.TITLE, object_id=doc.id, lang=lang, text=title,
                                 tokens=" ".join(tokenize(title)), **common))
        for pk, lang, notation in texts[doc.id]:
            text = clean_text(notation)
            if text.strip():
                entries.append(Entry(kind=Kind.PARAGRAPH, object_id=pk, lang=language_code(lang),
                                     number=numbers[pk], text=text,
                                     tokens=" ".join(tokenize(text)), **common))
    return entries


# --- Writing ----------------------------------------------------------------------------------

def _replace_documents(ids: list[int], markers: dict[int, str]) -> None:
    Entry.objects.filter(document_id__in=ids, kind__in=[Kind.TITLE, Kind.PARAGRAPH]).delete()
    Marker.objects.filter(kind="document", object_id__in=ids).delete()
    live = [pk for pk in ids if pk in markers]
    Entry.objects.bulk_create(_document_entries(live), batch_size=BATCH)
    Marker.objects.bulk_create([Marker(kind="document", object_id=pk, marker=markers[pk])
                                for pk in live], batch_size=BATCH)


def _sync_meeting_records(kind: str, rows: dict[int, tuple[str, list[Entry]]]) -> int:
    current = dict(Marker.objects.filter(kind=kind).values_list("object_id", "marker"))
    stale = [pk for pk in current.keys() | rows.keys()
             if current.get(pk) != (rows[pk][0] if pk in rows else None)]
    for start in range(0, len(stale), CHUNK):
        chunk = stale[start:start + CHUNK]
        Entry.objects.filter(kind=kind, object_id__in=chunk).delete()
        Marker.objects.filter(kind=kind, object_id__in=chunk).delete()
        live = [pk for pk in chunk if pk in rows]
        Entry.objects.bulk_create([e for pk in live for e in rows[pk][1]], batch_size=BATCH)
        Marker.objects.bulk_create([Marker(kind=kind, object_id=pk, marker=rows[pk][0])
                                    for pk in live], batch_size=BATCH)
    return len(stale)


def _save_fingerprint(fingerprint: str) -> None:
    State.objects.update_or_create(id=1, defaults={"fingerprint": fingerprint})


def _refresh(fingerprint: str, progress: Progress | None = None) -> int:
    """Reindex every source whose marker changed; the number of sources reindexed."""
    markers = _document_markers()
    current = dict(Marker.objects.filter(kind="document").values_list("object_id", "marker"))
    stale = sorted(pk for pk in current.keys() | markers.keys()
                   if current.get(pk) != markers.get(pk))
    for start in range(0, len(stale), CHUNK):
        _replace_documents(stale[start:start + CHUNK], markers)
        if progress:
            progress(min(start + CHUNK, len(stale)), len(stale))
    changed = len(stale)
    changed += _sync_meeting_records(Kind.DECISION, _decision_rows())
    changed += _sync_meeting_records(Kind.AGENDA, _agenda_rows())
    _save_fingerprint(fingerprint)
    return changed


def index_refresh() -> int:
    """Bring the index up to date with the sources; the number of sources reindexed.

    Costs one query when nothing changed. Two concurrent refreshes do not both rebuild: the
    second waits for the first's transaction and then finds the fingerprint current.
    """
    fingerprint, stored = _read_fingerprint()
    if fingerprint == stored:
        return 0
    with transaction.atomic():
        State.objects.get_or_create(id=1)
        State.objects.select_for_update().get(id=1)
        fingerprint, stored = _read_fingerprint()
        if fingerprint == stored:
            return 0
        return _refresh(fingerprint)


def index_rebuild(*, progress: Progress | None = None) -> int:
    """Throw the index away and build it again from every document and meeting record."""
    backend = backend_for()
    with transaction.atomic():
        backend.rebuild_begin()
        Entry.objects.all().delete()
        Marker.objects.all().delete()
        fingerprint, _ = _read_fingerprint()
        changed = _refresh(fingerprint, progress)
        backend.optimize()
    return changed
