"""Clashes in the calendar: same body refused; other bodies and double-booked heads warned."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concilium.rules.schedule import Booking, ClashKind, clashes, overlaps

D = dt.date


def test_a_day_shared_at_either_end_is_an_overlap():
    assert overlaps(D(2020, 9, 4), D(2020, 9, 9), D(2020, 9, 9), D(2020, 9, 10))
    assert not overlaps(D(2020, 9, 4), D(2020, 9, 9), D(2020, 9, 10), D(2020, 9, 10))


def test_clashes_are_sorted_refusals_first_and_name_the_head():
    new = Booking("cnc-b", "cnc", D(2020, 9, 8), D(2020, 9, 10), {"official:1": "RUS"})
    others = [Booking("cfm", "cfm", D(2020, 9, 10), D(2020, 9, 10), {"official:1": "RUS"}),
              Booking("cnc-a", "cnc", D(2020, 9, 4), D(2020, 9, 9)),
              Booking("chs", "chs", D(2020, 11, 10), D(2020, 11, 10), {"official:1": "RUS"}),
              new]
    found = clashes(new, others)
    assert [(c.kind, c.other.slug, c.head) for c in found] == [
        (ClashKind.SAME_BODY, "cnc-a", None), (ClashKind.HEAD, "cfm", "official:1"),
        (ClashKind.ORGANIZATION, "cfm", None)]
    assert [c.refused for c in found] == [True, False, False]
    assert found[1].led == ("RUS", "RUS")


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 12, 31))


@st.composite
def spans(draw):
    a, b = draw(days), draw(days)
    return min(a, b), max(a, b)


@given(spans(), spans())
def test_overlap_is_symmetric_and_means_a_shared_day(a, b):
    shared = {a[0] + dt.timedelta(n) for n in range((a[1] - a[0]).days + 1)} & \
        {b[0] + dt.timedelta(n) for n in range((b[1] - b[0]).days + 1)}
    assert overlaps(*a, *b) == overlaps(*b, *a) == bool(shared)


@given(spans(), st.lists(st.tuples(st.sampled_from(["cnc", "cfm"]), spans()), max_size=6))
def test_a_meeting_is_refused_exactly_when_its_body_already_sits(mine, others):
    new = Booking("new", "cnc", *mine)
    booked = [Booking(f"m{i}", body, *span) for i, (body, span) in enumerate(others)]
    refused = any(c.refused for c in clashes(new, [*booked, new]))
    assert refused == any(b.body == "cnc" and overlaps(*mine, b.start, b.end) for b in booked)
