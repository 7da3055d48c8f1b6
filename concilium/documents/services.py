"""Writes to negotiated documents: drafting, proposals, chair's texts, positions.

Every write checks permission, validates (messages name the field), runs in one transaction,
refuses a stale `expected_version` with `Conflict`, and ends with `record_change`. Every
change to the text bumps `document.version` and writes an immutable `Version` snapshot, so
Rev.N is always the text after the N-th change.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import (
    NOT_FOUND,
    Conflict,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from concilium.core.services import check_version, record_change
from concilium.documents import models as m
from concilium.organization import models as org_models
from concilium.organization import selectors as org
from concilium.rules import negotiation
from concilium.rules.negotiation import MAX_PARAGRAPH_CHARS
from concilium.rules.permissions import (
    Actor,
    Classification,
    Role,
    acts_on_behalf,
    may_act_for_state,
    may_chair,
    may_draft,
    may_read,
)

MAX_TITLE_CHARS = 500
MAX_EXPLANATION_CHARS = 5_000

ONLY_SECRETARIAT_DRAFTS = _("Only the secretariat creates and edits documents.")
ONLY_CHAIR = _(
    "Only the chair (the delegation of the state holding the presidency, {chair}) or the "
    "secretariat may do this."
)
ONLY_OWN_STATE = _("state: you speak for {own}; you may not act for {state}.")
ONLY_PROPOSER_WITHDRAWS = _(
    "Only the delegation that made the proposal ({state}) or the secretariat may withdraw it."
)
UNKNOWN_TYPE = _("doc_type: there is no document type '{slug}'; the charter names: {known}.")
UNKNOWN_BODY = _("body: there is no body '{slug}'; the charter names: {known}.")
UNKNOWN_LANGUAGE = _("{field}: '{lang}' is not a language of the charter ({known}).")
UNKNOWN_CLASSIFICATION = _(
    "classification: '{value}' is not one of members, released, public."
)
UNKNOWN_STATE = _("state: there is no state '{code}' in the registry.")
NOT_A_MEMBER = _("state: {code} is not a member state on {day}; only members take positions.")
UNKNOWN_PARAGRAPH = _("paragraph: document '{symbol}' has no paragraph {number}.")
UNKNOWN_PROPOSAL = _("proposal: document '{symbol}' has no proposal {number}.")
UNKNOWN_STANCE = _("stance: '{value}' is not one of agree, view, not_participating, object.")
UNKNOWN_KIND = _("kind: '{value}' is not one of insert, replace, delete, amend.")
VIEW_NEEDS_TEXT = _("text: a view must say what it is, so that it can go into the minutes.")
OBJECTION_NEEDS_REASON = _("text: an objection must give its reason.")
SYMBOL_TAKEN = _("symbol: '{symbol}' is already used by another document.")
SYMBOL_INVALID = _("symbol: '{symbol}' is not a usable symbol (1-80 characters, no spaces "
                   "at the ends, no '?' or '#').")
NO_PARAGRAPHS = _("paragraphs: a document needs at least one paragraph.")
DOCUMENT = _("Document")
EMPTY_PARAGRAPH = _("{field}: the paragraph text is empty.")
TOO_LONG = _("{field}: the text has {length} characters; the limit is {limit}.")
BAD_NOTATION = _("{field}: {detail}")
TITLE_TOO_LONG = _("titles: a title may have at most {limit} characters.")
CLOSED = _(
    "Document '{symbol}' is {status}: it is closed, and nothing more can be recorded on it."
)
SPAN_REQUIRED = _("span: an amendment must quote the text it changes.")
SPAN_NOT_FOUND = _("span: the text '{span}' does not occur in paragraph {number} ({lang}).")
SPAN_AMBIGUOUS = _(
    "span: the text '{span}' occurs {count} times in paragraph {number} ({lang}); quote "
    "enough words to make it unique."
)
PARAGRAPH_REQUIRED = _("paragraph: a {kind} proposal must name the paragraph it changes.")
TEXT_REQUIRED = _("text: a {kind} proposal needs the new text.")
PARAGRAPH_DELETED = _("paragraph: paragraph {number} has been deleted.")
NOT_PENDING = _("proposal: proposal {number} is {status}; only a pending proposal can be {verb}.")
NO_LONGER_APPLIES = _(
    "proposal: proposal {number} no longer applies to the current text (the quoted span is "
    "gone); it cannot be accepted."
)
EXPLANATION_TOO_LONG = _("explanation: at most {limit} characters.")
PROPONENT_UNKNOWN = _("proponents: there is no state '{code}' in the registry.")
NO_STATE_FOR_DELEGATE = _("state: say which state's delegation makes the proposal.")
TRACKED_INSERTION = _("Tracked insertion in the imported file.")
TRACKED_CHANGE = _("Tracked change in the imported file.")
NOTHING_TO_CHANGE = _("Nothing to change: give titles or a classification.")

_SYMBOL_OK = re.compile(r"^[^\s?#][^?#]{0,78}[^\s?#]$|^[^\s?#]$")


# --- helpers ----------------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def _languages() -> tuple[str, ...]:
    return org.charter().languages


def _check_lang(lang: str, field: str = "lang") -> str:
    known = _languages()
    if lang not in known:
        raise ValidationFailed(UNKNOWN_LANGUAGE, field=field, lang=lang, known=", ".join(known))
    return lang


def validate_text(text, *, field: str = "text") -> negotiation.ParagraphText:
    """Refuse an empty, oversized or malformed paragraph; return its parsed tree."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationFailed(EMPTY_PARAGRAPH, field=field)
    if len(text) > MAX_PARAGRAPH_CHARS:
        raise ValidationFailed(TOO_LONG, field=field, length=len(text), limit=MAX_PARAGRAPH_CHARS)
    try:
        return negotiation.parse(text)
    except negotiation.NotationError as error:
        raise ValidationFailed(BAD_NOTATION, field=field, detail=error.message,
                               position=error.position) from None


