"""Read endpoints of the registry: states, memberships, bodies, officials, presidencies."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from concilium.organization import models as m
from concilium.organization import selectors

router = Router(tags=["organization"])


class StateOut(Schema):
    code: str
    names: dict[str, str]


class MembershipOut(Schema):
    state: str
    status: str
    start: dt.date
    end: dt.date | None


class MembersOnOut(Schema):
    date: dt.date
    member: list[StateOut]
    observer: list[StateOut]
    dialogue_partner: list[StateOut]
    partner: list[StateOut]


class BodyOut(Schema):
    slug: str
    names: dict[str, str]
    short_names: dict[str, str]
    chair_rule: str
    prepares_for: str | None
    permanent: bool


class OfficialOut(Schema):
    names: dict[str, str]
    office: str
    state: str | None
    start: dt.date
    end: dt.date | None
    note: str


class PresidencyOut(Schema):
    state: str
    names: dict[str, str]
    start: dt.date
    end: dt.date | None
    reason: str
    default_state: str | None = None
    deviates: bool = False


class NextOut(Schema):
    after: PresidencyOut
    state: str
    names: dict[str, str]
    rule: str


class ChairOut(Schema):
    body: str
    date: dt.date
    state: str | None
    official: str | None


def _state(s: m.State) -> StateOut:
    return StateOut(code=s.code, names=s.names)


def _presidency(p: m.Presidency, default=None, deviates=False) -> PresidencyOut:
    return PresidencyOut(state=p.state.code, names=p.state.names, start=p.start, end=p.end,
                         reason=p.reason, default_state=default, deviates=deviates)


@router.get("/states", response=list[StateOut], summary="Every state in the registry")
def list_states(request):
    return [_state(s) for s in m.State.objects.all()]


@router.get("/states/{code}/memberships", response=list[MembershipOut],
            summary="A state's membership history")
def state_memberships(request, code: str):
    state = selectors.state_get(code)
    return [MembershipOut(state=state.code, status=r.status, start=r.start, end=r.end)
            for r in state.memberships.all()]


@router.get("/members", response=MembersOnOut, summary="Members, observers and partners on a date")
def members_on(request, on: str | None = None):
    day = selectors.parse_day(on)
    selectors.organization()
    by_status = selectors.memberships_on(day)
    return MembersOnOut(date=day, **{k: [_state(s) for s in v] for k, v in by_status.items()})


@router.get("/bodies", response=list[BodyOut], summary="The bodies of the charter")
def list_bodies(request):
    return [BodyOut(slug=b.slug, names=b.names, short_names=b.short_names,
                    chair_rule=b.chair_rule, permanent=b.permanent,
                    prepares_for=b.prepares_for.slug if b.prepares_for else None)
            for b in m.Body.objects.select_related("prepares_for")]


@router.get("/bodies/{slug}/chair", response=ChairOut, summary="Who chairs a body on a date")
def body_chair(request, slug: str, on: str | None = None):
    day = selectors.parse_day(on)
    chair = selectors.chair_of(selectors.body_get(slug), day)
    return ChairOut(body=slug, date=day, state=chair.state.code if chair.state else None,
                    official=chair.official.name("en") if chair.official else None)


@router.get("/officials", response=list[OfficialOut], summary="Officials, optionally on a date")
def list_officials(request, on: str | None = None):
    day = selectors.parse_day(on) if on else None
    return [OfficialOut(names=o.names, office=o.office.slug,
                        state=o.state.code if o.state else None, start=o.start, end=o.end,
                        note=o.note) for o in selectors.officials_on(day)]


@router.get("/presidencies", response=list[PresidencyOut],
            summary="Recorded presidencies, compared with the default rotation")
def list_presidencies(request):
    return [_presidency(t.presidency, t.default_state, t.deviates)
            for t in selectors.presidency_sequence()]


@router.get("/presidencies/on", response=PresidencyOut | None, summary="The presidency on a date")
def presidency_on(request, date: str | None = None):
    holder = selectors.presidency_on(selectors.parse_day(date, field="date"))
    return _presidency(holder) if holder else None


@router.get("/presidencies/next", response=NextOut,
            summary="The default next presidency after the last recorded one (with `on`: "
                    "after the one on that date)")
def presidency_next(request, on: str | None = None):
    day = selectors.parse_day(on) if on not in (None, "") else None
    last, nxt = selectors.presidency_next(day)
    state = selectors.state_get(nxt.state)
    return NextOut(after=_presidency(last), state=state.code, names=state.names, rule=nxt.rule)
