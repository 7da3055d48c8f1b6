"""Bodies and limits: a malformed or oversized body gets a 4xx naming the problem, never a
500 or Django's bare 400; a document's size is bounded at import and at edit."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from concilium.accounts.services import token_create
from concilium.documents import models as dm
from concilium.documents import services as documents
from concilium.rules.permissions import SYSTEM


@pytest.fixture
def officer_api(secretariat_officer):
    token = token_create(username="officer", acting_user=SYSTEM)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_multipart_without_a_boundary_is_a_400_naming_the_problem(officer_api):
    response = officer_api.generic("POST", "/api/documents/import", b"--x\r\n\r\nhello",
                                   content_type="multipart/form-data")
    assert response.status_code == 400
    body = response.json()
    assert body["field"] == "body" and "multipart/form-data" in body["message"]
    assert "boundary" in body["message"].lower()


def test_a_multipart_body_cut_short_is_a_400(officer_api):
    response = officer_api.generic(
        "POST", "/api/documents/import",
        b'--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc',
        content_type="multipart/form-data; boundary=XYZ")
    assert response.status_code in (400, 422)
    assert response.json()["field"]


def test_an_api_body_over_the_limit_is_a_413_as_json_naming_the_limit(officer_api, settings):
    settings.CONCILIUM_MAX_BODY_BYTES = 1000
    response = officer_api.post("/api/documents", "x" * 5000, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["limit"] == 1000
    assert "limit is 1000 bytes" in response.json()["message"]


def test_a_body_between_django_and_our_limits_is_still_a_413(officer_api, settings):
    """Django's own reading limit (DATA_UPLOAD_MAX_MEMORY_SIZE) is a 413 too, not a 500."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = officer_api.post("/api/documents", '{"x": "' + "y" * 500 + '"}',
                                content_type="application/json")
    assert response.status_code == 413 and response.json()["error"] == "too_large"


def test_a_page_body_over_the_limit_gets_a_page_saying_so(client, sco, settings):
    settings.CONCILIUM_MAX_BODY_BYTES = 1000
    response = client.post("/login/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    assert "text/html" in response["Content-Type"]
    assert "the limit is 1000 bytes" in response.content.decode()


def test_paragraph_count_limit_is_refused_at_import(officer_api, settings):
    settings.CONCILIUM_MAX_PARAGRAPHS = 5
    text = "\n\n".join(f"Paragraph {i}." for i in range(1, 7)).encode()
    response = officer_api.post("/api/documents/import", {
        "file": _upload("six.txt", text), "doc_type": "declaration", "body": "cfm",
        "lang": "en"})
    assert response.status_code == 422
    assert response.json()["field"] == "paragraphs"
    assert "6 paragraphs; the limit is 5" in response.json()["message"]
    assert not dm.Document.objects.exists()


def test_paragraph_length_limit_is_refused_at_import_and_edit(officer_api, settings,
                                                               secretariat_officer):
    settings.CONCILIUM_MAX_PARAGRAPH_CHARS = 50
    response = officer_api.post("/api/documents", {
        "doc_type": "declaration", "body": "cfm", "lang": "en", "paragraphs": ["x" * 51]},
        content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "paragraphs.1.en"
    assert "51 characters; the limit is 50" in response.json()["message"]
    documents.document_create(doc_type="declaration", body="cfm", lang="en",
                              paragraphs=["Short."], titles={}, symbol="SCO/T/1",
                              acting_user=secretariat_officer)
    response = officer_api.put("/api/documents/SCO/T/1/paragraphs/1/texts/en",
                               {"text": "y" * 51}, content_type="application/json")
    assert response.status_code == 422 and "the limit is 50" in response.json()["message"]


def test_an_insertion_past_the_paragraph_limit_is_refused(officer_api, settings,
                                                          secretariat_officer):
    settings.CONCILIUM_MAX_PARAGRAPHS = 2
    documents.document_create(doc_type="declaration", body="cfm", lang="en",
                              paragraphs=["One.", "Two."], titles={}, symbol="SCO/T/2",
                              acting_user=secretariat_officer)
    response = officer_api.post("/api/documents/SCO/T/2/proposals",
                                {"kind": "insert", "after": 2, "text": "Three."},
                                content_type="application/json")
    assert response.status_code == 422
    assert "3 paragraphs; the limit is 2" in response.json()["message"]


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def test_every_api_refusal_is_json_naming_what_is_wrong(officer_api):
    """A path no route matches, a method a path does not take and a body that is not JSON
    answer in the API's error shape, not as Django's or the framework's bare text."""
    missing = officer_api.get("/api/documents/A%0AB/consensus")
    assert missing.status_code == 404 and missing.json()["field"] == "path"
    wrong_method = officer_api.put("/api/documents/0/paragraphs/false/texts/0", "{}",
                                   content_type="application/json")
    assert wrong_method.status_code == 405 and wrong_method.json()["field"] == "method"
    not_json = officer_api.post("/api/documents", "{not json", content_type="application/json")
    assert not_json.status_code == 400 and not_json.json()["field"] == "body"
