"""The circulation period: due on the deadline, late by the days after it."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concilium.rules.circulation import deadline, timeliness

START = dt.date(2020, 9, 10)


def test_on_the_deadline_is_in_time_and_a_day_after_is_late():
    """With 30 days, the ministers' documents are due on 11 August; the 12th is one day late."""
    assert deadline(START, 30) == dt.date(2020, 8, 11)
    assert not timeliness(START, dt.date(2020, 8, 11), 30).late
    late = timeliness(START, dt.date(2020, 8, 12), 30)
    assert late.late and late.days_late == 1 and late.days_before == 29


def test_a_document_never_circulated_is_late():
    never = timeliness(START, None, 30)
    assert never.late and never.days_before is None


@given(days=st.integers(min_value=0, max_value=120),
       offset=st.integers(min_value=-200, max_value=200))
def test_late_exactly_when_fewer_days_than_the_period_remain(days, offset):
    """Late means circulated fewer than `days` days before the first day, by the shortfall."""
    t = timeliness(START, START - dt.timedelta(days=offset), days)
    assert t.days_before == offset
    assert t.late == (offset < days)
    assert t.days_late == max(0, days - offset)
