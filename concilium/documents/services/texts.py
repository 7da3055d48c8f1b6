"""The working text: paragraphs, their language versions, and the Rev.N snapshots.

Every change to the text bumps `document.version` and writes an immutable `Version`
(`_bump`), so Rev.N is always the text after the N-th change. Each language version carries
the edit sequence it was last brought to: a version behind the newest is out of date, i.e.
awaits its translation, and catching up does not flag the others.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit import history
from concilium.audit.models import Action
from concilium.core.errors import Forbidden, ValidationFailed
from concilium.core.services import check_version
from concilium.core.text import check_text
from concilium.documents import models as m
from concilium.documents.selectors import language_check
from concilium.documents.services.common import (
    DOCUMENT,
    ONLY_SECRETARIAT_DRAFTS,
    UNKNOWN_PARAGRAPH,
    _audit,
    _check_open,
    _locked,
    _paragraph,
)
from concilium.rules import negotiation
from concilium.rules.permissions import Actor, may_draft

EMPTY_PARAGRAPH = _("{field}: the paragraph text is empty.")
TOO_LONG = _("{field}: the text has {length} characters; the limit is {limit}.")
BAD_NOTATION = _("{field}: {detail}")
TOO_MANY_PARAGRAPHS = _("{field}: the document would have {count} paragraphs; the limit is "
                        "{limit} (CONCILIUM_MAX_PARAGRAPHS). Split it into several documents.")


def validate_text(text, *, field: str = "text") -> negotiation.ParagraphText:
    """Refuse an empty, oversized, unstorable or malformed paragraph; return its parsed tree.

    The length limit is `CONCILIUM_MAX_PARAGRAPH_CHARS` (settings), for typed, imported and
    edited texts alike.
    """
    if not isinstance(text, str) or not text.strip():
        raise ValidationFailed(EMPTY_PARAGRAPH, field=field)
    check_text(text, field=field)
    limit = settings.CONCILIUM_MAX_PARAGRAPH_CHARS
    if len(text) > limit:
        raise ValidationFailed(TOO_LONG, field=field, length=len(text), limit=limit)
    try:
        return negotiation.parse(text)
    except negotiation.NotationError as error:
        raise ValidationFailed(BAD_NOTATION, field=field, detail=error.message,
                               position=error.position) from None


def _current_text(par: m.Paragraph, lang: str) -> str:
    return par.texts.filter(lang=lang).values_list("text", flat=True).first() or ""


def _snapshot(doc: m.Document, *, by: Actor, note: str = "") -> m.Version:
    """Write the immutable Version for doc.version from the current working text."""
    texts: dict[int, dict[str, str]] = {}
    for pid, lang, text in (m.ParagraphText.objects
                            .filter(paragraph__document=doc, paragraph__deleted=False)
                            .values_list("paragraph_id", "lang", "text")):
        texts.setdefault(pid, {})[lang] = text
    snapshot = [{"key": p.key, "number": p.number, "texts": texts.get(p.pk, {})}
                for p in doc.paragraphs.filter(deleted=False).order_by("position")]
    version = m.Version.objects.create(document=doc, number=doc.version,
                                       created_by=by.username, note=note[:500],
                                       snapshot=snapshot, titles=doc.titles)
    history.note(version)
    return version


def _bump(doc: m.Document, *, by: Actor, note: str) -> m.Version:
    doc.version += 1
    doc.save(update_fields=["version", "updated_at"])
    return _snapshot(doc, by=by, note=note)


def _renumber(doc: m.Document) -> None:
    changed = []
    number = 0
    for par in doc.paragraphs.order_by("position"):
        wanted = None if par.deleted else (number := number + 1)
        if par.number != wanted:
            par.number = wanted
            changed.append(par)
    if changed:
        m.Paragraph.objects.bulk_update(changed, ["number"])


def _edit_seq(row_seq: int | None, others: list[int], seq: int) -> int:
    """The edit sequence a language version takes when written at `seq`: a new or
    out-of-date version catching up with the others takes theirs (and flags nothing); any
    other edit takes `seq`, which makes the others out of date."""
    newest_other = max(others, default=-1)
    if row_seq is None:
        return newest_other if others else seq
    return newest_other if newest_other > row_seq else seq


def _set_text(par: m.Paragraph, lang: str, text: str, tree, seq: int) -> m.ParagraphText:
    """Write one language version. An edit that brings an out-of-date translation level
    with the others does not flag them; any other edit makes the others out of date."""
    rows = {t.lang: t for t in par.texts.all()}
    others = [t.edit_seq for lg, t in rows.items() if lg != lang]
    row = rows.get(lang)
    edit_seq = _edit_seq(row.edit_seq if row else None, others, seq)
    if row is None:
        row = m.ParagraphText(paragraph=par, lang=lang)
    row.text, row.bracket_count, row.edit_seq = text, tree.bracket_count, edit_seq
    row.save()
    return row


@transaction.atomic
def paragraph_text_set(
    *, symbol: str, paragraph: int, lang: str, text: str, expected_version: int | None,
    acting_user: Actor,
) -> m.ParagraphText:
    """Set one language version of a paragraph (secretariat, translators): a new version.

    The other language versions are flagged out of date, unless this edit brings an
    out-of-date translation level with them. The row returned leads, through its paragraph,
    to the document as it now stands (`row.paragraph.document`).
    """
    doc = _locked(symbol, acting_user)
    if not may_draft(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_DRAFTS)
    par = _paragraph(doc, paragraph)
    language_check(lang)
    tree = validate_text(text)
    _check_open(doc)
    check_version(doc, expected_version, kind=DOCUMENT)
    old = par.texts.filter(lang=lang).values_list("text", flat=True).first()
    row = _set_text(par, lang, text, tree, doc.version + 1)
    _bump(doc, by=acting_user, note=f"paragraph {par.number} ({lang}) edited")
    _audit(acting_user, Action.PARAGRAPH_EDIT, doc,
           {"paragraph": par.key, "number": par.number, "lang": lang, "before": old,
            "after": text, "version": doc.version})
    return row


NO_TRANSLATION = _("texts: enter the translation of at least one paragraph.")


@transaction.atomic
def translation_set(
    *, symbol: str, lang: str, texts: dict[int, str], expected_version: int | None,
    acting_user: Actor,
) -> m.Document:
    """Set the `lang` version of several paragraphs at once (secretariat, translators):
    one new version and one audit record for the batch.

    `texts` maps paragraph numbers to their text; an empty text is skipped. A paragraph
    whose `lang` version is missing or out of date catches up without flagging the other
    languages; rewriting an up-to-date version with the same text changes nothing, and
    with another text flags the others, as `paragraph_text_set` does. A bad text is
    refused naming its paragraph ("texts.3"), and nothing is written. The document
    returned is the one written, with its type and bodies loaded.
    """
    doc = _locked(symbol, acting_user)
    if not may_draft(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_DRAFTS)
    language_check(lang)
    _check_open(doc)
    check_version(doc, expected_version, kind=DOCUMENT)
    given = {}
    for number, text in texts.items():
        if (text or "").strip():
            try:
                given[int(number)] = text.strip()
            except (TypeError, ValueError):
                raise ValidationFailed(UNKNOWN_PARAGRAPH, field=f"texts.{number}",
                                       symbol=doc.symbol, number=number) from None
    if not given:
        raise ValidationFailed(NO_TRANSLATION, field="texts")
    pars = {p.number: p for p in doc.paragraphs.filter(deleted=False, number__in=list(given))}
    trees = {}
    for number, text in sorted(given.items()):
        if number not in pars:
            raise ValidationFailed(UNKNOWN_PARAGRAPH, field=f"texts.{number}",
                                   symbol=doc.symbol, number=number)
        trees[number] = validate_text(text, field=f"texts.{number}")
    rows: dict[int, dict[str, m.ParagraphText]] = {}
    for row in m.ParagraphText.objects.filter(paragraph__in=list(pars.values())):
        rows.setdefault(row.paragraph_id, {})[row.lang] = row
    seq = doc.version + 1
    changed, created, updated = [], [], []
    for number, text in sorted(given.items()):
        par = pars[number]
        langs = rows.get(par.pk, {})
        row = langs.get(lang)
        others = [r.edit_seq for lg, r in langs.items() if lg != lang]
        if row is not None and row.text == text and row.edit_seq >= max(others, default=0):
            continue  # already this text, and up to date
        edit_seq = _edit_seq(row.edit_seq if row else None, others, seq)
        if row is None:
            row = m.ParagraphText(paragraph=par, lang=lang)
            created.append(row)
        else:
            updated.append(row)
        row.text, row.bracket_count, row.edit_seq = text, trees[number].bracket_count, edit_seq
        changed.append(number)
    m.ParagraphText.objects.bulk_create(created)
    m.ParagraphText.objects.bulk_update(updated, ["text", "bracket_count", "edit_seq"])
    if not changed:
        return doc
    _bump(doc, by=acting_user, note=f"translation ({lang}) of paragraphs "
                                    f"{', '.join(map(str, changed))}")
    _audit(acting_user, Action.PARAGRAPH_EDIT, doc,
           {"lang": lang, "translation": changed, "version": doc.version})
    return doc