def _locked(symbol: str, actor: Actor) -> m.Document:
    """The document for a write, locked; the same NotFound when it may not be seen."""
    doc = (m.Document.objects.select_for_update(of=("self",))
           .select_related("doc_type", "concerned_state").filter(symbol=symbol).first())
    if doc is None or not may_read(actor, doc.classification):
        raise NotFound(NOT_FOUND, kind=_("document"), key=symbol)
    return doc


def _check_open(doc: m.Document) -> None:
    if doc.status in m.CLOSED_STATUSES:
        raise Conflict(CLOSED, field="status", symbol=doc.symbol,
                       status=m.DocumentStatus(doc.status).label)


def chair_state_on(day: dt.date) -> str | None:
    term = org.presidency_on(day)
    return term.state.code if term else None


def _check_chair(actor: Actor, day: dt.date | None) -> str | None:
    chair = chair_state_on(day or today())
    if not may_chair(actor, chair):
        raise Forbidden(ONLY_CHAIR, chair=chair or "-")
    return chair


def _paragraph(doc: m.Document, number, *, field: str = "paragraph") -> m.Paragraph:
    try:
        number = int(number)
    except (TypeError, ValueError):
        raise ValidationFailed(UNKNOWN_PARAGRAPH, field=field, symbol=doc.symbol,
                               number=number) from None
    par = doc.paragraphs.filter(number=number, deleted=False).first()
    if par is None:
        raise ValidationFailed(UNKNOWN_PARAGRAPH, field=field, symbol=doc.symbol, number=number)
    return par


def _state(code: str, field: str = "state") -> org_models.State:
    state = org_models.State.objects.filter(code=(code or "").upper()).first()
    if state is None:
        raise ValidationFailed(UNKNOWN_STATE, field=field, code=code)
    return state


