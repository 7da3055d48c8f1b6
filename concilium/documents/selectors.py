"""Reads of negotiated documents, with access checks, in a fixed number of queries.

`document_get` is the one permission-checked lookup: a document that does not exist and one
the actor may not read raise the same `NotFound`. The other selectors take a document
already fetched that way.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from concilium.core.errors import NOT_FOUND, NotFound, ValidationFailed
from concilium.documents import models as m
from concilium.documents.standing import (  # noqa: F401 (read through selectors too)
    DocumentConsensus,
    ParagraphConsensus,
    _paragraph_brackets,
    document_consensus,
    whole_stances,
    with_whole,
)
from concilium.organization import selectors as org
from concilium.rules import consensus, redline
from concilium.rules.permissions import Actor, Classification, may_read

UNKNOWN_VERSION = _(
    "{field}: document '{symbol}' has no version {number} (the latest is {latest})."
)
UNKNOWN_LANGUAGE = _("{field}: '{lang}' is not a language of the charter ({known}).")


class Translation:
    CURRENT = "current"
    OUTDATED = "outdated"
    MISSING = "missing"


def readable_levels(actor: Actor) -> list[str]:
    return [c.value for c in Classification if may_read(actor, c)]


def language_check(lang: str, *, field: str = "lang") -> str:
    """`lang` if the charter lists it; else bad input naming the field."""
    known = org.charter().languages
    if lang not in known:
        raise ValidationFailed(UNKNOWN_LANGUAGE, field=field, lang=lang, known=", ".join(known))
    return lang


def document_get(symbol: str, *, actor: Actor) -> m.Document:
    """The document with this symbol, if the actor may read it; else NotFound."""
    doc = (m.Document.objects
           .select_related("doc_type", "origin_body", "approving_body", "concerned_state")
           .filter(symbol=symbol).first())
    if doc is None or not may_read(actor, doc.classification):
        raise NotFound(NOT_FOUND, kind=_("document"), key=symbol)
    return doc


def document_list(*, actor: Actor, body: str | None = None, doc_type: str | None = None,
                  status: str | None = None) -> list[m.Document]:
    """Documents the actor may read, filtered; members-only drafts never reach others."""
    qs = (m.Document.objects.select_related("doc_type", "origin_body", "approving_body")
          .filter(classification__in=readable_levels(actor)))
    if body:
        qs = qs.filter(origin_body__slug=body)
    if doc_type:
        qs = qs.filter(doc_type__slug=doc_type)
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("symbol"))


# --- the working text -------------------------------------------------------------------


@dataclass(frozen=True)
class TextView:
    lang: str
    text: str
    bracket_count: int
    status: str  # current | outdated | missing
    edit_seq: int


@dataclass(frozen=True)
class ParagraphView:
    key: str
    number: int
    texts: dict[str, TextView]
    bracket_count: int  # the most brackets in any language version
    proponents: list[str]


def _statuses(rows: dict[str, m.ParagraphText], languages) -> dict[str, TextView]:
    newest = max((r.edit_seq for r in rows.values()), default=0)
    out = {}
    for lang in languages:
        row = rows.get(lang)
        if row is None:
            out[lang] = TextView(lang, "", 0, Translation.MISSING, 0)
        else:
            status = Translation.OUTDATED if row.edit_seq < newest else Translation.CURRENT
            out[lang] = TextView(lang, row.text, row.bracket_count, status, row.edit_seq)
    for lang, row in rows.items():  # a language the charter no longer lists
        if lang not in out:
            out[lang] = TextView(lang, row.text, row.bracket_count, Translation.CURRENT,
                                 row.edit_seq)
    return out


def document_paragraphs(document: m.Document, *, offset: int = 0,
                        limit: int | None = None) -> list[ParagraphView]:
    """The current paragraphs (all, or `limit` from `offset` in document order) with every
    language version and its translation status.

    Two queries whatever the length of the document or of the page.
    """
    languages = org.charter().languages
    pars = document.paragraphs.filter(deleted=False).order_by("position")
    rows = m.ParagraphText.objects.filter(paragraph__document=document,
                                          paragraph__deleted=False)
    if offset or limit is not None:
        pars = list(pars[offset:offset + limit if limit is not None else None])
        rows = rows.filter(paragraph_id__in=[p.pk for p in pars])
    texts: dict[int, dict[str, m.ParagraphText]] = defaultdict(dict)
    for row in rows:
        texts[row.paragraph_id][row.lang] = row
    out = []
    for par in pars:
        found = texts.get(par.pk, {})
        out.append(ParagraphView(
            key=par.key, number=par.number, texts=_statuses(found, languages),
            bracket_count=_current_brackets(
                [(r.bracket_count, r.edit_seq) for r in found.values()]),
            proponents=list(par.proponents or [])))
    return out


def _current_brackets(rows: list[tuple[int, int]]) -> int:
    """A paragraph's open brackets: the most in any language version that is up to date.

    Every language version is equally authentic, so a bracket in any of them keeps the
    paragraph open; a version flagged out of date (e.g. still showing brackets the chair's
    text in another language has lifted) awaits its translation and does not count.
    """
    newest = max((seq for _n, seq in rows), default=0)
    return max((n for n, seq in rows if seq == newest), default=0)


def document_brackets(document: m.Document) -> int:
    """The document's open brackets, summed over its paragraphs."""
    return sum(_paragraph_brackets(document).values())


# --- versions and redlines --------------------------------------------------------------


def versions_list(document: m.Document) -> list[m.Version]:
    return list(document.versions.defer("snapshot").order_by("number"))


def version_get(document: m.Document, number: int | None, *, field: str = "rev") -> m.Version:
    """Version `number` (None: the latest)."""
    if number is None:
        number = document.version
    found = document.versions.filter(number=number).first()
    if found is None:
        raise ValidationFailed(UNKNOWN_VERSION, field=field, symbol=document.symbol,
                               number=number, latest=document.version)
    return found


