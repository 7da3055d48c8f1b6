"""Where a document stands: the consensus on each paragraph and on the whole text.

`document_consensus` decides from the positions recorded (a fixed number of queries). A long
text has thousands of positions and a room asks again after each new one, so a result keeps
what it was decided from (`Basis`); given as `previous`, a later call reads only the
positions recorded since and decides again only the paragraphs they touched. Positions are
append-only, which is what makes this right; the caller passes `previous` only when nothing
but positions changed (the room's `ONLY_POSITIONS`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from concilium.documents import models as m
from concilium.documents.dates import act_day
from concilium.organization import selectors as org
from concilium.rules import consensus

REREAD = 500
"""A later call re-reads the newest REREAD positions it already knew (and drops those it
knew): a position written in a transaction that took its id earlier but committed later is
still found, unless that many others were recorded in between."""


@dataclass(frozen=True)
class ParagraphConsensus:
    key: str
    number: int
    outcome: consensus.Outcome


@dataclass(frozen=True)
class DocumentConsensus:
    """Where a document stands: per paragraph and as a whole."""

    outcome: consensus.Outcome
    paragraphs: list[ParagraphConsensus]
    brackets: int
    objections: list[tuple[str, int | None, str]]
    views: list[tuple[str, int | None, str]]
    rule: str = "consensus"
    lang: str = "en"
    on: dt.date | None = None
    agreed: list[int] = field(default_factory=list)
    bracketed: list[int] = field(default_factory=list)
    objected: list[int] = field(default_factory=list)
    still_objecting: dict[str, list[int | None]] = field(default_factory=dict)
    ad_referendum: bool = False
    basis: Basis | None = field(default=None, compare=False, repr=False)


def _rule_for(document: m.Document, charter) -> consensus.Rule:
    if document.decision_kind in charter.decisions.by_kind:
        kind = charter.decisions.rule_for(document.decision_kind)
    elif charter.has_document_type(document.doc_type.slug):
        kind = charter.document_type(document.doc_type.slug).rule
    else:
        kind = document.doc_type.rule
    return consensus.Rule(str(getattr(kind, "value", kind)))


def with_whole(rows: list[tuple[str, str, str]],
                whole: dict[str, str]) -> list[tuple[str, str, str]]:
    """A paragraph's history, preceded by what each state said on the whole document.

    A state that agreed to the whole text (with or without a view) agrees to each of its
    paragraphs, and one that stays out of the whole stays out of each, unless it said
    otherwise on the paragraph; an objection to the whole stays with the whole.
    """
    if not whole:
        return rows
    first = [(code, stance, "") for code, stance in whole.items()]
    return [*first, *rows]


def whole_stances(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    """Each state's latest stance on the whole document, as it carries to the paragraphs."""
    latest = {code: stance for code, stance, _text in rows}
    carried = {consensus.Stance.AGREE: consensus.Stance.AGREE,
               consensus.Stance.VIEW: consensus.Stance.AGREE,
               consensus.Stance.NOT_PARTICIPATING: consensus.Stance.NOT_PARTICIPATING}
    return {code: str(carried[st]) for code, st in latest.items() if st in carried}


@dataclass(frozen=True)
class Basis:
    """What a consensus was decided from: the text's paragraphs and brackets, every
    paragraph's history and outcome, and the rule's terms. Its outcomes are filled in by
    the call that made it and never changed after (a later consensus copies what it
    changes), so results shared between threads stay right."""

    terms: tuple  # document, version, day, language, members, rule: what decides the same
    pars: list[tuple[int, str, int, list]]
    brackets: dict[int, int]
    rows: dict[int | None, tuple[tuple[str, str, str], ...]]
    ids: dict[int | None, tuple[int, ...]]
    recent: tuple[int, ...]  # the newest REREAD position ids, ascending
    ad_ref: dict[str, bool]
    outcomes: dict[int, consensus.Outcome]
    decided: dict[tuple, consensus.Outcome]  # shared memo of one set of terms


