"""The 2020 scenario reads the same whatever the clock says: outcomes are as of their acts.

Belarus (member since July 2024) and Iran (since July 2023) never appear among those who
decided the texts of 2020, in September 2020, in July 2024 or in December 2026.
"""

import datetime as dt
import json
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from concilium.documents import selectors
from concilium.documents.models import Document
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import sco_2020

CLOCKS = [dt.datetime(2020, 9, 10, 12, tzinfo=dt.UTC), dt.datetime(2024, 7, 5, 12, tzinfo=dt.UTC),
          dt.datetime(2026, 12, 3, 12, tzinfo=dt.UTC)]
MEMBERS_2020 = ("CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
PRESS_RELEASE = "SCO/CFM/2020/PR.1"


@pytest.fixture
def scenario(sco):
    return sco_2020.load(acting_user=SYSTEM)


def _categories(o) -> tuple:
    return (str(o.status), o.supporters, o.agreeing, o.with_view, o.not_participating,
            o.objecting, o.silent)


def outcomes() -> dict[str, tuple]:
    """Every document's outcome, as a whole and per paragraph, and the day it was read."""
    out = {}
    for doc in Document.objects.select_related("doc_type", "concerned_state").order_by("symbol"):
        result = selectors.document_consensus(doc)
        out[doc.symbol] = (result.on, _categories(result.outcome),
                           tuple(_categories(p.outcome) for p in result.paragraphs))
    return out


def test_every_outcome_is_the_same_whatever_the_clock(scenario):
    """The consensus outcome and the supporters listed of every document are identical with
    the clock at 10 September 2020, 5 July 2024 and 3 December 2026."""
    seen = []
    for clock in CLOCKS:
        with time_machine.travel(clock, tick=False):
            seen.append(outcomes())
    assert seen[0] == seen[1] == seen[2]
    assert len(seen[0]) == 25
    for symbol, (day, whole, paragraphs) in seen[0].items():
        assert day.year == 2020, symbol
        assert whole[0] == "adopted", symbol
        assert set(whole[1]) <= set(MEMBERS_2020), symbol
        assert not {"BLR", "IRN"} & {s for p in paragraphs for group in p[1:] for s in group}


def test_doc_consensus_without_on_prints_the_2020_outcome(scenario):
    """In December 2026, `doc consensus SCO/CFM/2020/PR.1` prints the outcome of 2020: the
    Belt and Road paragraph names six supporters, India stays out, no Belarus, no Iran."""
    with time_machine.travel(CLOCKS[2], tick=False):
        out = StringIO()
        call_command("doc", "consensus", PRESS_RELEASE, "--json", stdout=out)
        data = json.loads(out.getvalue())
        text = StringIO()
        call_command("doc", "consensus", PRESS_RELEASE, stdout=text)
    assert data["on"].startswith("2020-")
    assert data["outcome"]["status"] == "adopted"
    assert data["outcome"]["agreeing"] == list(MEMBERS_2020)
    assert data["outcome"]["silent"] == []
    belt_and_road = [p for p in data["paragraphs"] if p["not_participating"]]
    assert belt_and_road and all(p["not_participating"] == ["IND"] for p in belt_and_road)
    assert all(p["supporters"] == ["KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
               for p in belt_and_road)
    assert "BLR" not in text.getvalue() and "IRN" not in text.getvalue()
    assert "adopted" in text.getvalue() and data["on"] in text.getvalue()