def _snapshot(doc: m.Document, *, by: Actor, note: str = "") -> m.Version:
    """Write the immutable Version for doc.version from the current working text."""
    texts: dict[int, dict[str, str]] = {}
    for pid, lang, text in (m.ParagraphText.objects
                            .filter(paragraph__document=doc, paragraph__deleted=False)
                            .values_list("paragraph_id", "lang", "text")):
        texts.setdefault(pid, {})[lang] = text
    snapshot = [{"key": p.key, "number": p.number, "texts": texts.get(p.pk, {})}
                for p in doc.paragraphs.filter(deleted=False).order_by("position")]
    return m.Version.objects.create(document=doc, number=doc.version, created_by=by.username,
                                    note=note[:500], snapshot=snapshot, titles=doc.titles)


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


def _set_text(par: m.Paragraph, lang: str, text: str, tree, seq: int) -> m.ParagraphText:
    """Write one language version. An edit that brings an out-of-date translation level
    with the others does not flag them; any other edit makes the others out of date."""
    rows = {t.lang: t for t in par.texts.all()}
    others = [t.edit_seq for lg, t in rows.items() if lg != lang]
    row = rows.get(lang)
    newest_other = max(others, default=-1)
    if row is None:
        row = m.ParagraphText(paragraph=par, lang=lang)
        edit_seq = newest_other if others else seq
    elif newest_other > row.edit_seq:
        edit_seq = newest_other  # a translation catching up
    else:
        edit_seq = seq
    row.text, row.bracket_count, row.edit_seq = text, tree.bracket_count, edit_seq
    row.save()
    return row


def _normalise_paragraphs(paragraphs, lang: str) -> list[tuple[dict[str, str], list[str]]]:
    if not paragraphs:
        raise ValidationFailed(NO_PARAGRAPHS, field="paragraphs")
    out = []
    for i, item in enumerate(paragraphs, start=1):
        field = f"paragraphs.{i}"
        proponents: list[str] = []
        if isinstance(item, str):
            texts = {lang: item}
        elif isinstance(item, dict):
            item = dict(item)
            proponents = [_state(c, field=f"{field}.proponents").code
                          for c in item.pop("proponents", None) or []]
            texts = {k: v for k, v in item.items()}
            if not texts:
                raise ValidationFailed(EMPTY_PARAGRAPH, field=field)
        else:
            raise ValidationFailed(EMPTY_PARAGRAPH, field=field)
        for lg, text in texts.items():
            _check_lang(lg, field=f"{field}.{lg}")
            validate_text(text, field=f"{field}.{lg}")
        out.append((texts, proponents))
    return out


def _check_titles(titles: dict | None) -> dict[str, str]:
    titles = {k: (v or "").strip() for k, v in (titles or {}).items() if (v or "").strip()}
    for lg, title in titles.items():
        _check_lang(lg, field=f"titles.{lg}")
        if len(title) > MAX_TITLE_CHARS:
            raise ValidationFailed(TITLE_TOO_LONG, field=f"titles.{lg}", limit=MAX_TITLE_CHARS)
    return titles


def _check_classification(value: str) -> str:
    try:
        return Classification(value).value
    except ValueError:
        raise ValidationFailed(UNKNOWN_CLASSIFICATION, field="classification",
                               value=value) from None


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


def _audit(actor: Actor, action: Action, doc: m.Document, summary: dict, *,
           state: str | None = None, on_behalf: bool = False):
    return record_change(actor=actor, action=action, target_type="document",
                         target_id=doc.symbol, topic=doc.topic, summary=summary,
                         acting_for=state, on_behalf=on_behalf)


# --- documents --------------------------------------------------------------------------


