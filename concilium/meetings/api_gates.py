"""The gates before an agreement over HTTP: exceptions to the charter's path and waivers of
the official languages (`/api/exceptions`), mounted into the meetings router.

Thin doors: each endpoint parses, calls one service or selector, and serializes; the
services' errors become 4xx naming the field.
"""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from concilium.accounts.auth import actor_of
from concilium.documents.selectors import document_get
from concilium.meetings import models as m
from concilium.meetings import selectors, services

router = Router(tags=["exceptions"])


class ExceptionOut(Schema):
    id: int
    document: str
    rule: str
    subject: str
    reason: str
    recorded_by: str
    recorded_at: dt.datetime


class LadderExceptionIn(Schema):
    document: str
    body: str
    reason: str


class LanguageWaiverIn(Schema):
    document: str
    lang: str
    reason: str


def _exception(x: m.RuleException, symbol: str) -> dict:
    return dict(id=x.pk, document=symbol, rule=x.rule, subject=x.subject, reason=x.reason,
                recorded_by=x.recorded_by, recorded_at=x.recorded_at)


@router.get("/exceptions", response=list[ExceptionOut],
            summary="The exceptions to the rules recorded for a document")
def list_exceptions(request, document: str):
    doc = document_get(document, actor=actor_of(request))
    return [_exception(x, doc.symbol) for x in selectors.rule_exceptions(doc)]


@router.post("/exceptions/ladder", response={201: ExceptionOut},
             summary="Let a document skip a step of the charter's path, with the reason "
                     "(secretariat)")
def record_ladder_exception(request, payload: LadderExceptionIn):
    row = services.ladder_exception_record(acting_user=actor_of(request), **payload.dict())
    return Status(201, _exception(row, payload.document))


@router.post("/exceptions/languages", response={201: ExceptionOut},
             summary="Let a document be agreed without a complete, current text in one "
                     "official language, with the reason (secretariat)")
def record_language_waiver(request, payload: LanguageWaiverIn):
    row = services.language_waiver_record(acting_user=actor_of(request), **payload.dict())
    return Status(201, _exception(row, payload.document))
