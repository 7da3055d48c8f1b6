"""The reference scenario sco-2020 records the 2020 meetings through the services."""

import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concilium.documents.models import Document, DocumentStatus
from concilium.meetings.models import Decision, Meeting
from concilium.outcomes.exporters import export_akn, export_text_for, validate_akn
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import sco_2020


@pytest.fixture
def scenario(sco):
    return sco_2020.load(acting_user=SYSTEM)


#: Queries the whole load may take: measured 5,719 on SQLite and 6,569 on PostgreSQL (which
#: also notifies each write), with about a tenth to spare. A lookup per row gone astray
#: (a few hundred more) fails it; a busy machine does not.
LOAD_QUERIES = {"sqlite": 6300, "postgresql": 7200}


def test_loads_quickly_and_only_once(sco):
    """The scenario loads in a bounded number of queries and under ten seconds of this
    process's own time (measured: 2.3 s; the wall clock of a shared machine is not a
    measure of the code); loading it again asks once and writes nothing."""
    began = time.process_time()
    with CaptureQueriesContext(connection) as load:
        counts = sco_2020.load(acting_user=SYSTEM)
    assert time.process_time() - began < 10
    assert len(load.captured_queries) <= LOAD_QUERIES[connection.vendor]
    assert counts["meetings"] == 3 and counts["documents"] == 25
    before = (Document.objects.count(), Decision.objects.count())
    with CaptureQueriesContext(connection) as again:
        assert sco_2020.load(acting_user=SYSTEM) is None
    assert len(again.captured_queries) == 1
    assert (Document.objects.count(), Decision.objects.count()) == before


def test_records_the_meetings_as_they_happened(scenario):
    """CNC in Moscow 4-9 Sept chaired by Russia; CFM chaired by Lavrov with the President's
    video conference the day before; CHS by video chaired by Putin adopting the package."""
    cnc = Meeting.objects.get(slug="cnc-2020-09-04")
    assert (cnc.chair_state.code, cnc.city["en"], str(cnc.end)) == ("RUS", "Moscow",
                                                                   "2020-09-09")
    cfm = Meeting.objects.get(slug="cfm-2020-09-10")
    assert cfm.chair_official.name("en") == "Sergey Lavrov"
    event = cfm.side_events.get()
    assert (str(event.date), event.format, event.host_official.name("en")) == (
        "2020-09-09", "video", "Vladimir Putin")
    assert cfm.delegations.count() == 8
    chs = Meeting.objects.get(slug="chs-2020-11-10")
    assert (chs.format, chs.chair_official.name("en")) == ("video", "Vladimir Putin")
    adopted = Document.objects.filter(status=DocumentStatus.ADOPTED)
    assert adopted.filter(doc_type__slug="decision").count() == 9
    assert adopted.filter(doc_type__slug="statement").count() == 6
    assert adopted.filter(doc_type__slug="declaration").count() == 1
    assert Document.objects.get(symbol="SCO/CFM/2020/REP.1").status == DocumentStatus.APPROVED


def test_akoma_ntoso_export_of_every_scenario_document_validates(scenario):
    """Every document of the scenario, in each language, is valid Akoma Ntoso 3.0."""
    errors = {}
    for doc in Document.objects.all():
        for lang in ("en", "ru", "zh"):
            problems = validate_akn(export_akn(export_text_for(doc, lang=lang)))
            if problems:
                errors[f"{doc.symbol} {lang}"] = problems[:2]
    assert errors == {}


def test_load_scenario_command_is_idempotent(sco):
    """`concilium load-scenario sco-2020` loads once, then says it is already loaded."""
    out = StringIO()
    call_command("load-scenario", "sco-2020", stdout=out)
    call_command("load-scenario", "sco-2020", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Scenario sco-2020: loaded 25 documents, 3 meetings")
    assert lines[1] == ("Scenario sco-2020: already loaded (meeting cfm-2020-09-10 is on "
                        "record).")