@transaction.atomic
def document_create(
    *, doc_type: str, body: str, titles: dict[str, str], lang: str,
    paragraphs: list[str] | list[dict[str, str]], classification: str = "members",
    symbol: str | None = None, acting_user: Actor, note: str = "",
) -> m.Document:
    """Create a draft with its paragraphs (texts per language) and its original version.

    A paragraph given as a string is in `lang`; as a dict it holds a text per language (and
    optionally "proponents": state codes the text names otherwise).
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
    _check_lang(lang)
    titles = _check_titles(titles)
    classification = _check_classification(classification)
    items = _normalise_paragraphs(paragraphs, lang)
    if symbol is not None:
        symbol = symbol.strip()
        if not _SYMBOL_OK.match(symbol):
            raise ValidationFailed(SYMBOL_INVALID, field="symbol", symbol=symbol)
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


@transaction.atomic
def document_update(
    *, symbol: str, titles: dict | None = None, classification: str | None = None,
    status: str | None = None, expected_version: int | None = None, acting_user: Actor,
) -> m.Document:
    """Change a document's titles, classification or status (the secretariat)."""
    doc = _locked(symbol, acting_user)
    if not may_draft(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_DRAFTS)
    before, after = {}, {}
    if titles is not None:
        new_titles = {**doc.titles, **_check_titles(titles)}
        if new_titles != doc.titles:
            before["titles"], after["titles"] = doc.titles, new_titles
    if classification is not None:
        value = _check_classification(classification)
        if value != doc.classification:
            before["classification"], after["classification"] = doc.classification, value
    if status is not None:
        if status not in m.DocumentStatus.values:
            raise ValidationFailed(_("status: '{value}' is not a document status."),
                                   field="status", value=status)
        if status != doc.status:
            before["status"], after["status"] = doc.status, status
    if titles is None and classification is None and status is None:
        raise ValidationFailed(NOTHING_TO_CHANGE, field="titles")
    check_version(doc, expected_version, kind=DOCUMENT)
    if not after:
        return doc
    for key, value in after.items():
        setattr(doc, key, value)
    doc.save(update_fields=[*after, "updated_at"])
    _audit(acting_user, Action.DOCUMENT_UPDATE, doc, {"before": before, "after": after})
    return doc


@transaction.atomic
def paragraph_text_set(
    *, symbol: str, paragraph: int, lang: str, text: str, expected_version: int | None,
    acting_user: Actor,
) -> m.ParagraphText:
    """Set one language version of a paragraph (secretariat, translators): a new version.

    The other language versions are flagged out of date, unless this edit brings an
    out-of-date translation level with them.
    """
    doc = _locked(symbol, acting_user)
    if not may_draft(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_DRAFTS)
    par = _paragraph(doc, paragraph)
    _check_lang(lang)
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


# --- proposals --------------------------------------------------------------------------


def _kind(value: str) -> str:
    if value not in m.ProposalKind.values:
        raise ValidationFailed(UNKNOWN_KIND, field="kind", value=value)
    return value


def _current_text(par: m.Paragraph, lang: str) -> str:
    return par.texts.filter(lang=lang).values_list("text", flat=True).first() or ""


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
    state_row = _state(state) if state else None
    kind = _kind(kind)
    lang = _check_lang(lang or doc.original_language)
    par = after_par = None
    if kind != m.ProposalKind.INSERT:
        if paragraph in (None, ""):
            raise ValidationFailed(PARAGRAPH_REQUIRED, field="paragraph", kind=kind)
        par = _paragraph(doc, paragraph)
    elif after not in (None, "", 0, "0"):
        after_par = _paragraph(doc, after, field="after")
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
        par.deleted = True
        par.save(update_fields=["deleted"])
        _renumber(doc)
        return par
    if kind == m.ProposalKind.REPLACE:
        new = proposal.text
    else:
        new = _current_text(par, proposal.lang).replace(proposal.span, proposal.text, 1)
    _set_text(par, proposal.lang, new, validate_text(new), seq)
    return par


