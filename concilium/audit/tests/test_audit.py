"""The audit log: every write leaves a record, and tampering is detected."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from concilium.audit.models import AuditRecord
from concilium.audit.services import audit_verify


def verify() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    return out.getvalue()


def test_an_untouched_chain_verifies(secretariat_officer, indian_delegate):
    """Loading the registry and creating accounts leaves an intact, counted chain."""
    count = AuditRecord.objects.count()
    assert count >= 3
    assert verify().startswith(f"OK: {count} records")


def test_every_record_names_who_and_what(indian_delegate):
    """Creating the Indian delegate's account is recorded with its binding."""
    record = AuditRecord.objects.get(action="user.create", target_id="india")
    assert record.actor == "system"
    assert record.summary["after"] == {"role": "delegate", "state": "IND", "organization": None}


def test_tampering_with_one_record_is_detected(secretariat_officer, indian_delegate):
    """Changing a past record in the database breaks the chain at that record."""
    victim = AuditRecord.objects.get(action="user.create", target_id="india")
    AuditRecord.objects.filter(pk=victim.pk).update(actor="someone-else")
    report = audit_verify()
    assert not report.ok and report.broken_seq == victim.seq
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", stdout=StringIO())
    assert caught.value.returncode == 1


def test_deleting_a_record_is_detected(secretariat_officer, indian_delegate):
    """Removing a record from the middle leaves a gap that verify reports."""
    first = AuditRecord.objects.order_by("seq").first()
    AuditRecord.objects.filter(pk=first.pk).delete()
    assert not audit_verify().ok
