"""GET /api/search: the caller's role decides what is found; an empty query is a 422."""

import pytest

from concilium.accounts.services import token_create
from concilium.rules.permissions import SYSTEM, Classification
from concilium.search.tests.factories import make_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(sco):
    make_document({"en": "Public terrorism statement.", "ru": "Заявление о терроризме."},
                  classification=Classification.PUBLIC, symbol="SCO/PUB", year=2020)
    make_document({"en": "Members-only terrorism annex."},
                  classification=Classification.MEMBERS, symbol="SCO/MEM", year=2020)


def _bearer(username):
    return {"Authorization": f"Bearer {token_create(username=username, acting_user=SYSTEM)}"}


def test_the_public_finds_public_documents_with_snippets(client, archive):
    body = client.get("/api/search", {"q": "terrorism"}).json()
    assert body["q"] == "terrorism"
    (hit,) = body["results"]
    assert hit["kind"] == "paragraph" and hit["symbol"] == "SCO/PUB" and hit["paragraph"] == 1
    assert hit["lang"] == "en" and hit["snippet"] == "Public <mark>terrorism</mark> statement."
    assert isinstance(hit["rank"], float)


def test_a_delegate_finds_members_only_documents(client, archive, indian_delegate):
    body = client.get("/api/search", {"q": "terrorism"}, headers=_bearer("india")).json()
    assert {r["symbol"] for r in body["results"]} == {"SCO/PUB", "SCO/MEM"}


def test_an_observer_does_not(client, archive, mongolian_observer):
    body = client.get("/api/search", {"q": "terrorism"}, headers=_bearer("mongolia")).json()
    assert {r["symbol"] for r in body["results"]} == {"SCO/PUB"}


def test_filters_and_limit(client, archive):
    got = client.get("/api/search", {"q": "терроризм", "lang": "ru", "year": "2020",
                                     "body": "cfm", "type": "statement", "status": "draft",
                                     "limit": 5}).json()
    assert [(r["symbol"], r["lang"]) for r in got["results"]] == [("SCO/PUB", "ru")]
    assert client.get("/api/search", {"q": "terrorism", "year": "2019"}).json()["results"] == []


def test_an_empty_query_is_a_422_naming_q(client, archive):
    response = client.get("/api/search", {"q": ""})
    assert response.status_code == 422
    assert response.json()["field"] == "q"
    assert client.get("/api/search").json()["field"] == "q"


def test_a_bad_limit_is_a_422_naming_limit(client, archive):
    response = client.get("/api/search", {"q": "peace", "limit": 500})
    assert response.status_code == 422 and response.json()["field"] == "limit"