def _supersede_others(doc: m.Document, accepted: m.Proposal, now) -> list[int]:
    """Pending proposals on the same paragraph that no longer apply become superseded."""
    if accepted.paragraph_id is None:
        return []
    out = []
    touching = Q(paragraph=accepted.paragraph_id) | Q(after=accepted.paragraph_id)
    for other in (m.Proposal.objects.select_for_update(of=("self",))
                  .select_related("paragraph", "after")
                  .filter(touching, document=doc, status=m.ProposalStatus.PENDING)):
        if other.pk == accepted.pk or _still_applies(other):
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
    _check_chair(acting_user, on)
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
            "version": doc.version, "superseded": superseded, "note": note})
    return prop


def _close_proposal(doc, prop, status, acting_user, note, verb):
    if prop.status != m.ProposalStatus.PENDING:
        raise ValidationFailed(NOT_PENDING, field="proposal", number=prop.pk,
                               status=prop.get_status_display(), verb=verb)
    prop.status = status
    prop.decided_by, prop.decided_at, prop.decision_note = (acting_user.username,
                                                            timezone.now(), note)
    prop.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _audit(acting_user, Action.PROPOSAL_DECIDE, doc,
           {"proposal": prop.pk, "decision": str(status), "note": note},
           state=prop.state.code if prop.state else None)
    return prop


@transaction.atomic
def proposal_reject(
    *, symbol: str, proposal: int, note: str = "", on: dt.date | None = None,
    acting_user: Actor,
) -> m.Proposal:
    """The chair rejects a pending proposal; the text does not change."""
    doc = _locked(symbol, acting_user)
    _check_chair(acting_user, on)
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
    """The chair tables a compromise text that replaces a paragraph's text at once."""
    doc = _locked(symbol, acting_user)
    chair = _check_chair(acting_user, on)
    par = _paragraph(doc, paragraph)
    lang = _check_lang(lang or doc.original_language)
    validate_text(text)
    tree = negotiation.replace_with_compromise(negotiation.ParagraphText(), text)
    _check_open(doc)
    check_version(doc, expected_version, kind=DOCUMENT)
    now = timezone.now()
    state_row = org_models.State.objects.filter(code=acting_user.state or chair).first()
    prop = m.Proposal.objects.create(
        document=doc, paragraph=par, kind=m.ProposalKind.REPLACE, lang=lang, text=text,
        explanation=explanation, state=state_row, by_chair=True,
        status=m.ProposalStatus.ACCEPTED, base_version=doc.version,
        created_by=acting_user.username, decided_by=acting_user.username, decided_at=now,
        result_version=doc.version + 1,
    )
    _set_text(par, lang, text, tree, doc.version + 1)
    superseded = _supersede_others(doc, prop, now)
    _bump(doc, by=acting_user, note=f"chair's text for paragraph {par.number}")
    _audit(acting_user, Action.CHAIR_TEXT, doc,
           {"proposal": prop.pk, "paragraph": par.key, "number": par.number, "lang": lang,
            "text": text, "version": doc.version, "superseded": superseded},
           state=state_row.code if state_row else None)
    return prop


# --- positions --------------------------------------------------------------------------


