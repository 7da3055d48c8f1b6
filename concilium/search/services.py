"""Keeping the search index in step with what the writes changed.

Every write through a service or the admin appends an audit record naming what it changed
(the document, the paragraph's key, the decision, the agenda item, the meeting), and the
index takes it in within the same transaction (`index_record`, a hook of
`core.services.record_change`); the index remembers the last `seq` it has taken in. The
audit log is also its queue: should the index fall behind (built before those records, a
failed hook), `index_refresh()`, before a search reads, takes the records after that seq.
Either way it rebuilds the entries of exactly what a record names: a paragraph edit rebuilds
that paragraph, a change of status or classification rewrites the copies on that document's
entries, a decision its entries. It never rereads the archive, and the first search after a
write costs what any search costs (bench/search.py measures it). Records that change nothing
searched (positions, proposals made, accounts) cost nothing.

When nothing was written since, the check costs no query of its own: a search reads the
index's state in its one statement (`index_state_sql`) and calls `index_refresh` only when
the index is behind. An edit made behind the services'
back (raw SQL, a shell) leaves no record and is not seen until `concilium search
--reindex` (`index_rebuild`), which also runs by itself when the stored index was built by
another version of the analysis (`INDEX_VERSION`). The index is derived data and writes no
audit record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, Q, When

from concilium.audit.models import Action, AuditRecord
from concilium.core.errors import NotFound
from concilium.documents.models import Document, Paragraph
from concilium.meetings.models import Decision, Meeting
from concilium.organization import selectors as org
from concilium.search import entries as build
from concilium.search.backends import backend_for
from concilium.search.models import Entry, Kind, State

INDEX_VERSION = "2"
"""The analysis and layout the stored index was built with; another value rebuilds it."""
CHUNK = 500
BATCH = 2_000

Progress = Callable[[int, int], None]  # (done, total)

NOTHING_SEARCHED = {
    Action.POSITION_RECORD, Action.PROPOSAL_CREATE, Action.SILENCE_OPEN, Action.SILENCE_BREAK,
    Action.EXPORT_REQUEST, Action.USER_CREATE, Action.TOKEN_CREATE, Action.DELEGATION_SAVE,
    Action.REGISTRY_INIT, Action.STATE_SAVE, Action.MEMBERSHIP_SAVE, Action.BODY_SAVE,
    Action.OFFICE_SAVE, Action.OFFICIAL_SAVE, Action.ORGANIZATION_SAVE,
    Action.PRESIDENCY_RECORD,
}
"""Writes that change no indexed text and no fact an entry copies."""
ONE_PARAGRAPH = {Action.PARAGRAPH_EDIT, Action.CHAIR_TEXT}
COPIES_ONLY = {Action.DOCUMENT_UPDATE, Action.CIRCULATION, Action.REGISTRY_ENTRY,
               Action.SILENCE_CLOSE}
"""Document writes that may change its status, classification or titles, not its paragraphs."""


@dataclass
class Plan:
    """What a run of audit records changed, by source."""

    documents: set = field(default_factory=set)  # symbols: titles and every paragraph
    document_ids: set = field(default_factory=set)  # the same, named by id (the admin)
    paragraphs: set = field(default_factory=set)  # (symbol, key)
    structure: set = field(default_factory=set)  # symbols: paragraphs added, removed, renumbered
    copies: set = field(default_factory=set)  # symbols: titles and copied facts
    decisions: set = field(default_factory=set)  # ids
    agenda_ids: set = field(default_factory=set)
    meetings: set = field(default_factory=set)  # slugs: their agenda items and decisions

    def take(self, action, target_type, target_id, topic, summary) -> None:
        kind, _sep, key = topic.partition(":")
        symbol = key if kind == "document" else None
        if action in NOTHING_SEARCHED:
            return
        if topic == "registry":  # the admin names the model and the primary key
            self._admin(target_type, target_id)
        elif action in ONE_PARAGRAPH and symbol and summary.get("paragraph"):
            self.paragraphs.add((symbol, summary["paragraph"]))
        elif action == Action.PROPOSAL_DECIDE:
            if symbol and summary.get("decision") == "accepted" and summary.get("paragraph"):
                self.paragraphs.add((symbol, summary["paragraph"]))
                self.structure.add(symbol)
        elif target_type == "document":
            (self.copies if action in COPIES_ONLY else self.documents).add(str(target_id))
        elif target_type == "decision":
            self.decisions.add(int(target_id))
        elif target_type == "agenda_item":  # added, removed or renumbered: the whole agenda
            self.meetings.add(str(target_id).rpartition("#")[0])
        elif target_type in ("meeting", "side_event") and kind == "meeting":
            self.meetings.add(key)
        elif symbol:
            self.copies.add(symbol)

    def _admin(self, model: str, pk) -> None:
        pk = int(pk) if str(pk).isdigit() else None
        if pk is None:
            return
        if model == "document":
            self.document_ids.add(pk)
        elif model in ("paragraph", "paragraphtext"):
            owner = (Paragraph.objects.filter(pk=pk) if model == "paragraph" else
                     Paragraph.objects.filter(texts__pk=pk)).values_list("document_id", flat=True)
            self.document_ids.update(owner)
        elif model == "decision":
            self.decisions.add(pk)
        elif model == "agendaitem":
            self.agenda_ids.add(pk)
        elif model == "meeting":
            self.meetings.update(Meeting.objects.filter(pk=pk).values_list("slug", flat=True))


# --- Applying a plan --------------------------------------------------------------------------

def _whole_documents(condition: Q, symbols: set) -> set[int]:
    """Rebuild titles and paragraphs of these documents; those gone lose their entries."""
    docs = build.documents(condition)
    (Entry.objects.filter(kind__in=build.DOCUMENT_KINDS)
     .filter(Q(document_id__in=[d.id for d in docs]) | Q(symbol__in=symbols)).delete())
    Entry.objects.bulk_create([*build.title_entries(docs), *build.paragraph_entries(docs)],
                              batch_size=BATCH)
    _decision_copies(docs)
    return {d.id for d in docs}


def _decision_copies(docs) -> None:
    for doc in docs:
        copies = build.decision_copies(doc)
        (Entry.objects.filter(document_id=doc.id, kind=Kind.DECISION)
         .exclude(**copies).update(**copies))


def _copies(symbols: set) -> None:
    """Titles again, and the copied facts on every entry, where they differ."""
    docs = build.documents(Q(symbol__in=symbols))
    Entry.objects.filter(kind=Kind.TITLE, document_id__in=[d.id for d in docs]).delete()
    Entry.objects.bulk_create(build.title_entries(docs), batch_size=BATCH)
    for doc in docs:
        copies = build.document_copies(doc)
        (Entry.objects.filter(document_id=doc.id, kind=Kind.PARAGRAPH)
         .exclude(**copies).update(**copies))
    _decision_copies(docs)


def _paragraphs(pairs: set) -> None:
    by_symbol: dict[str, set] = {}
    for symbol, key in pairs:
        by_symbol.setdefault(symbol, set()).add(key)
    docs = build.documents(Q(symbol__in=by_symbol))
    condition = Q()
    for doc in docs:
        condition |= Q(document_id=doc.id, key__in=by_symbol[doc.symbol])
    if not docs:
        return
    ids = list(Paragraph.objects.filter(condition).values_list("id", flat=True))
    Entry.objects.filter(kind=Kind.PARAGRAPH, object_id__in=ids).delete()
    Entry.objects.bulk_create(build.paragraph_entries(docs, condition), batch_size=BATCH)


def _structure(symbols: set) -> None:
    """Paragraphs added or removed, and the numbers of the others, after a text changed shape."""
    for doc in build.documents(Q(symbol__in=symbols)):
        live = dict(Paragraph.objects.filter(document_id=doc.id, deleted=False)
                    .values_list("id", "number"))
        indexed = dict(Entry.objects.filter(document_id=doc.id, kind=Kind.PARAGRAPH)
                       .values_list("object_id", "number"))
        Entry.objects.filter(kind=Kind.PARAGRAPH,
                             object_id__in=indexed.keys() - live.keys()).delete()
        new = live.keys() - indexed.keys()
        if new:
            Entry.objects.bulk_create(build.paragraph_entries([doc], Q(id__in=new)),
                                      batch_size=BATCH)
        moved = [pk for pk in indexed.keys() & live.keys() if live[pk] and live[pk] != indexed[pk]]
        for start in range(0, len(moved), CHUNK):
            chunk = moved[start:start + CHUNK]
            Entry.objects.filter(kind=Kind.PARAGRAPH, object_id__in=chunk).update(
                number=Case(*(When(object_id=pk, then=live[pk]) for pk in chunk)))


def _meeting_records(kind: str, entries: dict[int, list], ids: set, meetings: set) -> None:
    (Entry.objects.filter(kind=kind)
     .filter(Q(object_id__in=ids | entries.keys()) | Q(meeting__in=meetings)).delete())
    Entry.objects.bulk_create([e for rows in entries.values() for e in rows], batch_size=BATCH)


def _apply(plan: Plan) -> int:
    whole = Q(symbol__in=plan.documents) | Q(id__in=plan.document_ids)
    rebuilt = _whole_documents(whole, plan.documents) if (plan.documents or plan.document_ids) \
        else set()
    rebuilt_symbols = set(Document.objects.filter(id__in=rebuilt).values_list("symbol", flat=True)
                          ) if rebuilt else set()
    if plan.copies - rebuilt_symbols:
        _copies(plan.copies - rebuilt_symbols)
    if pairs := {p for p in plan.paragraphs if p[0] not in rebuilt_symbols}:
        _paragraphs(pairs)
    if plan.structure - rebuilt_symbols:
        _structure(plan.structure - rebuilt_symbols)
    decisions = Q(id__in=plan.decisions) | Q(meeting__slug__in=plan.meetings)
    if plan.decisions or plan.meetings:
        _meeting_records(Kind.DECISION, build.decision_entries(decisions), plan.decisions,
                         plan.meetings)
        on_documents = set(Decision.objects.filter(decisions, document__isnull=False)
                           .values_list("document__symbol", flat=True)) - rebuilt_symbols
        if on_documents:  # a document's year is that of its latest decision
            _copies(on_documents)
    agenda = Q(id__in=plan.agenda_ids) | Q(meeting__slug__in=plan.meetings)
    if plan.agenda_ids or plan.meetings:
        _meeting_records(Kind.AGENDA, build.agenda_entries(agenda), plan.agenda_ids,
                         plan.meetings)
    return (len(plan.documents | plan.document_ids | plan.copies | plan.paragraphs)
            + len(plan.decisions | plan.agenda_ids | plan.meetings))


# --- The queue --------------------------------------------------------------------------------

def index_state_sql() -> str:
    """A query of one row: the latest audit seq and the mark of what the index took in. A
    search reads it beside its hits (search.backends); `index_current` judges it."""
    return (f"SELECT (SELECT MAX(seq) FROM {AuditRecord._meta.db_table}) AS latest, "
            f"(SELECT fingerprint FROM {State._meta.db_table} WHERE id = 1) AS stored")


def index_current(state: tuple) -> bool:
    """Whether the index had taken in every write, by the row of `index_state_sql`."""
    latest, stored = state
    return stored == _mark(latest or 0)


def _read_state() -> tuple[int, str | None]:
    with connection.cursor() as cursor:
        cursor.execute(index_state_sql())
        latest, stored = cursor.fetchone()
    return latest or 0, stored


def _mark(seq: int) -> str:
    return f"{INDEX_VERSION}:{seq}"


def _taken(stored: str | None) -> int | None:
    """The last seq the stored index took in; None when it must be rebuilt."""
    version, _sep, seq = (stored or "").partition(":")
    return int(seq) if version == INDEX_VERSION and seq.isdigit() else None


def index_record(record: AuditRecord) -> None:
    """Take in one write, inside its transaction, when the index is up to the record before.

    The usual path: the write and the index commit together, and the next search finds
    nothing to take in. When the index is behind (records from before it was built, or a
    write whose indexing failed) it leaves the record to `index_refresh`, which takes in
    everything since the last one in order.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT fingerprint FROM {State._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    if row is None or _taken(row[0]) != record.seq - 1:
        return
    plan = Plan()
    plan.take(record.action, record.target_type, record.target_id, record.topic,
              record.summary or {})
    _apply(plan)
    State.objects.filter(id=1).update(fingerprint=_mark(record.seq))


def index_refresh() -> int:
    """Take in the writes since the last search; the number of sources rebuilt.

    One query when nothing was written. Two concurrent refreshes do not both work: the
    second waits for the first's transaction and then finds nothing left to take.
    """
    latest, stored = _read_state()
    if stored == _mark(latest):
        return 0
    with transaction.atomic():
        State.objects.get_or_create(id=1)
        State.objects.select_for_update().get(id=1)
        latest, stored = _read_state()
        taken = _taken(stored)
        if taken is None:
            return _rebuild(latest)
        if taken >= latest:
            return 0
        plan = Plan()
        for row in (AuditRecord.objects.filter(seq__gt=taken, seq__lte=latest).order_by("seq")
                    .values_list("action", "target_type", "target_id", "topic", "summary")
                    .iterator(chunk_size=BATCH)):
            plan.take(*row)
        changed = _apply(plan)
        State.objects.filter(id=1).update(fingerprint=_mark(latest))
        return changed


def _languages() -> tuple[str, ...]:
    """The charter's languages, each with a part of the index; none before `concilium init`."""
    try:
        return org.charter().languages
    except NotFound:
        return ()


def _rebuild(latest: int, progress: Progress | None = None) -> int:
    backend = backend_for()
    backend.rebuild_begin()
    Entry.objects.all().delete()
    ids = list(Document.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), CHUNK):
        docs = build.documents(Q(id__in=ids[start:start + CHUNK]))
        Entry.objects.bulk_create([*build.title_entries(docs), *build.paragraph_entries(docs)],
                                  batch_size=BATCH)
        if progress:
            progress(min(start + CHUNK, len(ids)), len(ids))
    decisions = build.decision_entries(Q())
    agenda = build.agenda_entries(Q())
    Entry.objects.bulk_create([e for rows in [*decisions.values(), *agenda.values()]
                               for e in rows], batch_size=BATCH)
    State.objects.update_or_create(id=1, defaults={"fingerprint": _mark(latest)})
    backend.optimize(_languages())
    return len(ids) + len(decisions) + len(agenda)


def index_rebuild(*, progress: Progress | None = None) -> int:
    """Throw the index away and build it again from every document and meeting record."""
    with transaction.atomic():
        State.objects.get_or_create(id=1)
        State.objects.select_for_update().get(id=1)
        latest, _stored = _read_state()
        return _rebuild(latest, progress)
