"""Endpoints for negotiated documents: texts, versions, redlines, proposals, positions,
consensus. Thin: parse, call a selector or a service, serialize what it returned.

Symbols contain slashes (SCO/CFM/2020/DRAFT.1), so the symbol is a `path` parameter; the
sub-resources are declared before the bare document route so that they match first.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpResponse
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from concilium.accounts.auth import actor_of
from concilium.documents import models as m
from concilium.documents import selectors, services
from concilium.organization.selectors import charter
from concilium.rules.negotiation import MAX_PARAGRAPH_CHARS

router = Router(tags=["documents"])

DOC = "/documents/{path:symbol}"


# --- schemas ----------------------------------------------------------------------------


class DocumentOut(Schema):
    symbol: str
    doc_type: str
    titles: dict[str, str]
    origin_body: str
    approving_body: str
    classification: str
    status: str
    version: int
    revision: str
    original_language: str


class TextOut(Schema):
    text: str
    bracket_count: int
    status: Literal["current", "outdated", "missing"]


class ParagraphOut(Schema):
    key: str
    number: int
    bracket_count: int
    proponents: list[str]
    texts: dict[str, TextOut]


class DocumentDetailOut(DocumentOut):
    languages: list[str]
    brackets: int
    clean: bool
    paragraphs: list[ParagraphOut]


class TrackedAuthorOut(Schema):
    name: str
    state: str | None
    how: Literal["mapping", "code", "name", "alias", "ambiguous", "unknown"]
    changes: int


class DocumentImportOut(DocumentDetailOut):
    tracked_authors: list[TrackedAuthorOut]
    unknown_authors: list[str]


class DocumentCreateIn(Schema):
    doc_type: str
    body: str
    lang: str
    titles: dict[str, str] = {}
    paragraphs: list[str | dict[str, Any]]
    classification: Literal["members", "released", "public"] = "members"
    symbol: str | None = None


class DocumentUpdateIn(Schema):
    titles: dict[str, str] | None = None
    classification: str | None = None
    status: str | None = None
    expected_version: int | None = None


class VersionOut(Schema):
    number: int
    label: str
    created_at: dt.datetime
    created_by: str
    note: str


class VersionParagraphOut(Schema):
    key: str
    number: int | None
    texts: dict[str, str]


class VersionTextOut(VersionOut):
    titles: dict[str, str]
    paragraphs: list[VersionParagraphOut]


class RunOut(Schema):
    op: str
    text: str


class RedlineParagraphOut(Schema):
    key: str
    kind: str
    number_old: int | None
    number_new: int | None
    runs: list[RunOut]


class RedlineOut(Schema):
    from_version: int
    to_version: int
    lang: str
    stats: dict[str, int]
    paragraphs: list[RedlineParagraphOut]


class ProposalIn(Schema):
    kind: Literal["insert", "replace", "delete", "amend"]
    lang: str | None = None
    state: str | None = None
    paragraph: int | None = None
    after: int | None = None
    span: str = ""
    text: str = ""
    explanation: str = ""
    expected_version: int | None = None


class ProposalOut(Schema):
    id: int
    kind: str
    status: str
    lang: str
    state: str | None
    paragraph: str | None
    paragraph_number: int | None
    after_number: int | None
    span: str
    text: str
    explanation: str
    by_chair: bool
    on_behalf: bool
    created_by: str
    created_at: dt.datetime
    base_version: int
    result_version: int | None
    decided_by: str
    decision_note: str
    superseded_by: int | None


class ProposalsOut(Schema):
    proposals: list[ProposalOut]
    conflicts: list[list[int]]


class DecisionIn(Schema):
    note: str = ""
    expected_version: int | None = None
    on: dt.date | None = None


class PositionIn(Schema):
    state: str
    stance: Literal["agree", "view", "not_participating", "object"]
    text: str = ""
    paragraph: int | None = None
    ad_referendum: bool = False
    expected_version: int | None = None
    on: dt.date | None = None


class PositionOut(Schema):
    id: int
    state: str
    paragraph: int | None
    stance: str
    text: str
    ad_referendum: bool
    recorded_by: str
    on_behalf: bool
    version: int
    created_at: dt.datetime
    current: bool


class ChairTextIn(Schema):
    paragraph: int
    text: str
    lang: str | None = None
    explanation: str = ""
    expected_version: int | None = None
    on: dt.date | None = None


class ParagraphTextIn(Schema):
    text: str
    expected_version: int | None = None


class OutcomeOut(Schema):
    """Every entitled state is in one of agreeing, with_view, not_participating, objecting and
    silent; supporters are those that said they agree (never the silent)."""

    status: str
    supporters: list[str]
    agreeing: list[str]
    with_view: list[str]
    silence_counts: bool
    objecting: list[str]
    objections: list[dict[str, str]]
    views: list[dict[str, str]]
    not_participating: list[str]
    silent: list[str]
    brackets: int
    reasons: list[str]


class ParagraphOutcomeOut(OutcomeOut):
    key: str
    number: int


class ObjectingOut(Schema):
    state: str
    paragraphs: list[int | None]


class ConsensusOut(Schema):
    on: dt.date
    rule: str
    lang: str
    outcome: OutcomeOut
    brackets: int
    agreed: list[int]
    bracketed: list[int]
    objected: list[int]
    still_objecting: list[ObjectingOut]
    ad_referendum: bool
    paragraphs: list[ParagraphOutcomeOut]


# --- serializers ------------------------------------------------------------------------


def _document(doc: m.Document) -> dict:
    return {"symbol": doc.symbol, "doc_type": doc.doc_type.slug, "titles": doc.titles,
            "origin_body": doc.origin_body.slug, "approving_body": doc.approving_body.slug,
            "classification": doc.classification, "status": doc.status,
            "version": doc.version, "revision": doc.revision_label,
            "original_language": doc.original_language}


def _paragraphs(pars: list[selectors.ParagraphView]) -> list[dict]:
    return [{"key": p.key, "number": p.number, "bracket_count": p.bracket_count,
             "proponents": p.proponents,
             "texts": {lg: {"text": t.text, "bracket_count": t.bracket_count,
                            "status": t.status} for lg, t in p.texts.items()}}
            for p in pars]


def _detail(doc: m.Document) -> dict:
    pars = selectors.document_paragraphs(doc)
    brackets = sum(p.bracket_count for p in pars)
    return {**_document(doc), "languages": list(charter().languages), "brackets": brackets,
            "clean": brackets == 0, "paragraphs": _paragraphs(pars)}


def _version(v: m.Version) -> dict:
    return {"number": v.number, "label": v.label, "created_at": v.created_at,
            "created_by": v.created_by, "note": v.note}


def _proposal(p: m.Proposal) -> dict:
    return {"id": p.pk, "kind": p.kind, "status": p.status, "lang": p.lang,
            "state": p.state.code if p.state_id else None,
            "paragraph": p.paragraph.key if p.paragraph_id else None,
            "paragraph_number": p.paragraph.number if p.paragraph_id else None,
            "after_number": p.after.number if p.after_id else None, "span": p.span,
            "text": p.text, "explanation": p.explanation, "by_chair": p.by_chair,
            "on_behalf": p.on_behalf, "created_by": p.created_by, "created_at": p.created_at,
            "base_version": p.base_version, "result_version": p.result_version,
            "decided_by": p.decided_by, "decision_note": p.decision_note,
            "superseded_by": p.superseded_by_id}


def _position(p: m.Position, current: bool = True) -> dict:
    return {"id": p.pk, "state": p.state.code,
            "paragraph": p.paragraph.number if p.paragraph_id else None, "stance": p.stance,
            "text": p.text, "ad_referendum": p.ad_referendum, "recorded_by": p.recorded_by,
            "on_behalf": p.on_behalf, "version": p.version, "created_at": p.created_at,
            "current": current}


def _get(request, symbol: str) -> m.Document:
    return selectors.document_get(symbol, actor=actor_of(request))


# --- collection -------------------------------------------------------------------------


@router.get("/documents", response=list[DocumentOut], summary="Documents you may read")
def list_documents(request, body: str | None = None, type: str | None = None,
                   status: str | None = None):
    return [_document(d) for d in selectors.document_list(
        actor=actor_of(request), body=body, doc_type=type, status=status)]


@router.post("/documents", response={201: DocumentDetailOut}, summary="Create a draft")
def create_document(request, payload: DocumentCreateIn):
    doc = services.document_create(acting_user=actor_of(request), **payload.dict())
    return Status(201, _detail(doc))


@router.post("/documents/import", response={201: DocumentImportOut},
             summary="Import a draft from .txt, .md or .docx (tracked changes → proposals)",
             description="Each tracked change becomes a proposal of the state its Word author "
                         "stands for (the state's names and aliases in every language, or "
                         "`authors`: repeated 'author name=STATE CODE' entries). Authors that "
                         "match no state are listed in `unknown_authors`; their changes stay "
                         "the secretariat's proposals.")
def import_document(  # ninja reads File() and Form() defaults as parameter declarations
    request, file: UploadedFile = File(...), doc_type: str = Form(...),  # noqa: B008
    body: str = Form(...), lang: str = Form(...), symbol: str | None = Form(None),
    title: str | None = Form(None), classification: str = Form("members"),
    authors: list[str] = Form([]),  # noqa: B008
):
    doc = services.document_import(
        content=file.read(), filename=file.name or "upload.txt", doc_type=doc_type, body=body,
        lang=lang, symbol=symbol or None, title=title, classification=classification,
        authors=[a for a in authors if a.strip()], acting_user=actor_of(request))
    found = getattr(doc, "tracked_authors", [])
    return Status(201, {**_detail(doc), "tracked_authors": [
        {"name": a.name, "state": a.state, "how": a.how.value, "changes": a.changes}
        for a in found], "unknown_authors": [a.name for a in found if not a.known]})


# --- sub-resources (declared before the bare document route) ----------------------------


@router.get(DOC + "/versions", response=list[VersionOut], summary="A document's versions")
def list_versions(request, symbol: str):
    return [_version(v) for v in selectors.versions_list(_get(request, symbol))]


@router.get(DOC + "/versions/{int:number}", response=VersionTextOut,
            summary="The text of one version (Rev.N; 0 is the original)")
def get_version(request, symbol: str, number: int):
    v = selectors.version_get(_get(request, symbol), number)
    return {**_version(v), "titles": v.titles, "paragraphs": v.snapshot}


@router.get(DOC + "/redline", response={200: RedlineOut},
            summary="Redline between two versions (format=txt|html|json)",
            description="Word by word; character by character for Chinese. `from` and `to` "
                        "are version numbers (0 = original; `to` defaults to the latest).")
def get_redline(request, symbol: str, from_: int = Query(0, alias="from"),
                to: int | None = None, lang: str | None = None,
                format: Literal["txt", "html", "json"] = "json"):
    result = selectors.document_redline(_get(request, symbol), from_rev=from_, to_rev=to,
                                        lang=lang)
    if format == "txt":
        return HttpResponse(result.as_text() + "\n", content_type="text/plain; charset=utf-8")
    if format == "html":
        return HttpResponse(result.as_html(), content_type="text/html; charset=utf-8")
    return result.as_json()


@router.get(DOC + "/proposals", response=ProposalsOut,
            summary="Proposals, and the groups of pending ones that conflict")
def list_proposals(request, symbol: str, status: str | None = None):
    doc = _get(request, symbol)
    return {"proposals": [_proposal(p) for p in selectors.proposals_list(doc, status=status)],
            "conflicts": [[p.pk for p in g] for g in selectors.proposal_conflicts(doc)]}


@router.post(DOC + "/proposals", response={201: ProposalOut}, summary="Make a proposal")
def create_proposal(request, symbol: str, payload: ProposalIn):
    p = services.proposal_create(symbol=symbol, acting_user=actor_of(request), **payload.dict())
    return Status(201, _proposal(p))


def _decide(service, request, symbol, number, payload: DecisionIn, **extra):
    return _proposal(service(symbol=symbol, proposal=number, note=payload.note,
                             acting_user=actor_of(request), **extra))


@router.post(DOC + "/proposals/{int:number}/accept", response=ProposalOut,
             summary="Accept a proposal (the chair): applied at once as a new version")
def accept_proposal(request, symbol: str, number: int, payload: DecisionIn):
    return _decide(services.proposal_accept, request, symbol, number, payload,
                   expected_version=payload.expected_version, on=payload.on)


@router.post(DOC + "/proposals/{int:number}/reject", response=ProposalOut,
             summary="Reject a proposal (the chair)")
def reject_proposal(request, symbol: str, number: int, payload: DecisionIn):
    return _decide(services.proposal_reject, request, symbol, number, payload, on=payload.on)


@router.post(DOC + "/proposals/{int:number}/withdraw", response=ProposalOut,
             summary="Withdraw a proposal (the proposing delegation)")
def withdraw_proposal(request, symbol: str, number: int, payload: DecisionIn):
    return _decide(services.proposal_withdraw, request, symbol, number, payload)


@router.get(DOC + "/positions", response=list[PositionOut],
            summary="Positions of the member states, with their history")
def list_positions(request, symbol: str, history: bool = True):
    return [_position(row, current) for row, current
            in selectors.positions_with_current(_get(request, symbol), history=history)]


@router.post(DOC + "/positions", response={201: PositionOut},
             summary="Record a state's position on a paragraph or the whole document")
def record_position(request, symbol: str, payload: PositionIn):
    row = services.position_record(symbol=symbol, acting_user=actor_of(request),
                                   **payload.dict())
    return Status(201, _position(row))


@router.get(DOC + "/consensus", response=ConsensusOut,
            summary="Where consensus stands, per paragraph and for the whole document")
def get_consensus(request, symbol: str, on: dt.date | None = None, lang: str | None = None):
    doc = _get(request, symbol)
    return selectors.consensus_as_dict(selectors.document_consensus(doc, on=on, lang=lang))


@router.post(DOC + "/chair-text", response={201: ProposalOut},
             summary="Table a chair's compromise text for a paragraph (applied at once)")
def table_chair_text(request, symbol: str, payload: ChairTextIn):
    p = services.chair_text_table(symbol=symbol, acting_user=actor_of(request),
                                  **payload.dict())
    return Status(201, _proposal(p))


@router.put(DOC + "/paragraphs/{int:number}/texts/{lang}", response=DocumentDetailOut,
            summary="Set a paragraph's text in one language (secretariat, translators)",
            description=f"At most {MAX_PARAGRAPH_CHARS} characters, in bracket notation.")
def set_paragraph_text(request, symbol: str, number: int, lang: str,
                       payload: ParagraphTextIn):
    row = services.paragraph_text_set(symbol=symbol, paragraph=number, lang=lang,
                                      text=payload.text,
                                      expected_version=payload.expected_version,
                                      acting_user=actor_of(request))
    return _detail(row.paragraph.document)


# --- the document itself (last: its path would swallow the sub-resources) --------------


@router.get(DOC, response=DocumentDetailOut,
            summary="A document: paragraphs with texts per language, translation status, "
                    "bracket counts")
def get_document(request, symbol: str):
    return _detail(_get(request, symbol))


@router.patch(DOC, response=DocumentDetailOut,
              summary="Change titles, classification or status (secretariat)")
def update_document(request, symbol: str, payload: DocumentUpdateIn):
    return _detail(services.document_update(symbol=symbol, acting_user=actor_of(request),
                                            **payload.dict()))