@transaction.atomic
def position_record(
    *, symbol: str, state: str, stance: str, text: str = "", paragraph: int | None = None,
    expected_version: int | None = None, ad_referendum: bool = False,
    on: dt.date | None = None, acting_user: Actor,
) -> m.Position:
    """Record a member state's position on a paragraph (by number) or the whole document.

    Append-only: a change of position is a new row. Only a delegate (or the chair) of that
    state, or the secretariat on its behalf, may record it; only members on the date count.
    """
    doc = _locked(symbol, acting_user)
    code = (state or "").strip().upper()
    if not may_act_for_state(acting_user, code):
        raise Forbidden(ONLY_OWN_STATE, field="state", own=acting_user.state or "-",
                        state=state)
    state_row = _state(code)
    day = on or today()
    if code not in org.member_codes_on(day):
        raise ValidationFailed(NOT_A_MEMBER, field="state", code=code, day=day.isoformat())
    par = _paragraph(doc, paragraph) if paragraph not in (None, "") else None
    if stance not in m.Stance.values:
        raise ValidationFailed(UNKNOWN_STANCE, field="stance", value=stance)
    text = (text or "").strip()
    if stance == m.Stance.VIEW and not text:
        raise ValidationFailed(VIEW_NEEDS_TEXT, field="text")
    if stance == m.Stance.OBJECT and not text:
        raise ValidationFailed(OBJECTION_NEEDS_REASON, field="text")
    if len(text) > MAX_PARAGRAPH_CHARS:
        raise ValidationFailed(TOO_LONG, field="text", length=len(text),
                               limit=MAX_PARAGRAPH_CHARS)
    _check_open(doc)
    check_version(doc, expected_version, kind=DOCUMENT)
    on_behalf = acts_on_behalf(acting_user, code)
    row = m.Position.objects.create(
        document=doc, paragraph=par, state=state_row, stance=stance, text=text,
        ad_referendum=bool(ad_referendum), recorded_by=acting_user.username,
        on_behalf=on_behalf, version=doc.version,
    )
    _audit(acting_user, Action.POSITION_RECORD, doc,
           {"position": row.pk, "state": code, "paragraph": par.number if par else None,
            "stance": stance, "text": text, "ad_referendum": bool(ad_referendum)},
           state=code, on_behalf=on_behalf)
    return row


# --- import -----------------------------------------------------------------------------


@transaction.atomic
def document_import(
    *, content: bytes, filename: str, doc_type: str, body: str, lang: str,
    symbol: str | None = None, title: str | None = None, classification: str = "members",
    acting_user: Actor,
) -> m.Document:
    """Create a draft from a .txt, .md or .docx file; Word's tracked changes become pending
    proposals of the secretariat. All or nothing."""
    from concilium.documents import importing

    if not may_draft(acting_user):
        raise Forbidden(ONLY_SECRETARIAT_DRAFTS)
    read = importing.read(content, filename)
    if not read.paragraphs:
        raise ValidationFailed(importing.EMPTY, field="file", name=filename)
    title = (title or read.title or "").strip()
    doc = document_create(
        doc_type=doc_type, body=body, lang=lang, paragraphs=read.paragraphs,
        titles={lang: title} if title else {}, classification=classification, symbol=symbol,
        acting_user=acting_user, note=f"imported from {filename}"[:500])
    for change in read.tracked:
        number = change.index + 1
        if change.kind == "insert":
            proposal_create(symbol=doc.symbol, kind="insert", lang=lang, after=number,
                            text=change.text, explanation=str(TRACKED_INSERTION),
                            acting_user=acting_user)
        else:
            proposal_create(symbol=doc.symbol, kind=change.kind, lang=lang, paragraph=number,
                            text=change.text,
                            explanation=str(TRACKED_CHANGE),
                            acting_user=acting_user)
    return doc


def document_status_follow(*, document: m.Document, status: str, acting_user: Actor,
                           cause: dict | None = None) -> None:
    """Move a document to the place in the pipeline decided elsewhere.

    The meetings services decide (a decision at a meeting, a silence procedure) and check
    the pipeline and the rights; the document's row is written here, by its own app. With a
    `cause`, the change is also audited and announced on the document's topic; a caller that
    announces the change itself (opening a silence procedure) passes none. Runs inside the
    caller's transaction.
    """
    old, document.status = document.status, status
    m.Document.objects.filter(pk=document.pk).update(status=status)
    if cause is not None:
        record_change(actor=acting_user, action=Action.DOCUMENT_UPDATE, target_type="document",
                      target_id=document.symbol, topic=document.topic,
                      summary={"before": {"status": str(old)}, "after": {"status": str(status)},
                               **cause})