@dataclass(frozen=True)
class Redline:
    from_version: int
    to_version: int
    lang: str
    changes: tuple[redline.ParagraphChange, ...]
    stats: dict[str, int]

    def as_text(self) -> str:
        lines = []
        for c in self.changes:
            mark = {"equal": " ", "change": "~", "insert": "+", "delete": "-"}[str(c.kind)]
            number = c.number_new if c.number_new is not None else c.number_old
            lines.append(f"{mark} {number}. {redline.render_text(c.runs)}")
        return "\n".join(lines)

    def as_html(self) -> str:
        rows = []
        for c in self.changes:
            number = c.number_new if c.number_new is not None else c.number_old
            rows.append(f'<p class="redline-{c.kind}" data-key="{c.key}">'
                        f'<span class="number">{number}.</span> '
                        f"{redline.render_html(c.runs)}</p>")
        return "\n".join(rows)

    def as_json(self) -> dict:
        return {
            "from_version": self.from_version, "to_version": self.to_version,
            "lang": self.lang,
            "stats": self.stats,
            "paragraphs": [{"key": c.key, "kind": str(c.kind), "number_old": c.number_old,
                            "number_new": c.number_new,
                            "runs": [{"op": str(r.op), "text": r.text} for r in c.runs]}
                           for c in self.changes],
        }


def version_texts(version: m.Version, lang: str) -> list[tuple[str, str]]:
    return [(p["key"], p["texts"].get(lang, "")) for p in version.snapshot]


def document_redline(document: m.Document, *, from_rev: int, to_rev: int | None = None,
                     lang: str | None = None) -> Redline:
    """Compare two versions in one language: by word, by character for Chinese."""
    lang = language_check(lang or document.original_language)
    old = version_get(document, from_rev, field="from")
    new = version_get(document, to_rev, field="to")
    changes = redline.diff_document(version_texts(old, lang), version_texts(new, lang), lang)
    return Redline(old.number, new.number, lang, changes, redline.stats(changes))


# --- proposals and positions ------------------------------------------------------------


def proposals_list(document: m.Document, *, status: str | None = None) -> list[m.Proposal]:
    qs = document.proposals.select_related("paragraph", "after", "state", "superseded_by")
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("created_at", "id"))


def proposal_conflicts(document: m.Document) -> list[list[m.Proposal]]:
    """Groups of pending proposals touching the same paragraph (two or more each)."""
    groups: dict[int, list[m.Proposal]] = defaultdict(list)
    for p in proposals_list(document, status=m.ProposalStatus.PENDING):
        if p.paragraph_id is not None:
            groups[p.paragraph_id].append(p)
    return [g for g in groups.values() if len(g) > 1]


def positions_list(document: m.Document, *, history: bool = True) -> list[m.Position]:
    """Positions in the order they were recorded; without history only the latest per
    (state, paragraph)."""
    return [row for row, _current in positions_with_current(document, history=history)]


def positions_with_current(document: m.Document, *,
                           history: bool = True) -> list[tuple[m.Position, bool]]:
    """Each position in the order recorded, with whether it is still its state's current one
    on that paragraph (or on the whole document); without history only the current ones."""
    rows = list(document.positions.select_related("state", "paragraph").order_by("id"))
    latest = {(row.state_id, row.paragraph_id): row.pk for row in rows}
    marked = [(row, latest[(row.state_id, row.paragraph_id)] == row.pk) for row in rows]
    return marked if history else [(row, True) for row, current in marked if current]


# --- consensus (computed in standing.py) ----------------------------------------------


def consensus_as_dict(result: DocumentConsensus, names: dict[str, str] | None = None) -> dict:
    """Plain data for JSON: the API and the command print the same thing."""

    def outcome(o: consensus.Outcome) -> dict:
        return {"status": str(o.status), "supporters": list(o.supporters),
                "agreeing": list(o.agreeing), "with_view": list(o.with_view),
                "silence_counts": o.silence_counts,
                "objecting": list(o.objecting),
                "objections": [{"state": s, "reason": r} for s, r in o.objections],
                "views": [{"state": s, "text": t} for s, t in o.views],
                "not_participating": list(o.not_participating), "silent": list(o.silent),
                "brackets": o.brackets, "reasons": [str(r) for r in o.reasons]}

    return {
        "on": result.on, "rule": result.rule, "lang": result.lang,
        "outcome": outcome(result.outcome), "brackets": result.brackets,
        "agreed": result.agreed, "bracketed": result.bracketed, "objected": result.objected,
        "still_objecting": [{"state": s, "paragraphs": ps}
                            for s, ps in result.still_objecting.items()],
        "ad_referendum": result.ad_referendum,
        "paragraphs": [{"key": p.key, "number": p.number, **outcome(p.outcome)}
                       for p in result.paragraphs],
    }


# --- what the chair recorded on a text -----------------------------------------------------


def text_outcomes(document: m.Document) -> list[m.TextOutcome]:
    """The latest outcome the chair recorded on each paragraph and on the whole text (the
    whole text first, then by paragraph). One query."""
    latest: dict[int | None, m.TextOutcome] = {}
    for row in document.outcomes.select_related("paragraph").order_by("id"):
        latest[row.paragraph_id] = row
    return sorted(latest.values(),
                  key=lambda r: (r.paragraph is not None, r.paragraph.position if r.paragraph
                                 else 0))


def chair_focus(document: m.Document) -> m.ChairFocus | None:
    """The paragraph the chair opened last (its `paragraph` None: the whole text). One
    query."""
    return document.focus.select_related("paragraph").order_by("-id").first()
