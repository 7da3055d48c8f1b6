"""Text that cannot break anything: refused at every door naming the field, and file names
that cannot break a download."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from concilium.accounts.services import token_create
from concilium.core.errors import ValidationFailed
from concilium.core.text import check_strings, check_symbol, content_disposition
from concilium.documents import models as dm
from concilium.documents import services as documents
from concilium.rules.permissions import SYSTEM

INJECTION = 'SCO/A"\r\nX-Injected: 1'


def _officer_api(secretariat_officer):
    token = token_create(username="officer", acting_user=SYSTEM)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def _create(client, **fields):
    payload = {"doc_type": "declaration", "body": "cfm", "lang": "en",
               "paragraphs": ["The Member States met."], **fields}
    return client.post("/api/documents", payload, content_type="application/json")


class TestTheValidator:
    def test_strings_are_named_by_their_dotted_path(self):
        with pytest.raises(ValidationFailed) as error:
            check_strings({"paragraphs": ["fine", {"en": "a\ud800b"}]})
        assert error.value.field == "paragraphs.2.en"
        assert "character 2" in error.value.message and "U+D800" in error.value.message

    def test_a_symbol_is_refused_naming_the_position(self):
        with pytest.raises(ValidationFailed) as error:
            check_symbol(INJECTION)
        assert error.value.field == "symbol"
        assert "character 6 (\'\"\')" in error.value.message

    @given(st.text())
    def test_content_disposition_never_raises_and_stays_one_header_line(self, name):
        value = content_disposition(name)
        assert "\r" not in value and "\n" not in value and "\x00" not in value
        value.encode("latin-1")  # a header Django can send

    def test_content_disposition_keeps_the_full_name_for_browsers(self):
        value = content_disposition("ШОС/2020.pdf")
        assert value.startswith('attachment; filename="2020.pdf"') or "filename=" in value
        assert "filename*=UTF-8''%D0%A8%D0%9E%D0%A1%2F2020.pdf" in value
        assert content_disposition("report.pdf", inline=True) == 'inline; filename="report.pdf"'


@pytest.mark.django_db
class TestAtTheApi:
    def test_a_symbol_with_a_header_injection_is_refused_naming_the_position(
            self, secretariat_officer):
        response = _create(_officer_api(secretariat_officer), symbol=INJECTION)
        assert response.status_code == 422
        assert response.json()["field"] == "symbol"
        assert "character 6" in response.json()["message"]
        assert not dm.Document.objects.exists()

    def test_a_lone_surrogate_in_a_paragraph_is_refused_naming_it(self, secretariat_officer):
        body = '{"doc_type": "declaration", "body": "cfm", "lang": "en", ' \
               '"paragraphs": ["a\\ud800b"]}'
        response = _officer_api(secretariat_officer).post(
            "/api/documents", body, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["field"] == "paragraphs.1"
        assert not dm.Document.objects.exists()

    def test_a_nul_in_a_paragraph_is_refused_on_every_database(self, secretariat_officer):
        response = _create(_officer_api(secretariat_officer), paragraphs=["a\x00b"])
        assert response.status_code == 422
        assert response.json()["field"] == "paragraphs.1"
        assert "U+0000" in response.json()["message"]

    def test_a_nul_in_a_query_or_the_path_is_refused_naming_it(self, secretariat_officer):
        client = _officer_api(secretariat_officer)
        response = client.get("/api/documents", {"body": "cfm\x00"})
        assert response.status_code == 422 and response.json()["field"] == "body"
        response = client.get("/api/documents/SCO%00X")
        assert response.status_code == 422 and response.json()["field"] == "path"

    def test_a_form_field_with_a_nul_gets_a_page_naming_it(self, client, sco):
        response = client.post("/login/", {"username": "a\x00", "password": "x"})
        assert response.status_code == 422
        assert "username: character 2" in response.content.decode()


@pytest.mark.django_db
class TestStoredBadSymbols:
    """A symbol stored before the grammar held must not take a page or a download down."""

    @pytest.fixture
    def bad(self, secretariat_officer):
        doc = documents.document_create(
            doc_type="declaration", body="cfm", lang="en", paragraphs=["Text."],
            titles={"en": "Old"}, symbol="SCO/OLD/1", classification="public",
            acting_user=secretariat_officer)
        dm.Document.objects.filter(pk=doc.pk).update(symbol=INJECTION)
        return INJECTION

    def test_the_dashboard_still_answers(self, bad, client):
        client.force_login(get_user_model().objects.get(username="officer"))
        response = client.get("/")
        assert response.status_code == 200
        assert "X-Injected" in response.content.decode()

    def test_every_export_answers_with_one_safe_header(self, bad, secretariat_officer):
        client = _officer_api(secretariat_officer)
        for fmt in ("html", "docx", "akn"):
            response = client.get("/api/exports", {"symbol": bad, "format": fmt})
            assert response.status_code == 200, (fmt, response.content[:300])
            assert "\n" not in response["Content-Disposition"]
            assert "X-Injected" not in response.headers


def test_a_command_argument_with_a_nul_exits_2_naming_it(db):
    with pytest.raises(CommandError) as error:
        call_command("members", "--on", "2020-01-01\x00")
    assert error.value.returncode == 2
    assert "on: character 11" in str(error.value)
