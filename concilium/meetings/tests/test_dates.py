"""The date of a rule is the date of the act: the 2020 cycle recorded in December 2026.

The clock says 3 December 2026 (Kyrgyzstan presides, Belarus and Iran are members); every
act below happens at a 2020 meeting, so the members and the presidency of 2020 apply, and
nobody passes a date.
"""

import datetime as dt

import pytest
import time_machine

from concilium.core.errors import Forbidden, ValidationFailed
from concilium.documents import selectors as docs
from concilium.documents import services as doc_services
from concilium.documents.dates import act_day
from concilium.documents.models import Document
from concilium.meetings import services
from concilium.meetings.models import Decision, RegistryEntry
from concilium.meetings.tests import scenario

DECEMBER_2026 = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
DECL = "SCO/CHS/2020/DECL"


@pytest.fixture
def in_december_2026():
    with time_machine.travel(DECEMBER_2026, tick=False):
        yield


@pytest.fixture
def autumn_2020(in_december_2026, secretariat_officer):
    meetings = scenario.plan_2020(secretariat_officer)
    scenario.documents_2020(secretariat_officer)
    return meetings


def test_the_russian_chair_records_the_2020_cycle_without_a_date(autumn_2020,
                                                                 secretariat_officer,
                                                                 russian_chair):
    """Positions, the chair's text and every decision of 2020 recorded in 2026 without `on`:
    each takes its meeting's dates, Russia chairs, the eight members of 2020 decide."""
    cnc, cfm, chs = autumn_2020
    services.agenda_item_add(meeting=cnc.slug, titles="Draft documents",
                             decision_sought="discuss",
                             documents=[*scenario.CHS_DOCS, scenario.REPORT,
                                        scenario.STATEMENT], acting_user=secretariat_officer)
    doc = Document.objects.get(symbol=DECL)
    assert act_day(doc) == dt.date(2020, 9, 9)  # the coordinators' session, still open
    chair_text = doc_services.chair_text_table(
        symbol=DECL, paragraph=1, text="The Member States reaffirmed their commitment to "
        "the Charter.", acting_user=russian_chair)
    assert chair_text.by_chair
    for lang, text in (("ru", "Государства-члены подтвердили приверженность Хартии."),
                       ("zh", "成员国重申恪守《宪章》。")):  # the chair's text, translated
        doc_services.paragraph_text_set(symbol=DECL, paragraph=1, lang=lang, text=text,
                                        expected_version=None, acting_user=secretariat_officer)
    for symbol in [*scenario.CHS_DOCS, scenario.REPORT, scenario.STATEMENT]:
        for code in scenario.MEMBERS_2020:
            doc_services.position_record(symbol=symbol, state=code, stance="agree",
                                         ad_referendum=True, acting_user=secretariat_officer)
    services.decision_record(meeting=cnc.slug, item=1, kind="agreed_ad_ref",
                             acting_user=russian_chair)
    services.meeting_status_set(meeting=cnc.slug, status="closed",
                                acting_user=secretariat_officer)
    submit = scenario.item_for(cfm, "agree_submit")
    services.package_submit(meeting=cfm.slug, item=submit, symbol="SCO/CFM/2020/PACKAGE",
                            titles="Summit documents", acting_user=russian_chair)
    services.decision_record(meeting=cfm.slug, item=scenario.item_for(cfm, "approve"),
                             kind="approved", acting_user=russian_chair)
    services.decision_record(meeting=chs.slug, item=1, kind="adopted",
                             acting_user=russian_chair)

    assert sorted({str(d.date) for d in Decision.objects.all()}) == [
        "2020-09-09", "2020-09-10", "2020-11-10"]
    assert {e.number[:13] for e in RegistryEntry.objects.all()} == {"SCO-CHS-2020-",
                                                                     "SCO-CFM-2020-"}
    adopted = Document.objects.get(symbol=DECL)
    assert act_day(adopted) == dt.date(2020, 11, 10)
    result = docs.document_consensus(adopted)
    assert result.on == dt.date(2020, 11, 10)
    assert result.outcome.supporters == scenario.MEMBERS_2020
    assert not {"BLR", "IRN"} & set(result.outcome.silent)


def test_a_state_that_was_not_a_member_in_2020_is_refused_at_a_2020_session(
        autumn_2020, secretariat_officer):
    """Belarus joined in 2024: at the 2020 coordinators' session it takes no position."""
    cnc, _cfm, _chs = autumn_2020
    services.agenda_item_add(meeting=cnc.slug, titles="Draft", decision_sought="discuss",
                             documents=[DECL], acting_user=secretariat_officer)
    with pytest.raises(ValidationFailed, match="BLR is not a member state on 2020-09-09"):
        doc_services.position_record(symbol=DECL, state="BLR", stance="agree",
                                     acting_user=secretariat_officer)


def test_between_meetings_an_act_takes_its_own_date_and_on_overrides(
        in_december_2026, secretariat_officer, russian_chair):
    """A draft on no meeting's agenda is worked on today: in 2026 Kyrgyzstan chairs, so the
    Russian chair is refused, unless the act says it happened on a 2020 day."""
    scenario.draft(secretariat_officer, "SCO/CFM/2026/D.1", "declaration", "Draft")
    doc = Document.objects.get(symbol="SCO/CFM/2026/D.1")
    assert act_day(doc) == dt.date(2026, 12, 3)
    with pytest.raises(Forbidden):
        doc_services.chair_text_table(symbol=doc.symbol, paragraph=1, text="Agreed text.",
                                      acting_user=russian_chair)
    assert doc_services.chair_text_table(symbol=doc.symbol, paragraph=1, text="Agreed text.",
                                         on=dt.date(2020, 9, 10), acting_user=russian_chair)
    with pytest.raises(ValidationFailed) as bad:
        act_day(doc, on="10.09.2020")
    assert bad.value.field == "on"
