"""The list of speakers over HTTP, mounted into the meetings router: read an item's list, ask
for the floor (for one's own state), withdraw, and, for the chair, give and close it."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema, Status

from concilium.accounts.auth import actor_of
from concilium.meetings import models as m
from concilium.meetings import selectors, services

router = Router(tags=["meetings"])

ITEM = "/meetings/{slug}/agenda/{int:item}/speakers"


class SpeakerOut(Schema):
    id: int
    item: int
    state: str
    status: str
    requested_at: dt.datetime
    given_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None


class FloorIn(Schema):
    state: str = ""


def _speaker(row: m.FloorRequest, item: int) -> dict:
    return {"id": row.pk, "item": item, "state": row.state.code, "status": row.status,
            "requested_at": row.requested_at, "given_at": row.given_at,
            "closed_at": row.closed_at}


@router.get(ITEM, response=list[SpeakerOut], summary="An agenda item's list of speakers")
def list_speakers(request, slug: str, item: int):
    meeting = selectors.meeting_get(slug, actor=actor_of(request))
    rows = selectors.speakers_by_item(meeting)
    return [_speaker(r, item) for item_rows in rows.values() for r in item_rows
            if r.item.number == item]


@router.post(ITEM, response={201: SpeakerOut},
             summary="Ask for the floor on an item (a delegation, for its own state)")
def ask_for_floor(request, slug: str, item: int, payload: FloorIn):
    row = services.floor_request(meeting=slug, item=item, state=payload.state,
                                 acting_user=actor_of(request))
    return Status(201, _speaker(row, item))


@router.post(ITEM + "/withdraw", response=SpeakerOut,
             summary="Take one's own state off the list before having the floor")
def withdraw_request(request, slug: str, item: int, payload: FloorIn):
    return _speaker(services.floor_withdraw(meeting=slug, item=item, state=payload.state,
                                            acting_user=actor_of(request)), item)


@router.post(ITEM + "/give", response=SpeakerOut,
             summary="Give the floor to a delegation on the list (the chair)")
def give_floor(request, slug: str, item: int, payload: FloorIn):
    return _speaker(services.floor_give(meeting=slug, item=item, state=payload.state,
                                        acting_user=actor_of(request)), item)


@router.post(ITEM + "/close", response=SpeakerOut,
             summary="End the current speaker's turn (the chair)")
def close_floor(request, slug: str, item: int):
    return _speaker(services.floor_close(meeting=slug, item=item,
                                         acting_user=actor_of(request)), item)
