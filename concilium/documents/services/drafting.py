"""A new draft: typed in (`document_create`) or read from a file (`document_import`).

Only the secretariat drafts. A draft starts at version 0, the original, with its paragraphs
in one or more languages; an imported Word file's tracked changes become pending proposals
in the same transaction, so that an import is all or nothing. A change is proposed for the
state its Word author stands for (`rules.authors`: names and aliases in every language, or
the importer's `authors` mapping); a change by an author who matches no state stays the
secretariat's, and the import lists that author (`Document.tracked_authors`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import Forbidden, ValidationFailed
from concilium.core.text import check_symbol
from concilium.documents import importing
from concilium.documents import models as m
from concilium.documents.selectors import language_check
from concilium.documents.services.common import (
    ONLY_SECRETARIAT_DRAFTS,
    _audit,
    _check_classification,
    _check_titles,
    today,
)
from concilium.documents.services.proposals import proposal_create
from concilium.documents.services.texts import (
    EMPTY_PARAGRAPH,
    TOO_MANY_PARAGRAPHS,
    _snapshot,
    validate_text,
)
from concilium.organization import models as org_models
from concilium.organization import selectors as org
from concilium.rules import authors as author_rules
from concilium.rules import negotiation
from concilium.rules.permissions import Actor, may_draft

UNKNOWN_TYPE = _("doc_type: there is no document type '{slug}'; the charter names: {known}.")
UNKNOWN_BODY = _("body: there is no body '{slug}'; the charter names: {known}.")
SYMBOL_TAKEN = _("symbol: '{symbol}' is already used by another document.")
NO_PARAGRAPHS = _("paragraphs: a document needs at least one paragraph.")
TRACKED_INSERTION = _("Tracked insertion in the imported file.")
TRACKED_CHANGE = _("Tracked change in the imported file.")
BAD_IMPORTED_PARAGRAPH = _("file: in '{name}', {detail}")
PARAGRAPH_LABEL = _("paragraph {number}")
TRACKED_LABEL = _("the tracked change to paragraph {number}")
TRACKED_BY = _("Tracked change by {authors} in the imported file.")
BAD_AUTHOR_MAPPING = _("authors: entry {index} ('{entry}') cannot be read: write it as "
                       "'author name=STATE CODE', e.g. 'Indian delegation=IND'.")
AUTHOR_MAPPED_TWICE = _("authors: entry {index} ('{entry}') maps an author already mapped to "
                        "another state.")



def _normalise_paragraphs(paragraphs, lang: str) -> list[tuple[dict[str, str], list[str]]]:
    if not paragraphs:
        raise ValidationFailed(NO_PARAGRAPHS, field="paragraphs")
    limit = settings.CONCILIUM_MAX_PARAGRAPHS
    if len(paragraphs) > limit:
        raise ValidationFailed(TOO_MANY_PARAGRAPHS, field="paragraphs", count=len(paragraphs),
                               limit=limit)
    out = []
    for i, item in enumerate(paragraphs, start=1):
        field = f"paragraphs.{i}"
        proponents: list[str] = []
        if isinstance(item, str):
            texts = {lang: item}
        elif isinstance(item, dict):
            item = dict(item)
            proponents = [org.state_for_input(c, field=f"{field}.proponents").code
                          for c in item.pop("proponents", None) or []]
            texts = {k: v for k, v in item.items()}
            if not texts:
                raise ValidationFailed(EMPTY_PARAGRAPH, field=field)
        else:
            raise ValidationFailed(EMPTY_PARAGRAPH, field=field)
        for lg, text in texts.items():
            language_check(lg, field=f"{field}.{lg}")
            validate_text(text, field=f"{field}.{lg}")
        out.append((texts, proponents))
    return out


def _next_symbol(body: org_models.Body, year: int) -> str:
    slug = org.organization().slug.upper()
    short = (body.short_names.get("en") or body.slug).upper().replace(" ", "-")
    prefix = f"{slug}/{short}/{year}/DRAFT."
    taken = set(m.Document.objects.filter(symbol__startswith=prefix)
                .values_list("symbol", flat=True))
    n = len(taken) + 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def symbol_propose(*, body: str, year: int) -> str:
    """The next free draft symbol of `body` for `year`, built from the charter's names (the
    organization's and the body's short name): what `document_create` takes when no symbol
    is given. An unknown body is bad input naming the field."""
    body_row = org_models.Body.objects.filter(slug=body).first()
    if body_row is None:
        known = ", ".join(org_models.Body.objects.values_list("slug", flat=True))
        raise ValidationFailed(UNKNOWN_BODY, field="body", slug=body, known=known)
    return _next_symbol(body_row, year)


@dataclass(frozen=True)
class PreviewParagraph:
    number: int
    text: str
    brackets: int  # bracketed spans, at any depth
    options: int  # groups of options


@dataclass(frozen=True)
class PreviewChange:
    """A tracked change as the proposal it will become: `kind` insert (after paragraph
    `number`, 0 for the start), replace or delete (paragraph `number`)."""

    kind: str
    number: int
    text: str


@dataclass(frozen=True)
class ImportPreview:
    filename: str
    title: str
    paragraphs: list[PreviewParagraph]
    changes: list[PreviewChange]


def _counted(text: str, *, name: str, label: str) -> tuple[int, int]:
    try:
        validate_text(text, field=label)
        spans = negotiation.bracket_spans(text)
    except ValidationFailed as error:
        raise ValidationFailed(BAD_IMPORTED_PARAGRAPH, field="file", name=name,
                               detail=error.message) from None
    options = sum(1 for _s, _e, kind in spans if kind == "options")
    return len(spans) - options, options


def document_import_preview(*, content: bytes, filename: str,
                            acting_user: Actor) -> ImportPreview:
    """What `document_import` would make of a file, writing nothing: the paragraphs with the
    brackets and options found, and Word's tracked changes as the proposals they will
    become. A paragraph that cannot be used is bad input at the field "file" naming it."""
    if not may_draft(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_DRAFTS)
    read = importing.read(content, filename)
    if not read.paragraphs:
        raise ValidationFailed(importing.EMPTY, field="file", name=filename)
    paragraphs = []
    for number, text in enumerate(read.paragraphs, start=1):
        brackets, options = _counted(text, name=filename,
                                     label=str(PARAGRAPH_LABEL).format(number=number))
        paragraphs.append(PreviewParagraph(number, text, brackets, options))
    changes = []
    for change in read.tracked:
        number = change.index + 1
        if change.kind != "delete":
            _counted(change.text, name=filename,
                     label=str(TRACKED_LABEL).format(number=number))
        changes.append(PreviewChange(change.kind, number, change.text))
    return ImportPreview(filename=filename, title=read.title, paragraphs=paragraphs,
                         changes=changes)


@transaction.atomic
def document_create(
    *, doc_type: str, body: str, titles: dict[str, str], lang: str,
    paragraphs: list[str] | list[dict[str, str]], classification: str = "members",
    symbol: str | None = None, acting_user: Actor, note: str = "",
) -> m.Document:
    """Create a draft with its paragraphs (texts per language) and its original version.

    A paragraph given as a string is in `lang`; as a dict it holds a text per language (and
    optionally "proponents": state codes the text names otherwise). The document returned
    has its type and bodies loaded, ready to be shown.
    """
    if not may_draft(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_DRAFTS)
    type_row = org_models.DocumentType.objects.select_related("approved_by").filter(
        slug=doc_type).first()
    if type_row is None:
        known = ", ".join(org_models.DocumentType.objects.values_list("slug", flat=True))
        raise ValidationFailed(UNKNOWN_TYPE, field="doc_type", slug=doc_type, known=known)
    body_row = org_models.Body.objects.filter(slug=body).first()
    if body_row is None:
        known = ", ".join(org_models.Body.objects.values_list("slug", flat=True))
        raise ValidationFailed(UNKNOWN_BODY, field="body", slug=body, known=known)
    language_check(lang)
    titles = _check_titles(titles)
    classification = _check_classification(classification)
    items = _normalise_paragraphs(paragraphs, lang)
    if symbol is not None:
        symbol = check_symbol(symbol.strip())
        if m.Document.objects.filter(symbol=symbol).exists():
            raise ValidationFailed(SYMBOL_TAKEN, field="symbol", symbol=symbol)
    else:
        symbol = _next_symbol(body_row, today().year)
    doc = m.Document.objects.create(
        symbol=symbol, doc_type=type_row, titles=titles, origin_body=body_row,
        approving_body=type_row.approved_by or body_row, classification=classification,
        original_language=lang,
    )
    pars = m.Paragraph.objects.bulk_create(
        [m.Paragraph(document=doc, key=f"p{i}", position=i, number=i, proponents=props)
         for i, (_texts, props) in enumerate(items, start=1)])
    m.ParagraphText.objects.bulk_create(
        [m.ParagraphText(paragraph=par, lang=lg, text=text,
                         bracket_count=negotiation.parse(text).bracket_count, edit_seq=0)
         for par, (texts, _props) in zip(pars, items, strict=True)
         for lg, text in texts.items()])
    _snapshot(doc, by=acting_user, note=note or "original")
    _audit(acting_user, Action.DOCUMENT_CREATE, doc,
           {"after": {"symbol": symbol, "doc_type": doc_type, "body": body,
                      "paragraphs": len(pars), "classification": classification}})
    return doc


def _author_mapping(entries) -> dict[str, str]:
    """The importer's "author=CODE" entries, each code a state of the registry."""
    try:
        mapping = author_rules.parse_mapping(entries or [])
    except author_rules.MappingError as error:
        message = (AUTHOR_MAPPED_TWICE if error.problem == author_rules.TWICE
                   else BAD_AUTHOR_MAPPING)
        raise ValidationFailed(message, field="authors", index=error.index,
                               entry=error.entry) from None
    return {author: org.state_for_input(code, field="authors").code
            for author, code in mapping.items()}


