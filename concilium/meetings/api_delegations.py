"""Delegations and their credentials over HTTP: which are complete, the composition a state
submits, the credentials the secretariat receives.

Mounted by `meetings.api` under /api/meetings. A delegate submits the composition for their
own state only (403 otherwise); credentials are the secretariat's. Errors name the field.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema

from concilium.accounts.auth import actor_of
from concilium.meetings import models as m
from concilium.meetings import selectors, services

router = Router(tags=["meetings"])


class PersonIn(Schema):
    name: dict[str, str] | str
    title: dict[str, str] | str | None = None


class CompositionIn(Schema):
    head: dict[str, str] | str | None = Field(
        None, description="an official on record, by name in any language, or the name as "
                          "text (English) or per language")
    head_title: dict[str, str] | str | None = None
    members: list[PersonIn | str] = []
    advisers: list[PersonIn | str] = []
    expected_version: int | None = None


class CredentialsIn(Schema):
    received: str | None = None
    withdraw: bool = False
    expected_version: int | None = None


class PersonOut(Schema):
    name: dict[str, str]
    title: dict[str, str]


class DelegationOut(Schema):
    state: str
    recorded: bool
    head: dict[str, str]
    head_title: dict[str, str]
    members: list[PersonOut]
    advisers: list[PersonOut]
    credentials_received: dt.date | None
    credentials_recorded_by: str
    complete: bool


def _head(d: m.Delegation) -> dict[str, str]:
    if d.head_id:
        return dict(d.head.names)
    return dict(d.head_name or {})


def delegation_out(state_code: str, d: m.Delegation | None) -> dict:
    if d is None:
        return dict(state=state_code, recorded=False, head={}, head_title={}, members=[],
                    advisers=[], credentials_received=None, credentials_recorded_by="",
                    complete=False)
    members = d.member_list or [{"name": {"en": n}, "title": {}} for n in d.members]
    return dict(state=state_code, recorded=True, head=_head(d), head_title=d.head_title or {},
                members=members, advisers=d.advisers or [],
                credentials_received=d.credentials_received,
                credentials_recorded_by=d.credentials_recorded_by, complete=d.complete)


def _people(rows) -> list:
    return [r if isinstance(r, str) else r.dict() for r in rows]


@router.get("/meetings/{slug}/credentials", response=list[DelegationOut],
            summary="Every member state's delegation: composition, credentials, complete")
def delegations(request, slug: str):
    view = selectors.meeting_detail(slug, actor=actor_of(request))
    return [delegation_out(s.state.code, s.delegation)
            for s in selectors.delegation_statuses(view)]


@router.put("/meetings/{slug}/delegations/{state}/composition", response=DelegationOut,
            summary="Submit the composition of a state's delegation (its delegate, or the "
                    "secretariat)")
def compose_delegation(request, slug: str, state: str, payload: CompositionIn):
    d = services.delegation_compose(
        meeting=slug, state=state, head=payload.head, head_title=payload.head_title,
        members=_people(payload.members), advisers=_people(payload.advisers),
        expected_version=payload.expected_version, acting_user=actor_of(request))
    return delegation_out(d.state.code, d)


@router.post("/meetings/{slug}/delegations/{state}/credentials", response=DelegationOut,
             summary="Record the day a delegation's credentials were received (secretariat)")
def record_credentials(request, slug: str, state: str, payload: CredentialsIn):
    d = services.delegation_credentials_record(
        meeting=slug, state=state, received=payload.received, withdraw=payload.withdraw,
        expected_version=payload.expected_version, acting_user=actor_of(request))
    return delegation_out(d.state.code, d)
