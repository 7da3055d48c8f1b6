"""The composed minutes carry the votes and the exceptions to the rules, as the minutes do."""

from concilium.meetings.tests.test_votes import assembly, vote  # noqa: F401 (the fixture)
from concilium.outcomes.composer import compose
from concilium.rules.permissions import SYSTEM


def test_the_composed_minutes_show_who_voted_how(assembly):  # noqa: F811
    vote(assembly, "ULS/RES/1", yes="ALP BOR COR DUN", no="ELV", abstain="FEN")
    text = compose("minutes", assembly, lang="en", actor=SYSTEM)
    assert any("In favour: Alpinia, Borealia, Corvinia, Dunmark. Against: Elvania. "
               "Abstaining: Fennia." in p for p in text.paragraphs)
