"""The charter's ladder over plain data: rungs climbed, waived or missing; returns and
broken silences."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concilium.rules.ladder import BrokenSilence, Missing, Passed, check, path_to

SCO = {"chs": None, "chg": None, "cfm": "chs", "cnc": "cfm", "ministries": None}
AT = dt.datetime(2020, 10, 1, 19, tzinfo=dt.UTC)


def test_the_path_is_read_from_the_charter():
    assert path_to(SCO, "chs") == ("cnc", "cfm", "chs")
    assert path_to(SCO, "cfm") == ("cnc", "cfm")
    assert path_to(SCO, "chg") == ("chg",)


def test_the_summit_needs_the_ministers_who_need_the_coordinators():
    assert check(prepares=SCO, body="chs", history=[]).missing == (
        Missing("cnc", "cfm"), Missing("cfm", "chs"))
    climbed = [Passed("cnc", "agreed_ad_ref"), Passed("cfm", "agreed_submitted")]
    assert check(prepares=SCO, body="chs", history=climbed).allowed
    assert check(prepares=SCO, body="cnc", history=[]).allowed


def test_an_exception_passes_one_rung_and_is_reported():
    verdict = check(prepares=SCO, body="chs", history=[Passed("cnc", "agreed_ad_ref")],
                    waived={"cfm"})
    assert verdict.allowed and verdict.waived == ("cfm",)
    # A waiver that was not needed is not reported as used.
    climbed = [Passed("cnc", "agreed_ad_ref"), Passed("cfm", "agreed_submitted")]
    assert check(prepares=SCO, body="chs", history=climbed, waived={"cfm"}).waived == ()


def test_a_text_returned_to_negotiation_climbs_again():
    history = [Passed("cnc", "agreed_ad_ref"), Passed("cfm", "agreed_submitted"),
               Passed("chs", "returned"), Passed("cnc", "agreed_ad_ref")]
    assert check(prepares=SCO, body="chs", history=history).missing == (
        Missing("cfm", "chs"),)


def test_a_broken_silence_stands_until_the_state_restates_and_no_waiver_lifts_it():
    broken = BrokenSilence("IND", AT, "Add the UN conventions")
    verdict = check(prepares=SCO, body="chs", history=[], waived={"cnc", "cfm"},
                    broken=broken)
    assert verdict.broken == broken and not verdict.allowed and not verdict.missing
    before = {"IND": AT - dt.timedelta(hours=1)}
    assert check(prepares=SCO, body="chs", history=[], waived={"cnc", "cfm"},
                 broken=broken, restated=before).broken == broken
    after = {"IND": AT + dt.timedelta(hours=1)}
    assert check(prepares=SCO, body="chs", history=[], waived={"cnc", "cfm"},
                 broken=broken, restated=after).allowed


def test_any_body_preparing_for_another_is_its_rung():
    two = {"summit": None, "ministers": "summit", "experts": "summit"}
    assert check(prepares=two, body="summit",
                 history=[Passed("experts", "agreed_submitted")]).allowed
    assert check(prepares=two, body="summit", history=[]).missing == (
        Missing("ministers", "summit"),)


steps = st.sampled_from(["agreed_ad_ref", "agreed_submitted", "returned", "took_note"])
bodies = st.sampled_from(["cnc", "cfm", "chs"])


@given(st.lists(st.tuples(bodies, steps), max_size=8), st.sets(bodies))
def test_allowed_exactly_when_every_rung_since_the_last_return_is_agreed_or_waived(
        raw, waived):
    history = [Passed(b, s) for b, s in raw]
    last = max((i for i, p in enumerate(history) if p.step == "returned"), default=-1)
    agreed = {p.body for p in history[last + 1:] if p.step in ("agreed_ad_ref",
                                                                "agreed_submitted")}
    verdict = check(prepares=SCO, body="chs", history=history, waived=waived)
    needed = {"cnc", "cfm"} - agreed - waived
    assert {x.body for x in verdict.missing} == needed
    assert verdict.allowed == (not needed)
    assert set(verdict.waived) == ({"cnc", "cfm"} - agreed) & waived