def document_consensus(document: m.Document, *, on: dt.date | None = None,
                       lang: str | None = None, in_procedure: bool = False,
                       previous: DocumentConsensus | None = None) -> DocumentConsensus:
    """Decide every paragraph and the whole document from the positions recorded.

    As of `on`, or else the date `dates.act_day` gives a reading: the session's, or the last
    decision's, whatever the clock says. Supporters are listed in the order lists
    in `lang` name states (the
    document's original language by default). The whole document is BLOCKED if any
    paragraph or the document itself meets an objection, PENDING while brackets remain,
    a paragraph is pending or (where the charter's silence is not consent) a member has not
    spoken, else ADOPTED. `in_procedure`: decided as a silence procedure, where silence
    counts (`decisions.silence.counts_in_procedure`); otherwise as at a meeting
    (`decisions.silence.counts_at_meeting`). A fixed number of queries.

    `previous`: an earlier result for this document, when only positions were recorded
    since; it is used only if it was decided on the same terms (version, day, language,
    members, rule), else everything is read again.
    """
    charter = org.charter()
    rules = charter.decisions
    silence_counts = (rules.silence_counts_in_procedure if in_procedure
                      else rules.silence_counts_at_meeting)
    day = act_day(document, on=on, reading=True)
    lang = lang or document.original_language
    entitled = org.member_codes_on(day)
    order = org.state_order(lang)
    rule = _rule_for(document, charter)
    concerned = document.concerned_state.code if document.concerned_state_id else None
    if rule is consensus.Rule.CONSENSUS_MINUS_ONE and concerned is None:
        rule = consensus.Rule.CONSENSUS
    if rule is not consensus.Rule.CONSENSUS_MINUS_ONE:
        concerned = None
    terms = (document.pk, document.version, day, lang, in_procedure, tuple(entitled), rule,
             concerned, tuple(order), silence_counts)
    old = previous.basis if previous is not None else None
    basis = (_basis_after(old, document) if old is not None and old.terms == terms
             else _basis(document, terms))
    decided = basis.decided

    def decide(rows, n, proponents=()):
        memo = (tuple(rows), n, tuple(proponents))
        outcome = decided.get(memo)
        if outcome is None:
            outcome = decided[memo] = consensus.decide(
                entitled=entitled, rule=rule, concerned=concerned, brackets=n, order=order,
                positions=[consensus.Position(c, consensus.Stance(st), t) for c, st, t in rows],
                exclude_from_supporters=proponents, silence_counts=silence_counts)
        return outcome

    brackets, outcomes = basis.brackets, basis.outcomes
    carried = whole_stances(basis.rows.get(None, ()))
    for pk, _key, _number, proponents in basis.pars:
        if pk not in outcomes:
            outcomes[pk] = decide(with_whole(list(basis.rows.get(pk, ())), carried),
                                  brackets.get(pk, 0), proponents or ())
    paragraphs, objections, views = [], [], []
    agreed, bracketed, objected = [], [], []
    still: dict[str, list[int | None]] = defaultdict(list)
    # After `previous` on the same paragraphs, a paragraph decided as before keeps its
    # ParagraphConsensus (immutable): a long text makes thousands of them per new position.
    before = (previous.paragraphs if old is not None and basis.pars is old.pars
              and len(previous.paragraphs) == len(basis.pars) else None)
    for i, (pk, key, number, _proponents) in enumerate(basis.pars):
        n = brackets.get(pk, 0)
        outcome = outcomes[pk]
        kept = before[i] if before is not None else None
        paragraphs.append(kept if kept is not None and kept.outcome is outcome
                          else ParagraphConsensus(key, number, outcome))
        if outcome.objections:
            objections += [(s, number, r) for s, r in outcome.objections]
        if outcome.views:
            views += [(s, number, t) for s, t in outcome.views]
        for s in outcome.objecting:
            still[s].append(number)
        if outcome.objecting:
            objected.append(number)
        if n:
            bracketed.append(number)
        if outcome.status is consensus.Status.ADOPTED:
            agreed.append(number)
    by_par = basis.rows
    ad_ref = basis.ad_ref
    total = sum(brackets.values())
    whole = decide(by_par.get(None, ()), total)
    objections += [(s, None, r) for s, r in whole.objections]
    views += [(s, None, t) for s, t in whole.views]
    for s in whole.objecting:
        still[s].append(None)
    if objections:
        status = consensus.Status.BLOCKED
    elif whole.status is consensus.Status.PENDING or any(
            not p.outcome.adopted for p in paragraphs):
        status = consensus.Status.PENDING
    else:
        status = whole.status
    reasons = list(whole.reasons)
    said = str(_("Paragraph {number}: objected to by {state}: {reason}."))  # once, not per
    for s, number, r in objections:                                          # objection
        if number is not None:
            reasons.append(said.format(number=number, state=s, reason=r.rstrip(".")))
    objecting = tuple(dict.fromkeys(s for s, _n, _r in objections))
    # A state objecting to a paragraph objects to the text: it leaves the other categories,
    # so each member stays in exactly one.
    against = set(objecting)

    def apart(states: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(c for c in states if c not in against)

    whole = dataclasses.replace(
        whole, status=status, reasons=tuple(reasons), objecting=objecting,
        objections=tuple((s, r) for s, _n, r in objections),
        supporters=apart(whole.supporters), agreeing=apart(whole.agreeing),
        with_view=apart(whole.with_view), not_participating=apart(whole.not_participating),
        silent=apart(whole.silent))
    taking_part = [c for c in entitled if c != concerned]
    ad_referendum = (status is consensus.Status.ADOPTED and bool(taking_part)
                     and all(ad_ref.get(c) for c in taking_part))
    return DocumentConsensus(
        outcome=whole, paragraphs=paragraphs, brackets=total, objections=objections,
        views=views, rule=str(rule), lang=lang, on=day, agreed=agreed, bracketed=bracketed,
        objected=objected, still_objecting=dict(still), ad_referendum=ad_referendum,
        basis=basis)


def _basis(document: m.Document, terms: tuple) -> Basis:
    """Everything read afresh (outcomes still to decide)."""
    pars = list(document.paragraphs.filter(deleted=False).order_by("position")
                .values_list("pk", "key", "number", "proponents"))
    # Each paragraph's history as plain (state, stance, text) rows: a long document has
    # thousands of positions, mostly the same few patterns (every member agreeing), so
    # each distinct (history, brackets, proponents) is decided once; `decide` is pure and
    # its Outcome immutable, so sharing it gives the same results as deciding each anew.
    # (No boolean among these columns: a converter would run on every one of the rows.)
    rows: dict[int | None, list] = defaultdict(list)
    ids: dict[int | None, list] = defaultdict(list)
    for pk, par_id, code, stance, text in (
            document.positions.order_by("id")
            .values_list("id", "paragraph_id", "state__code", "stance", "text")):
        rows[par_id].append((code, stance, text))
        ids[par_id].append(pk)
    recent = sorted(pk for found in ids.values() for pk in found[-REREAD:])[-REREAD:]
    return Basis(terms=terms, pars=pars, brackets=_paragraph_brackets(document),
                 rows={k: tuple(v) for k, v in rows.items()},
                 ids={k: tuple(v) for k, v in ids.items()}, recent=tuple(recent),
                 ad_ref=_ad_referendum(document), outcomes={}, decided={})


def _basis_after(old: Basis, document: m.Document) -> Basis:
    """`old` with the positions recorded since: their paragraphs' outcomes to decide again
    (every paragraph's, when one is on the whole text, which each paragraph takes)."""
    known = set(old.recent)
    since = old.recent[0] - 1 if len(old.recent) >= REREAD else 0
    new = [row for row in (document.positions.filter(id__gt=since).order_by("id")
                           .values_list("id", "paragraph_id", "state__code", "stance", "text"))
           if row[0] not in known]
    if not new:
        return old
    rows, ids = dict(old.rows), dict(old.ids)
    for pk, par_id, code, stance, text in new:
        pairs = [*zip(ids.get(par_id, ()), rows.get(par_id, ()), strict=True),
                 (pk, (code, stance, text))]
        if len(pairs) > 1 and pairs[-2][0] > pk:  # committed after a newer one
            pairs.sort()
        ids[par_id] = tuple(p for p, _row in pairs)
        rows[par_id] = tuple(row for _p, row in pairs)
    touched = {par_id for _pk, par_id, *_rest in new}
    whole = None in touched
    outcomes = {} if whole else {pk: o for pk, o in old.outcomes.items() if pk not in touched}
    recent = tuple(sorted(known | {row[0] for row in new})[-REREAD:])
    return dataclasses.replace(
        old, rows=rows, ids=ids, recent=recent, outcomes=outcomes,
        ad_ref=_ad_referendum(document) if whole else old.ad_ref)


def _ad_referendum(document: m.Document) -> dict[str, bool]:
    """Each state's latest ad referendum flag on the whole document."""
    return dict(document.positions.filter(paragraph__isnull=True).order_by("id")
                .values_list("state__code", "ad_referendum"))


def _paragraph_brackets(document: m.Document) -> dict[int, int]:
    """`_current_brackets` of every paragraph, in one pass over its language versions."""
    newest: dict[int, tuple[int, int]] = {}  # paragraph -> (newest edit_seq, most brackets)
    for pid, n, seq in (m.ParagraphText.objects
                        .filter(paragraph__document=document, paragraph__deleted=False)
                        .values_list("paragraph_id", "bracket_count", "edit_seq")):
        found = newest.get(pid)
        if found is None or seq > found[0] or (seq == found[0] and n > found[1]):
            newest[pid] = (seq, n)
    return {pid: n for pid, (_seq, n) in newest.items()}
