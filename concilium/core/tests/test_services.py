"""Every write leaves an audit record and announces itself after commit, not before."""

import psycopg
import pytest
from django.db import connection, transaction

from concilium.audit.models import Action, AuditRecord
from concilium.core import bus
from concilium.core.services import record_change
from concilium.rules.permissions import SYSTEM


@pytest.fixture
def received(monkeypatch):
    """What is announced to the other processes and this one: on SQLite what the bus
    publishes after commit; on PostgreSQL what a listener on another connection receives
    (the NOTIFY is issued inside the transaction and the server delivers it at commit)."""
    if connection.vendor != "postgresql":
        events = []
        monkeypatch.setattr(bus, "publish", events.append)
        yield lambda: events
        return
    settings = connection.settings_dict
    listener = psycopg.connect(host=settings["HOST"] or None, port=settings["PORT"] or None,
                               user=settings["USER"], dbname=settings["NAME"],
                               autocommit=True)
    listener.execute(f"LISTEN {bus.CHANNEL}")

    def arrived():
        return [bus.Event.decode(n.payload) for n in listener.notifies(timeout=0.5)]
    yield arrived
    listener.close()


@pytest.mark.django_db(transaction=True)
def test_a_change_is_announced_after_commit_with_the_audit_seq(sco, received):
    """The live event carries the audit record's seq, so a browser can resume from it;
    nothing is announced before the transaction commits."""
    with transaction.atomic():
        record = record_change(actor=SYSTEM, action=Action.DOCUMENT_UPDATE,
                               target_type="document", target_id="X/1", topic="document:X/1")
        assert received() == []
    assert [(e.id, e.topic) for e in received()] == [(record.seq, "document:X/1")]


@pytest.mark.django_db(transaction=True)
def test_nothing_is_announced_when_the_write_is_rolled_back(sco, received):
    """A refused write leaves neither a record nor an event."""
    before = AuditRecord.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record_change(actor=SYSTEM, action=Action.DOCUMENT_UPDATE, target_type="document",
                      target_id="X/1", topic="document:X/1")
        raise RuntimeError("refused")
    assert received() == []
    assert AuditRecord.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_an_audit_record_outside_a_transaction_is_a_programming_error():
    """Services must write inside their transaction; appending outside one is refused."""
    from concilium.audit.services import audit_append

    with pytest.raises(RuntimeError):
        audit_append(actor=SYSTEM, action=Action.DOCUMENT_UPDATE, target_type="x", target_id=1)


def test_events_round_trip_through_their_encoding():
    """What PostgreSQL NOTIFY carries decodes to the same event."""
    event = bus.Event(id=7, topic="meeting:cfm-2020-09-10", kind="decision.record",
                      data={"target_id": "3"})
    assert bus.Event.decode(event.encode()) == event


def test_a_stale_version_is_a_conflict_naming_the_current_one():
    """Two people editing the same thing: the later write, made on an old version, is refused."""
    from concilium.core.errors import Conflict, ValidationFailed
    from concilium.core.services import check_version

    class Draft:
        version = 3

        def __str__(self):
            return "SCO/CFM/2020/1"

    check_version(Draft(), None, kind="Document")
    check_version(Draft(), "3", kind="Document")
    with pytest.raises(Conflict) as caught:
        check_version(Draft(), 2, kind="Document")
    assert "SCO/CFM/2020/1" in caught.value.message and "version is 3" in caught.value.message
    with pytest.raises(ValidationFailed) as caught:
        check_version(Draft(), "latest", kind="Document")
    assert caught.value.field == "expected_version"