def tracked_authors(read: importing.ImportedText, entries=None) -> list[author_rules.Author]:
    """Who made the file's tracked changes, each with the state it maps to (or unknown)."""
    mapping = _author_mapping(entries)
    states = [author_rules.StateNames(
        code=s.code, names=tuple(s.name.values()),
        aliases=tuple(a for names in s.aliases.values() for a in names))
        for s in org.charter().states]
    return author_rules.resolve(read.author_counts(), states, mapping)


@transaction.atomic
def document_import(
    *, content: bytes, filename: str, doc_type: str, body: str, lang: str,
    symbol: str | None = None, title: str | None = None, classification: str = "members",
    authors: list[str] | None = None, acting_user: Actor,
) -> m.Document:
    """Create a draft from a .txt, .md or .docx file; Word's tracked changes become pending
    proposals, each for the state its author stands for. All or nothing.

    `authors`: explicit "author name=STATE CODE" entries, for authors the charter's names
    and aliases do not recognise. The document returned carries `tracked_authors`, every
    author with its state or none, so that the door can list the unknown ones.
    """
    if not may_draft(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_DRAFTS)
    read = importing.read(content, filename)
    if not read.paragraphs:
        raise ValidationFailed(importing.EMPTY, field="file", name=filename)
    resolved = tracked_authors(read, authors)
    by_name = {a.name: a for a in resolved}
    title = (title or read.title or "").strip()
    doc = document_create(
        doc_type=doc_type, body=body, lang=lang, paragraphs=read.paragraphs,
        titles={lang: title} if title else {}, classification=classification, symbol=symbol,
        acting_user=acting_user, note=f"imported from {filename}"[:500])
    for change in read.tracked:
        number = change.index + 1
        state = author_rules.state_of(change.authors, by_name)
        if change.authors:
            explanation = str(TRACKED_BY).format(authors=", ".join(change.authors))
        else:
            explanation = str(TRACKED_INSERTION if change.kind == "insert" else TRACKED_CHANGE)
        where = {"after": number} if change.kind == "insert" else {"paragraph": number}
        proposal_create(symbol=doc.symbol, kind=change.kind, lang=lang, text=change.text,
                        state=state, explanation=explanation, acting_user=acting_user, **where)
    doc.tracked_authors = resolved
    return doc
