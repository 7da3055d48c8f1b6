"""The presidency rotation: the default successor by the charter's alphabet."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from concilium.rules import rotation
from concilium.rules.charter import load_charter

RU = {s.code: s.name["ru"] for s in load_charter("sco").states}
MEMBERS_2025 = ["BLR", "CHN", "IND", "IRN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]


def test_after_kyrgyzstan_comes_pakistan_in_russian_order():
    """Кыргызстан is followed by Пакистан, and the rule is named."""
    nxt = rotation.default_successor("KGZ", MEMBERS_2025, RU, "ru")
    assert nxt.state == "PAK"
    assert nxt.rule == ("Russian alphabetical order of the member states' names: "
                        "after Кыргызстан comes Пакистан")
    assert nxt.order[:3] == ("BLR", "IND", "IRN")


def test_the_rotation_wraps_round_the_alphabet():
    """After Узбекистан, the last name, the first name comes again."""
    assert rotation.default_successor("UZB", MEMBERS_2025, RU, "ru").state == "BLR"


def test_russia_in_2019_deviated_from_the_default():
    """Pakistan did not take its turn in 2019: the record shows it as a deviation."""
    members = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    terms = [rotation.Term("KGZ", dt.date(2018, 6, 11), dt.date(2019, 6, 14)),
             rotation.Term("RUS", dt.date(2019, 6, 15), dt.date(2020, 11, 10)),
             rotation.Term("TJK", dt.date(2020, 11, 11), dt.date(2021, 9, 17))]
    found = rotation.deviations(terms, {t.start: members for t in terms}, RU, "ru")
    assert found == {1: "PAK"}


def test_holder_on_a_date_includes_both_ends():
    """The outgoing presidency still holds on the summit day itself."""
    terms = [rotation.Term("RUS", dt.date(2019, 6, 15), dt.date(2020, 11, 10)),
             rotation.Term("TJK", dt.date(2020, 11, 11))]
    assert rotation.holder_on(terms, dt.date(2020, 11, 10)).state == "RUS"
    assert rotation.holder_on(terms, dt.date(2020, 11, 11)).state == "TJK"
    assert rotation.holder_on(terms, dt.date(2019, 1, 1)) is None


@given(st.lists(st.sampled_from(MEMBERS_2025), min_size=2, unique=True))
def test_the_rotation_visits_every_member_once(members):
    """Following the default from anyone comes back to them after exactly len(members) steps."""
    start = current = members[0]
    seen = []
    for _ in members:
        current = rotation.default_successor(current, members, RU, "ru").state
        seen.append(current)
    assert current == start
    assert sorted(seen) == sorted(members)
