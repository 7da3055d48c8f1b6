"""Importing a draft in the browser: a preview that writes nothing, then the import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from concilium.accounts.services import user_create
from concilium.audit.models import AuditRecord
from concilium.documents.models import Document, Proposal
from concilium.documents.tests.test_import import tracked_docx  # noqa: F401 (a fixture)
from concilium.rules.permissions import SYSTEM
from concilium.web.tests.conftest import signed_in

pytestmark = pytest.mark.django_db

FIELDS = {"doc_type": "cfm-statement", "body": "cfm", "lang": "en", "classification": "members",
          "symbol": "SCO/CFM/2020/IMP", "title": ""}


def _file(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


def _ticket(html):
    return html.split('name="ticket" value="')[1].split('"')[0]


def test_preview_shows_paragraphs_brackets_and_tracked_changes_and_writes_nothing(
        as_officer, tracked_docx):  # noqa: F811
    before = AuditRecord.objects.count()
    response = as_officer.post("/documents/import",
                               {**FIELDS, "step": "preview", "file": _file(tracked_docx)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 paragraphs" in html and "3 tracked changes, to become proposals" in html
    assert "Replace paragraph 2 with:" in html and "They firmly condemn terrorism." in html
    assert "Insert after paragraph 2:" in html and "Delete paragraph 3." in html
    assert 'value="Draft Statement"' in html  # the title found in the file
    assert 'name="ticket"' in html
    assert not Document.objects.exists() and AuditRecord.objects.count() == before


def test_confirm_imports_the_held_file_with_its_proposals(as_officer, tracked_docx):  # noqa: F811
    html = as_officer.post("/documents/import", {**FIELDS, "step": "preview",
                                                 "file": _file(tracked_docx)}).content.decode()
    response = as_officer.post("/documents/import", {**FIELDS, "title": "Draft Statement",
                                                     "step": "confirm", "ticket": _ticket(html)})
    assert response.status_code == 302
    assert response["Location"] == "/room/SCO/CFM/2020/IMP"
    doc = Document.objects.get(symbol="SCO/CFM/2020/IMP")
    assert doc.paragraphs.count() == 3
    assert Proposal.objects.filter(document=doc, status="pending").count() == 3
    # The held file is gone: the same ticket cannot import twice.
    again = as_officer.post("/documents/import", {**FIELDS, "symbol": "SCO/CFM/2020/IMP2",
                                                  "step": "confirm", "ticket": _ticket(html)})
    assert again.status_code == 422 and 'id="file-error"' in again.content.decode()


def test_a_bad_paragraph_is_named_at_the_file_field_and_nothing_is_written(as_officer):
    before = AuditRecord.objects.count()
    bad = SimpleUploadedFile("draft.md", b"# Title\n\nFine.\n\nBroken [bracket.\n")
    response = as_officer.post("/documents/import", {**FIELDS, "step": "preview", "file": bad})
    html = response.content.decode()
    assert response.status_code == 422
    assert 'id="file-error"' in html and "draft.md" in html and "paragraph 2" in html
    assert 'name="ticket"' not in html
    assert not Document.objects.exists() and AuditRecord.objects.count() == before


def test_a_file_that_is_not_a_draft_is_refused_at_the_file_field(as_officer):
    response = as_officer.post("/documents/import", {
        **FIELDS, "step": "preview", "file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert response.status_code == 422
    assert 'id="file-error"' in response.content.decode()
    response = as_officer.post("/documents/import", {**FIELDS, "step": "preview"})
    assert response.status_code == 422 and "choose a .docx" in response.content.decode()


def test_a_bad_field_at_confirm_keeps_the_preview_and_the_held_file(as_officer, tracked_docx):  # noqa: F811
    html = as_officer.post("/documents/import", {**FIELDS, "step": "preview",
                                                 "file": _file(tracked_docx)}).content.decode()
    response = as_officer.post("/documents/import", {**FIELDS, "body": "nowhere",
                                                     "step": "confirm", "ticket": _ticket(html)})
    html = response.content.decode()
    assert response.status_code == 422 and 'id="body-error"' in html
    assert "Replace paragraph 2 with:" in html and 'name="ticket"' in html
    assert not Document.objects.exists()


def test_a_ticket_is_good_only_for_the_user_who_uploaded(as_officer, tracked_docx, sco):  # noqa: F811
    html = as_officer.post("/documents/import", {**FIELDS, "step": "preview",
                                                 "file": _file(tracked_docx)}).content.decode()
    user_create(username="officer2", password="demo-pass-2020", role="secretariat",
                acting_user=SYSTEM)
    other = signed_in("officer2")
    response = other.post("/documents/import", {**FIELDS, "step": "confirm",
                                                "ticket": _ticket(html)})
    assert response.status_code == 422 and not Document.objects.exists()


def test_a_delegate_may_not_import(as_india, tracked_docx):  # noqa: F811
    assert as_india.get("/documents/import").status_code == 403
    response = as_india.post("/documents/import", {**FIELDS, "step": "preview",
                                                   "file": _file(tracked_docx)})
    assert response.status_code == 403 and not Document.objects.exists()


def test_the_preview_costs_a_fixed_number_of_queries(as_officer, tracked_docx,  # noqa: F811
                                                     django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        as_officer.post("/documents/import", {**FIELDS, "step": "preview",
                                              "file": _file(tracked_docx)})


def test_the_api_previews_an_import_without_writing(secretariat_officer, tracked_docx):  # noqa: F811
    """POST /api/documents/import/preview answers what the page shows; a delegate is refused."""
    client = signed_in("officer")
    response = client.post("/api/documents/import/preview", {"file": _file(tracked_docx)})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["title"] == "Draft Statement" and len(data["paragraphs"]) == 3
    assert [c["kind"] for c in data["changes"]] == ["replace", "insert", "delete"]
    assert not Document.objects.exists()


def test_the_api_preview_refuses_a_delegate(indian_delegate, tracked_docx):  # noqa: F811
    response = signed_in("india").post("/api/documents/import/preview",
                                       {"file": _file(tracked_docx)})
    assert response.status_code == 403
