"""Index entries built from the sources: a document's title and paragraphs, a decision, an
agenda item; and the facts copied onto them that searches filter on.

Each builder reads a bounded number of queries for any number of sources, and only the
sources it is given: the index is kept in step by rebuilding what a write changed
(`search.services`), never by rereading the archive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Max, Q

from concilium.documents.models import Document, Paragraph, ParagraphText
from concilium.meetings.models import AgendaItem, Decision
from concilium.rules.negotiation import NotationError, parse
from concilium.rules.permissions import Classification
from concilium.search.analysis import language_code, tokenize
from concilium.search.models import Entry, Kind

# Meeting records not tied to a document (agenda items, decisions on a report or package) are
# read by members and by observers and partners, not by the public: as a released document.
MEETING_RECORDS = Classification.RELEASED.value
DOCUMENT_KINDS = (Kind.TITLE, Kind.PARAGRAPH)


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


def _entry(text: str, **fields) -> Entry:
    return Entry(text=text, tokens=" ".join(tokenize(text)), **fields)


# --- Documents --------------------------------------------------------------------------------

def documents(condition: Q) -> list[Document]:
    """The documents matching `condition`, with what their entries copy."""
    return list(Document.objects.filter(condition)
                .select_related("doc_type", "origin_body", "approving_body")
                .annotate(last_decision=Max("decisions__date")))


def document_copies(doc: Document) -> dict:
    """What a document's title and paragraph entries copy from it, for filtering."""
    year = (doc.last_decision or doc.created_at).year
    return dict(document_id=doc.id, symbol=doc.symbol, classification=doc.classification,
                body=doc.origin_body.slug, other_body=doc.approving_body.slug,
                doc_type=doc.doc_type.slug, status=doc.status, year=year)


def decision_copies(doc: Document) -> dict:
    """What the entries of decisions on a document copy from it (access, type, status)."""
    return dict(classification=doc.classification, doc_type=doc.doc_type.slug,
                status=doc.status)


def title_entries(docs: list[Document]) -> list[Entry]:
    return [_entry(title, kind=Kind.TITLE, object_id=doc.id, lang=lang, **document_copies(doc))
            for doc in docs for lang, title in _texts(doc.titles)]


def paragraph_entries(docs: list[Document], paragraphs: Q | None = None) -> list[Entry]:
    """Entries of the live paragraphs of `docs` (only those matching `paragraphs`, if given).

    A paragraph's number is the one the documents services keep; a paragraph without one
    (made straight with the ORM) is numbered by its order among the live paragraphs, which
    needs the whole document: pass no `paragraphs` for such a document.
    """
    by_id = {doc.id: doc for doc in docs}
    rows = Paragraph.objects.filter(document_id__in=by_id, deleted=False)
    if paragraphs is not None:
        rows = rows.filter(paragraphs)
    numbers: dict[int, int] = {}
    owner: dict[int, int] = {}
    counter: dict[int, int] = defaultdict(int)
    for pk, doc_id, number in (rows.order_by("document_id", "position", "id")
                               .values_list("id", "document_id", "number")):
        counter[doc_id] += 1
        numbers[pk], owner[pk] = number or counter[doc_id], doc_id
    entries = []
    for pk, lang, notation in (ParagraphText.objects.filter(paragraph_id__in=numbers)
                               .order_by("paragraph_id", "lang")
                               .values_list("paragraph_id", "lang", "text")):
        text = clean_text(notation)
        if text.strip():
            entries.append(_entry(text, kind=Kind.PARAGRAPH, object_id=pk,
                                  lang=language_code(lang), number=numbers[pk],
                                  **document_copies(by_id[owner[pk]])))
    return entries


# --- Meeting records --------------------------------------------------------------------------

def decision_entries(condition: Q) -> dict[int, list[Entry]]:
    """Every decision matching `condition`: its entries, one per language of its text."""
    out: dict[int, list[Entry]] = {}
    rows = Decision.objects.filter(condition).values_list(
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
        out[pk] = [_entry(text, lang=lang, **common) for lang, text in _texts(texts)]
    return out


def agenda_entries(condition: Q) -> dict[int, list[Entry]]:
    """Every agenda item matching `condition`: one entry per language of its title and
    notes (the title, then what was discussed under the item, as the minutes record it)."""
    out: dict[int, list[Entry]] = {}
    rows = AgendaItem.objects.filter(condition).values_list(
        "id", "titles", "notes", "meeting__slug", "meeting__body__slug", "meeting__start")
    for pk, titles, notes, meeting, body, start in rows:
        common = dict(kind=Kind.AGENDA, object_id=pk, meeting=meeting,
                      classification=MEETING_RECORDS, body=body or "",
                      year=start.year if start else None)
        texts = defaultdict(list)
        for lang, text in [*_texts(titles), *_texts(notes)]:
            texts[lang].append(text)
        out[pk] = [_entry("\n".join(parts), lang=lang, **common)
                   for lang, parts in texts.items()]
    return out
