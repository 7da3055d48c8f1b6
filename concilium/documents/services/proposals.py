"""Proposals on a text and what becomes of them; the chair's compromise texts.

A delegation (or the secretariat) proposes to insert, replace, delete or amend; the chair
accepts (the text changes at once, as a new version) or rejects; the proposer withdraws.
Proposals are append-only: a decision fills in its outcome, and a pending proposal that an
accepted one has overtaken becomes superseded. The proposal a service returns has its
paragraph, anchor and state loaded as they stand after the change, ready to be shown.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit import history
from concilium.audit.models import Action
from concilium.core.errors import Forbidden, ValidationFailed
from concilium.core.services import check_version
from concilium.documents import models as m
from concilium.documents.selectors import language_check
from concilium.documents.services.common import (
    DOCUMENT,
    ONLY_OWN_STATE,
    _audit,
    _check_chair,
    _check_open,
    _locked,
    _paragraph,
)
from concilium.documents.services.texts import (
    TOO_LONG,
    TOO_MANY_PARAGRAPHS,
    _bump,
    _current_text,
    _renumber,
    _set_text,
    validate_text,
)
from concilium.organization import selectors as org
from concilium.rules import negotiation
from concilium.rules.negotiation import MAX_PARAGRAPH_CHARS
from concilium.rules.permissions import Actor, Role, acts_on_behalf, may_act_for_state

MAX_EXPLANATION_CHARS = 5_000

ONLY_PROPOSER_WITHDRAWS = _(
    "Only the delegation that made the proposal ({state}) or the secretariat may withdraw it."
)
UNKNOWN_PROPOSAL = _("proposal: document '{symbol}' has no proposal {number}.")
UNKNOWN_KIND = _("kind: '{value}' is not one of insert, replace, delete, amend.")
SPAN_REQUIRED = _("span: an amendment must quote the text it changes.")
SPAN_NOT_FOUND = _("span: the text '{span}' does not occur in paragraph {number} ({lang}).")
SPAN_AMBIGUOUS = _(
    "span: the text '{span}' occurs {count} times in paragraph {number} ({lang}); quote "
    "enough words to make it unique."
)
PARAGRAPH_REQUIRED = _("paragraph: a {kind} proposal must name the paragraph it changes.")
TEXT_REQUIRED = _("text: a {kind} proposal needs the new text.")
NOT_PENDING = _("proposal: proposal {number} is {status}; only a pending proposal can be {verb}.")
NO_LONGER_APPLIES = _(
    "proposal: proposal {number} no longer applies to the current text (the quoted span is "
    "gone); it cannot be accepted."
)
EXPLANATION_TOO_LONG = _("explanation: at most {limit} characters.")
NO_STATE_FOR_DELEGATE = _("state: say which state's delegation makes the proposal.")


def _kind(value: str) -> str:
    if value not in m.ProposalKind.values:
        raise ValidationFailed(UNKNOWN_KIND, field="kind", value=value)
    return value


def _check_span(par: m.Paragraph, lang: str, span: str) -> str:
    if not span:
        raise ValidationFailed(SPAN_REQUIRED, field="span")
    current = _current_text(par, lang)
    count = current.count(span)
    if count == 0:
        raise ValidationFailed(SPAN_NOT_FOUND, field="span", span=span, number=par.number,
                               lang=lang)
    if count > 1:
        raise ValidationFailed(SPAN_AMBIGUOUS, field="span", span=span, number=par.number,
                               lang=lang, count=count)
    return current


@transaction.atomic
def proposal_create(
    *, symbol: str, kind: str, lang: str | None = None, state: str | None = None,
    paragraph: int | None = None, after: int | None = None, span: str = "", text: str = "",
    explanation: str = "", expected_version: int | None = None, acting_user: Actor,
) -> m.Proposal:
    """A delegation proposes to insert, replace, delete a paragraph or amend a span.

    `paragraph` and `after` are paragraph numbers as shown (`after` 0 or None: insert at the
    start). The secretariat may propose in its own name (no state) or for a state.
    """
    doc = _locked(symbol, acting_user)
    state = state or acting_user.state
    if acting_user.role is not Role.SECRETARIAT:
        if not state:
            raise ValidationFailed(NO_STATE_FOR_DELEGATE, field="state")
        if not may_act_for_state(acting_user, state.upper()):
            raise Forbidden(ONLY_OWN_STATE, field="state", own=acting_user.state or "-",
                            state=state)
    state_row = org.state_for_input(state, field="state") if state else None
    kind = _kind(kind)
    lang = language_check(lang or doc.original_language)
    par = after_par = None
    if kind != m.ProposalKind.INSERT:
        if paragraph in (None, ""):
            raise ValidationFailed(PARAGRAPH_REQUIRED, field="paragraph", kind=kind)
        par = _paragraph(doc, paragraph)
    elif after not in (None, "", 0, "0"):
        after_par = _paragraph(doc, after, field="after")
    if kind == m.ProposalKind.INSERT:
        count = doc.paragraphs.filter(deleted=False).count()
        if count >= settings.CONCILIUM_MAX_PARAGRAPHS:
            raise ValidationFailed(TOO_MANY_PARAGRAPHS, field="after", count=count + 1,
                                   limit=settings.CONCILIUM_MAX_PARAGRAPHS)
    if kind in (m.ProposalKind.INSERT, m.ProposalKind.REPLACE):
        if not (text or "").strip():
            raise ValidationFailed(TEXT_REQUIRED, field="text", kind=kind)
        validate_text(text)
    elif kind == m.ProposalKind.AMEND:
        if len(text) > MAX_PARAGRAPH_CHARS:
            raise ValidationFailed(TOO_LONG, field="text", length=len(text),
                                   limit=MAX_PARAGRAPH_CHARS)
        current = _check_span(par, lang, span)
        validate_text(current.replace(span, text, 1))
    else:
        text = ""
    if len(explanation) > MAX_EXPLANATION_CHARS:
        raise ValidationFailed(EXPLANATION_TOO_LONG, field="explanation",
                               limit=MAX_EXPLANATION_CHARS)
    _check_open(doc)
    check_version(doc, expected_version, kind=DOCUMENT)
    code = state_row.code if state_row else None
    on_behalf = bool(code) and acts_on_behalf(acting_user, code)
    proposal = m.Proposal.objects.create(
        document=doc, paragraph=par, after=after_par, kind=kind, lang=lang,
        span=span if kind == m.ProposalKind.AMEND else "", text=text, explanation=explanation,
        state=state_row, base_version=doc.version, created_by=acting_user.username,
        on_behalf=on_behalf,
    )
    history.note(proposal)
    _audit(acting_user, Action.PROPOSAL_CREATE, doc,
           {"proposal": proposal.pk, "kind": kind, "paragraph": par.number if par else None,
            "after": after_par.number if after_par else None, "lang": lang, "span": span,
            "text": text, "explanation": explanation},
           state=code, on_behalf=on_behalf)
    return proposal


def _proposal(doc: m.Document, number) -> m.Proposal:
    found = (m.Proposal.objects.select_for_update(of=("self",))
             .select_related("paragraph", "after", "state")
             .filter(document=doc, pk=number).first()) if str(number).isdigit() else None
    if found is None:
        raise ValidationFailed(UNKNOWN_PROPOSAL, field="proposal", symbol=doc.symbol,
                               number=number)
    return found


def _still_applies(proposal: m.Proposal) -> bool:
    par = proposal.paragraph
    if proposal.kind == m.ProposalKind.INSERT:
        return proposal.after is None or not proposal.after.deleted
    if par is None or par.deleted:
        return False
    if proposal.kind == m.ProposalKind.AMEND:
        return _current_text(par, proposal.lang).count(proposal.span) == 1
    return True


def _apply(doc: m.Document, proposal: m.Proposal, seq: int) -> m.Paragraph:
    """Change the working text as the proposal says; returns the paragraph touched."""
    kind = proposal.kind
    if kind == m.ProposalKind.INSERT:
        base = proposal.after.position if proposal.after else 0
        doc.paragraphs.filter(position__gt=base).update(position=F("position") + 1)
        keys = set(doc.paragraphs.values_list("key", flat=True))
        n = len(keys) + 1
        while f"p{n}" in keys:
            n += 1
        par = m.Paragraph.objects.create(document=doc, key=f"p{n}", position=base + 1,
                                         created_in_version=seq)
        _set_text(par, proposal.lang, proposal.text, negotiation.parse(proposal.text), seq)
        _renumber(doc)
        par.refresh_from_db()
        proposal.paragraph = par
        return par
    par = proposal.paragraph
    if kind == m.ProposalKind.DELETE:
        par.deleted, par.number = True, None  # a deleted paragraph has no number
        par.save(update_fields=["deleted", "number"])
        _renumber(doc)
        return par
    if kind == m.ProposalKind.REPLACE:
        new = proposal.text
    else:
        new = _current_text(par, proposal.lang).replace(proposal.span, proposal.text, 1)
    _set_text(par, proposal.lang, new, validate_text(new), seq)
    return par


def _supersede_others(doc: m.Document, accepted: m.Proposal, now) -> list[int]:
    """Pending proposals on the same paragraph that no longer apply become superseded.

    A chair's text replaces the paragraph on the chair's own responsibility, to bridge
    every position on it: each other pending proposal on that paragraph is superseded,
    even one that could still be applied to the new text.
    """
    if accepted.paragraph_id is None:
        return []
    out = []
    touching = Q(paragraph=accepted.paragraph_id) | Q(after=accepted.paragraph_id)
    for other in (m.Proposal.objects.select_for_update(of=("self",))
                  .select_related("paragraph", "after")
                  .filter(touching, document=doc, status=m.ProposalStatus.PENDING)):
        bridged = accepted.by_chair and other.paragraph_id == accepted.paragraph_id
        if other.pk == accepted.pk or (not bridged and _still_applies(other)):
            continue
        other.status = m.ProposalStatus.SUPERSEDED
        other.superseded_by = accepted
        other.decided_at = now
        other.decided_by = accepted.decided_by
        other.save(update_fields=["status", "superseded_by", "decided_at", "decided_by"])
        out.append(other.pk)
    return out


@transaction.atomic
def proposal_accept(
    *, symbol: str, proposal: int, note: str = "", expected_version: int | None = None,
    on: dt.date | None = None, acting_user: Actor,
) -> m.Proposal:
    """The chair accepts a pending proposal: applied at once, as a new version."""
    doc = _locked(symbol, acting_user)
    _check_chair(acting_user, doc, on)
    prop = _proposal(doc, proposal)
    if prop.status != m.ProposalStatus.PENDING:
        raise ValidationFailed(NOT_PENDING, field="proposal", number=prop.pk,
                               status=prop.get_status_display(), verb=_("accepted"))
    _check_open(doc)
    check_version(doc, expected_version, kind=DOCUMENT)
    if not _still_applies(prop):
        raise ValidationFailed(NO_LONGER_APPLIES, field="proposal", number=prop.pk)
    now = timezone.now()
    par = _apply(doc, prop, doc.version + 1)
    prop.status = m.ProposalStatus.ACCEPTED
    prop.decided_by, prop.decided_at, prop.decision_note = acting_user.username, now, note
    prop.result_version = doc.version + 1
    prop.save()
    superseded = _supersede_others(doc, prop, now)
    _bump(doc, by=acting_user, note=f"proposal {prop.pk} ({prop.kind}) accepted")
    _audit(acting_user, Action.PROPOSAL_DECIDE, doc,
           {"proposal": prop.pk, "decision": "accepted", "paragraph": par.key,
            "version": doc.version, "superseded": superseded, "note": note,
            "renumbered": prop.kind in (m.ProposalKind.INSERT, m.ProposalKind.DELETE)})
    return prop


def _close_proposal(doc, prop, status, acting_user, note, verb):
    if prop.status != m.ProposalStatus.PENDING:
        raise ValidationFailed(NOT_PENDING, field="proposal", number=prop.pk,
                               status=prop.get_status_display(), verb=verb)
    prop.status = status
    prop.decided_by, prop.decided_at, prop.decision_note = (acting_user.username,
                                                            timezone.now(), note)
    prop.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    shown_in = prop.paragraph if prop.paragraph_id else prop.after  # where it was listed
    _audit(acting_user, Action.PROPOSAL_DECIDE, doc,
           {"proposal": prop.pk, "decision": str(status), "note": note,
            "paragraph": shown_in.key if shown_in is not None else None},
           state=prop.state.code if prop.state else None)
    return prop


@transaction.atomic
def proposal_reject(
    *, symbol: str, proposal: int, note: str = "", on: dt.date | None = None,
    acting_user: Actor,
) -> m.Proposal:
    """The chair rejects a pending proposal; the text does not change."""
    doc = _locked(symbol, acting_user)
    _check_chair(acting_user, doc, on)
    prop = _proposal(doc, proposal)
    return _close_proposal(doc, prop, m.ProposalStatus.REJECTED, acting_user, note,
                           _("rejected"))


@transaction.atomic
def proposal_withdraw(*, symbol: str, proposal: int, note: str = "",
                      acting_user: Actor) -> m.Proposal:
    """The proposing delegation (or the secretariat) withdraws a pending proposal."""
    doc = _locked(symbol, acting_user)
    prop = _proposal(doc, proposal)
    owner = prop.state.code if prop.state else None
    if not (acting_user.role is Role.SECRETARIAT
            or (owner and may_act_for_state(acting_user, owner))):
        raise Forbidden(ONLY_PROPOSER_WITHDRAWS, state=owner or _("the secretariat"))
    return _close_proposal(doc, prop, m.ProposalStatus.WITHDRAWN, acting_user, note,
                           _("withdrawn"))


@transaction.atomic
def chair_text_table(
    *, symbol: str, paragraph: int, text: str, lang: str | None = None,
    explanation: str = "", expected_version: int | None = None, on: dt.date | None = None,
    acting_user: Actor,
) -> m.Proposal:
    """The chair tables a compromise text that replaces a paragraph's text at once.

    The text is the presidency's, not a delegation's: the proposal names no state (the
    chair's own delegation proposes, like any other, through `proposal_create`), and the
    audit record says which presidency tabled it.
    """
    doc = _locked(symbol, acting_user)
    chair = _check_chair(acting_user, doc, on)
    par = _paragraph(doc, paragraph)
    lang = language_check(lang or doc.original_language)
    validate_text(text)
    tree = negotiation.replace_with_compromise(negotiation.ParagraphText(), text)
    _check_open(doc)
    check_version(doc, expected_version, kind=DOCUMENT)
    now = timezone.now()
    prop = m.Proposal.objects.create(
        document=doc, paragraph=par, kind=m.ProposalKind.REPLACE, lang=lang, text=text,
        explanation=explanation, state=None, by_chair=True,
        status=m.ProposalStatus.ACCEPTED, base_version=doc.version,
        created_by=acting_user.username, decided_by=acting_user.username, decided_at=now,
        result_version=doc.version + 1,
    )
    history.note(prop)
    _set_text(par, lang, text, tree, doc.version + 1)
    superseded = _supersede_others(doc, prop, now)
    _bump(doc, by=acting_user, note=f"chair's text for paragraph {par.number}")
    _audit(acting_user, Action.CHAIR_TEXT, doc,
           {"proposal": prop.pk, "paragraph": par.key, "number": par.number, "lang": lang,
            "text": text, "version": doc.version, "superseded": superseded,
            "presidency": chair})
    return prop
