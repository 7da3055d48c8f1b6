"""Akoma Ntoso FRBR dates and docDate are the document's own: its adoption, its approval or
agreement, its circulation; never the day of the export. Valid in every language."""

import datetime as dt

import pytest
import time_machine
from lxml import etree

from concilium.meetings.models import Circulation, Decision, DecisionKind
from concilium.outcomes.exporters import export_akn, export_text_for, validate_akn
from concilium.outcomes.tests.test_exports import make_document, registered

A = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
EXPORT_DAY = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def _dates(xml: bytes) -> dict:
    tree = etree.fromstring(xml)
    work = tree.find(f".//{A}FRBRWork/{A}FRBRdate")
    return {"work": (work.get("date"), work.get("name")),
            "uri": tree.find(f".//{A}FRBRWork/{A}FRBRuri").get("value"),
            "doc_date": tree.find(f".//{A}docDate").get("date"),
            "expression": tree.find(f".//{A}FRBRExpression/{A}FRBRdate").get("date")}


@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_an_adopted_document_is_dated_by_its_adoption(secretariat_officer, lang):
    """The registry's date, named "adoption", in the URI, the FRBR dates and docDate."""
    doc = make_document(secretariat_officer)
    registered(doc)
    with time_machine.travel(EXPORT_DAY):
        xml = export_akn(export_text_for(doc, lang=lang))
    assert validate_akn(xml) == []
    dates = _dates(xml)
    assert dates["work"] == ("2020-09-10", "adoption")
    assert dates["doc_date"] == dates["expression"] == "2020-09-10"
    assert "/2020-09-10/" in dates["uri"]


def test_a_draft_is_dated_by_its_approval_or_its_circulation(secretariat_officer):
    """Without a registry entry: the latest decision on it, else its circulation."""
    doc = make_document(secretariat_officer)
    Circulation.objects.create(document=doc, date=dt.date(2020, 8, 14), version=1,
                               recorded_by="officer")
    with time_machine.travel(EXPORT_DAY):
        circulated = export_akn(export_text_for(doc, lang="ru"))
    assert validate_akn(circulated) == []
    assert _dates(circulated)["work"] == ("2020-08-14", "circulation")
    assert _dates(circulated)["doc_date"] == "2020-08-14"
    Decision.objects.create(document=doc, kind=DecisionKind.APPROVED,
                            date=dt.date(2020, 9, 9), recorded_by="officer")
    with time_machine.travel(EXPORT_DAY):
        approved = export_akn(export_text_for(doc, lang="zh"))
    assert validate_akn(approved) == []
    assert _dates(approved)["work"] == ("2020-09-09", "approval")
