"""What the chair records on a text, over HTTP, mounted into the documents router: outcomes
on a paragraph or the whole text, and the paragraph the chair opens for the screen."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from concilium.accounts.auth import actor_of
from concilium.documents import models as m
from concilium.documents import selectors, services

router = Router(tags=["documents"])

DOC = "/documents/{path:symbol}"


class OutcomeIn(Schema):
    kind: str
    paragraph: int | None = None
    note: str = ""
    on: dt.date | None = None
    expected_version: int | None = None


class OutcomeOut(Schema):
    id: int
    kind: str
    paragraph: int | None = None
    note: str
    recorded_by: str
    version: int
    created_at: dt.datetime


class FocusIn(Schema):
    paragraph: int | None = None
    on: dt.date | None = None


class FocusOut(Schema):
    paragraph: int | None = None
    set_by: str = ""
    created_at: dt.datetime | None = None


def _outcome(row: m.TextOutcome) -> dict:
    return {"id": row.pk, "kind": row.kind,
            "paragraph": row.paragraph.number if row.paragraph else None, "note": row.note,
            "recorded_by": row.recorded_by, "version": row.version, "created_at": row.created_at}


def _focus(row: m.ChairFocus | None) -> dict:
    if row is None:
        return {}
    return {"paragraph": row.paragraph.number if row.paragraph else None, "set_by": row.set_by,
            "created_at": row.created_at}


@router.get(DOC + "/outcomes", response=list[OutcomeOut],
            summary="The latest outcome the chair recorded on each paragraph and the text")
def list_outcomes(request, symbol: str):
    doc = selectors.document_get(symbol, actor=actor_of(request))
    return [_outcome(r) for r in selectors.text_outcomes(doc)]


@router.post(DOC + "/outcomes", response={201: OutcomeOut},
             summary="Record a paragraph or the whole text as agreed ad referendum, agreed, or "
                     "agreed with views noted (the chair)")
def record_outcome(request, symbol: str, payload: OutcomeIn):
    row = services.text_outcome_record(symbol=symbol, acting_user=actor_of(request),
                                       **payload.dict())
    return Status(201, _outcome(row))


@router.get(DOC + "/focus", response=FocusOut,
            summary="The paragraph the chair has opened (what the screen in the room shows)")
def get_focus(request, symbol: str):
    doc = selectors.document_get(symbol, actor=actor_of(request))
    return _focus(selectors.chair_focus(doc))


@router.post(DOC + "/focus", response=FocusOut, summary="Open a paragraph (the chair)")
def set_focus(request, symbol: str, payload: FocusIn):
    return _focus(services.chair_focus_set(symbol=symbol, acting_user=actor_of(request),
                                           **payload.dict()))
