"""Endpoints for clients that poll a document: its summary and its paragraphs a page at a
time, each with an ETag from the audit record that last touched the document
(`documents.summary`), so that an unchanged answer costs a 304, and an answer already made
its JSON kept by that ETag. Under the ASGI server both are mostly answered by the lean
handler `documents.asgi`, which calls the same `summary_answer` and `paragraphs_answer`.

Mounted by concilium.api before the documents router: the bare document route there
(`/documents/{path:symbol}`) would otherwise take `.../summary` for part of a symbol.
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from ninja import Field, Router, Schema

from concilium.accounts.auth import actor_of
from concilium.core.conditional import (
    etag_named,
    make_etag,
    not_modified,
    tagged,
)
from concilium.documents import summary
from concilium.documents.api import DOC, DocumentOut, ParagraphOut, _document, _paragraphs
from concilium.documents.selectors import document_get

router = Router(tags=["documents"])


class ConsensusStateOut(Schema):
    on: dt.date
    rule: str
    status: str = Field(description="adopted, blocked or pending")
    agreed: int = Field(description="paragraphs agreed")
    bracketed: int = Field(description="paragraphs with open brackets")
    objected: int = Field(description="paragraphs objected to")
    objecting: list[str] = Field(description="states objecting")
    ad_referendum: bool


class TranslationStateOut(Schema):
    current: int
    outdated: int
    missing: int


class SummaryOut(DocumentOut):
    last_change: int = Field(description="the audit sequence that last touched the document")
    paragraphs: int
    brackets: int
    versions: int
    positions: int = Field(description="positions recorded, earlier ones included")
    proposals: dict[str, int] = Field(description="proposals by status")
    consensus: ConsensusStateOut
    translations: dict[str, TranslationStateOut] = Field(
        description="paragraphs per translation status, per language")


class ParagraphPageOut(Schema):
    last_change: int
    total: int
    offset: int
    limit: int
    paragraphs: list[ParagraphOut]



CONDITIONAL = (" Answers carry an ETag from the audit sequence that last touched the document; "
               "send it back in If-None-Match to get 304 Not Modified while nothing changed. "
               "404 for an unknown document or one the caller may not read.")


@router.get(DOC + "/summary", response={200: SummaryOut, 304: None},
            summary="Where a document stands: counts, consensus, translation state",
            description="A fixed cost whatever the length of the document." + CONDITIONAL)
def get_summary(request, symbol: str, response: HttpResponse):
    change = summary.document_last_change(symbol)  # first: what is read below is as new
    etag, body = summary_answer(symbol, actor=actor_of(request), change=change,
                                if_none_match=request.headers.get("If-None-Match", ""))
    if body is None:
        return not_modified(etag)
    return tagged(HttpResponse(body, content_type=JSON), etag)


JSON = "application/json; charset=utf-8"


def summary_answer(symbol: str, *, actor, change: tuple[int, str],
                   if_none_match: str) -> tuple[str, bytes | None]:
    """(ETag, JSON body) of the summary, or (ETag, None) when `if_none_match` names the
    ETag (a 304). NotFound for whoever may not read the document, before any tag is
    compared. `change` is `summary.document_last_change(symbol)`, read first. The one
    answer of both `get_summary` and the lean handler (`documents.asgi`)."""
    day = summary.reading_day(symbol, actor=actor, change=change)  # checks access first
    etag = make_etag("summary", symbol, *change, day)
    if etag_named(if_none_match, etag):
        return etag, None
    # The answer's JSON is kept by its ETag (symbol, last change, day: all it depends on,
    # once `reading_day` has checked access): a poll that is not a revalidation costs no
    # document read and no validation of the schema.
    body = _BODIES.get(etag)
    if body is None:
        answer = summary.document_summary(symbol, actor=actor, change=change, on=day,
                                          describe=_document)
        body = json.dumps(SummaryOut.model_validate({**answer, "last_change": change[0]})
                          .model_dump(mode="json"), cls=DjangoJSONEncoder).encode()
        _BODIES.put(etag, body)
    return etag, body


_BODIES = summary.Kept(64)


@router.get(DOC + "/paragraphs", response={200: ParagraphPageOut, 304: None},
            summary="A page of a document's paragraphs, with texts and translation status",
            description=(f"`offset` (default 0) and `limit` (default {summary.PAGE_DEFAULT}, "
                         f"at most {summary.PAGE_MAX}) in document order; `total` is the "
                         "number of paragraphs." + CONDITIONAL))
def list_paragraphs(request, symbol: str, response: HttpResponse, offset: int | None = None,
                    limit: int | None = None):
    change = summary.document_last_change(symbol)
    etag, body = paragraphs_answer(symbol, actor=actor_of(request), change=change,
                                   offset=offset, limit=limit,
                                   if_none_match=request.headers.get("If-None-Match", ""))
    if body is None:
        return not_modified(etag)
    return tagged(HttpResponse(body, content_type=JSON), etag)


def paragraphs_answer(symbol: str, *, actor, change: tuple[int, str],
                      offset: int | None = None, limit: int | None = None,
                      if_none_match: str = "") -> tuple[str, bytes | None]:
    """(ETag, JSON body) of a page of paragraphs, or (ETag, None) for a 304, as
    `summary_answer`: NotFound for whoever may not read the document (before the bounds
    are checked: ValidationFailed naming the field). The page depends only on the document,
    its last change and the bounds, so its JSON is kept by its ETag."""
    summary.reading_day(symbol, actor=actor, change=change)  # the access check, kept
    offset, limit = summary.page_bounds(offset, limit)
    etag = make_etag("paragraphs", symbol, *change, offset, limit)
    if etag_named(if_none_match, etag):
        return etag, None
    body = _PAGES.get(etag)
    if body is None:
        doc = document_get(symbol, actor=actor)
        page = summary.document_paragraph_page(doc, offset=offset, limit=limit)
        answer = {**page, "last_change": change[0], "paragraphs": _paragraphs(page["paragraphs"])}
        body = json.dumps(ParagraphPageOut.model_validate(answer).model_dump(mode="json"),
                          cls=DjangoJSONEncoder).encode()
        _PAGES.put(etag, body)
    return etag, body


_PAGES = summary.Kept(16)
"""Pages are larger than summaries (about 100 KB for 100 paragraphs in three languages)."""
