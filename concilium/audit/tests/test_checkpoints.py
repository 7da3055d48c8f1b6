"""An audit log that cannot be cut short: the signed head outside the database catches
deleted newest records, an emptied log, reordering and gaps; history rows are tied to it."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from concilium.audit.checkpoints import latest_checkpoint, signed_head
from concilium.audit.models import AuditRecord
from concilium.audit.services import audit_verify
from concilium.documents import models as dm
from concilium.documents import services as documents


def verify() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


@pytest.fixture
def signed(secretariat_officer, indian_delegate):
    """A short history with its head signed, as after any committed write."""
    signed_head()
    return AuditRecord.objects.order_by("-seq").first().seq


def test_every_committed_write_signs_the_new_head(secretariat_officer,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        documents.document_create(doc_type="declaration", body="cfm", lang="en",
                                  paragraphs=["One."], titles={}, symbol="SCO/C/1",
                                  acting_user=secretariat_officer)
    head = AuditRecord.objects.order_by("-seq").first()
    latest = latest_checkpoint().latest
    assert (latest.seq, latest.hash) == (head.seq, head.hash)


def test_one_transaction_with_several_records_signs_once(secretariat_officer, settings,
                                                        django_capture_on_commit_callbacks):
    """Two services inside one transaction append three records and sign only the last."""
    with django_capture_on_commit_callbacks(execute=True):
        documents.document_create(doc_type="declaration", body="cfm", lang="en",
                                  paragraphs=["One.", "Two."], titles={}, symbol="SCO/C/2",
                                  acting_user=secretariat_officer)
        documents.proposal_create(symbol="SCO/C/2", kind="delete", paragraph=2,
                                  acting_user=secretariat_officer)
    read = latest_checkpoint()
    assert read.lines == 1
    assert read.latest.seq == AuditRecord.objects.order_by("-seq").first().seq


def test_an_intact_chain_verifies_against_its_checkpoint(signed):
    code, out = verify()
    assert code == 0 and f"up to the signed checkpoint #{signed}" in out


def test_deleting_the_newest_record_then_all_of_them_is_reported(signed):
    AuditRecord.objects.filter(seq=signed).delete()
    code, out = verify()
    assert code == 1 and f"record #{signed}" in out
    AuditRecord.objects.all().delete()
    code, out = verify()
    assert code == 1 and "record #1" in out
    assert audit_verify().broken_seq == 1


def test_a_gap_in_the_middle_names_the_missing_sequence(signed):
    AuditRecord.objects.filter(seq=2).delete()
    report = audit_verify()
    assert not report.ok and report.broken_seq == 2


def test_reordering_two_records_breaks_the_link(signed):
    a, b = AuditRecord.objects.filter(seq__in=(2, 3)).order_by("seq")
    AuditRecord.objects.filter(pk=a.pk).update(seq=1000)
    AuditRecord.objects.filter(pk=b.pk).update(seq=2)
    AuditRecord.objects.filter(pk=a.pk).update(seq=3)
    report = audit_verify()
    assert not report.ok and report.broken_seq == 2


def test_a_rewritten_chain_does_not_match_the_signed_head(signed):
    """Rebuilding the chain from a point (valid links, new hashes) differs from the signature."""
    head = AuditRecord.objects.get(seq=signed)
    AuditRecord.objects.filter(pk=head.pk).update(hash="f" * 64)
    report = audit_verify()
    assert not report.ok and report.broken_seq == signed


def test_a_forged_checkpoint_line_is_reported(signed, settings):
    path = settings.CONCILIUM_AUDIT_CHECKPOINTS
    forged = json.loads(path.read_text().splitlines()[-1]) | {"seq": signed + 50}
    with path.open("a") as f:
        f.write(json.dumps(forged) + "\n")
    report = audit_verify()
    assert not report.ok and report.broken_seq == signed + 50


def test_the_checkpoint_command_prints_the_signed_head(signed):
    out = StringIO()
    call_command("audit", "checkpoint", stdout=out)
    head = json.loads(out.getvalue())
    assert head["seq"] == signed and head["algorithm"] == "hmac-sha256"
    assert len(head["signature"]) == 64 and head["key_id"]


def test_init_creates_the_instance_key(db, settings):
    call_command("init", "--charter", "sco", "--no-migrate", stdout=StringIO())
    assert settings.CONCILIUM_AUDIT_KEY_FILE.is_file()
    assert settings.CONCILIUM_AUDIT_KEY_FILE.stat().st_mode & 0o077 == 0


class TestHistoryRowsAreTied:
    @pytest.fixture
    def positions(self, secretariat_officer, indian_delegate):
        documents.document_create(doc_type="declaration", body="cfm", lang="en",
                                  paragraphs=["One."], titles={}, symbol="SCO/H/1",
                                  acting_user=secretariat_officer)
        documents.position_record(symbol="SCO/H/1", state="IND", stance="agree",
                                  acting_user=indian_delegate)
        return dm.Position.objects.get()

    def test_rows_written_by_the_services_verify(self, positions):
        assert audit_verify().ok

    def test_a_position_slipped_in_without_the_services_is_reported(self, positions):
        extra = dm.Position.objects.create(
            document=positions.document, state=positions.state, stance="object",
            text="inserted", recorded_by="nobody", version=positions.version)
        report = audit_verify()
        assert not report.ok and report.detail == f"documents.position #{extra.pk}"
        code, out = verify()
        assert code == 1 and "has no audit record" in out

    def test_a_position_edited_in_place_is_reported(self, positions):
        dm.Position.objects.filter(pk=positions.pk).update(stance="object")
        report = audit_verify()
        assert not report.ok and report.problem.startswith("a history row differs")

    def test_a_version_edited_in_place_is_reported(self, positions):
        version = dm.Version.objects.get()
        dm.Version.objects.filter(pk=version.pk).update(snapshot=[])
        assert audit_verify().detail == f"documents.version #{version.pk}"
