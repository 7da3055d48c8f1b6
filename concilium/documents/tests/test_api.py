"""The documents API: what each role sees, and refusals that write nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from concilium.documents import models as m
from concilium.documents.tests.test_services import counts

SYM = "SCO/CFM/2020/DRAFT.1"
URL = f"/api/documents/{SYM}"


def client_for(username=None):
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture
def india(draft, indian_delegate):
    return client_for("india")


@pytest.fixture
def officer(draft, secretariat_officer):
    return client_for("officer")


@pytest.fixture
def chair(draft, russian_chair):
    return client_for("lavrov")


class TestReading:
    def test_detail_has_texts_per_language_and_brackets(self, india):
        data = india.get(URL).json()
        assert data["symbol"] == SYM and data["brackets"] == 2 and not data["clean"]
        assert data["languages"] == ["ru", "zh", "en"]
        p2 = data["paragraphs"][1]
        assert p2["number"] == 2 and p2["bracket_count"] == 1
        assert p2["texts"]["zh"] == {"text": "成员国[强烈]谴责一切形式的恐怖主义。",
                                     "bracket_count": 1, "status": "current"}

    def test_members_only_draft_is_invisible_to_observers_and_public(
            self, draft, public_draft, released_draft, mongolian_observer):
        """Observers read released and public documents; the public only public ones;
        a members-only draft is a 404 for both, and missing from their lists."""
        observer, public = client_for("mongolia"), client_for()
        assert observer.get(URL).status_code == 404
        assert public.get(URL).status_code == 404
        assert public.get(URL).json() == client_for().get(
            "/api/documents/NO/SUCH/DOC").json() | {"message": public.get(URL).json()[
                "message"]}
        assert [d["symbol"] for d in observer.get("/api/documents").json()] == [
            "SCO/CFM/2020/PR.1", "SCO/CFM/2020/REP.1"]
        assert [d["symbol"] for d in public.get("/api/documents").json()] == [
            "SCO/CFM/2020/PR.1"]
        assert public.get("/api/documents/SCO/CFM/2020/REP.1").status_code == 404
        assert observer.get("/api/documents/SCO/CFM/2020/REP.1/consensus").status_code == 200

    def test_list_filters(self, officer, public_draft):
        assert [d["symbol"] for d in officer.get("/api/documents?type=declaration").json()] \
            == [SYM]
        assert officer.get("/api/documents?body=cnc").json() == []
        assert len(officer.get("/api/documents?status=draft").json()) == 2


class TestNegotiatingThroughTheApi:
    def test_proposal_accept_versions_and_redline(self, india, chair):
        """A delegate proposes, the chair accepts: Rev.1, redline in every format."""
        r = india.post(f"{URL}/proposals", {
            "kind": "amend", "paragraph": 2, "span": "[strongly]", "text": "firmly",
            "explanation": "Agreed at the table."}, content_type="application/json")
        assert r.status_code == 201, r.json()
        pid = r.json()["id"]
        assert r.json()["state"] == "IND"
        r = chair.post(f"{URL}/proposals/{pid}/accept",
                       {"expected_version": 0, "on": "2020-09-10"},
                       content_type="application/json")
        assert r.status_code == 200, r.json()
        assert r.json()["status"] == "accepted" and r.json()["result_version"] == 1
        assert [v["label"] for v in india.get(f"{URL}/versions").json()] == [
            "original", "Rev.1"]
        assert india.get(f"{URL}/versions/1").json()["paragraphs"][1]["texts"]["en"] == (
            "The Member States firmly condemn terrorism in all its forms.")
        txt = india.get(f"{URL}/redline?from=0&to=1&lang=en&format=txt")
        assert txt["Content-Type"].startswith("text/plain")
        assert "[-[strongly]-]{+firmly+}" in txt.content.decode()
        html = india.get(f"{URL}/redline?from=0&to=1&format=html").content.decode()
        assert "<del>[strongly]</del><ins>firmly</ins>" in html
        data = india.get(f"{URL}/redline?from=0&to=1&lang=zh").json()
        assert data["stats"]["changed_paragraphs"] == 0  # only English changed
        assert india.get(f"{URL}/redline?from=0&to=7").json()["field"] == "to"

    def test_conflicts_withdraw_and_reject(self, india, chair, pakistani_delegate):
        pak = client_for("pakistan")
        a = india.post(f"{URL}/proposals", {"kind": "delete", "paragraph": 1},
                       content_type="application/json").json()["id"]
        b = pak.post(f"{URL}/proposals", {"kind": "replace", "paragraph": 1, "text": "New."},
                     content_type="application/json").json()["id"]
        assert india.get(f"{URL}/proposals").json()["conflicts"] == [[a, b]]
        assert pak.post(f"{URL}/proposals/{a}/withdraw", {},
                        content_type="application/json").status_code == 403
        assert india.post(f"{URL}/proposals/{a}/withdraw", {},
                          content_type="application/json").json()["status"] == "withdrawn"
        assert india.post(f"{URL}/proposals/{b}/reject", {"on": "2020-09-10"},
                          content_type="application/json").status_code == 403
        assert chair.post(f"{URL}/proposals/{b}/reject", {"on": "2020-09-10"},
                          content_type="application/json").json()["status"] == "rejected"

    def test_chair_text_positions_and_consensus(self, india, chair):
        r = chair.post(f"{URL}/chair-text", {
            "paragraph": 3, "on": "2020-09-10",
            "text": "The Member States support the strengthening of the Organisation's "
                    "activities."}, content_type="application/json")
        assert r.status_code == 201 and r.json()["by_chair"]
        r = india.post(f"{URL}/positions", {"state": "IND", "stance": "view", "paragraph": 3,
                                            "text": "India reads this as non-binding.",
                                            "on": "2020-09-10"},
                       content_type="application/json")
        assert r.status_code == 201, r.json()
        india.post(f"{URL}/positions", {"state": "IND", "stance": "agree", "paragraph": 3,
                                        "on": "2020-09-10"}, content_type="application/json")
        positions = india.get(f"{URL}/positions").json()
        assert [(p["stance"], p["current"]) for p in positions] == [
            ("view", False), ("agree", True)]
        assert len(india.get(f"{URL}/positions?history=false").json()) == 1
        data = india.get(f"{URL}/consensus?on=2020-09-10").json()
        assert data["outcome"]["status"] == "pending"
        assert data["bracketed"] == [2] and data["agreed"] == []
        # Only India has spoken on paragraph 3: the others are silent, not supporters.
        third = data["paragraphs"][2]
        assert third["supporters"] == third["agreeing"] == ["IND"]
        assert third["silent"] == ["CHN", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
        assert third["with_view"] == [] and third["silence_counts"] is False

    def test_secretariat_edits_a_language_version_and_the_document(self, officer):
        r = officer.put(f"{URL}/paragraphs/1/texts/ru",
                        {"text": "Государства-члены вновь подтверждают приверженность Хартии.",
                         "expected_version": 0}, content_type="application/json")
        assert r.status_code == 200, r.json()
        statuses = {k: v["status"] for k, v in r.json()["paragraphs"][0]["texts"].items()}
        assert statuses == {"ru": "current", "zh": "outdated", "en": "outdated"}
        r = officer.patch(URL, {"classification": "released", "expected_version": 1},
                          content_type="application/json")
        assert r.json()["classification"] == "released"

    def test_create_document(self, officer):
        r = officer.post("/api/documents", {
            "doc_type": "report", "body": "cnc", "lang": "ru", "titles": {"ru": "Доклад"},
            "paragraphs": ["Первый абзац.", {"ru": "Второй.", "en": "Second."}]},
            content_type="application/json")
        assert r.status_code == 201, r.json()
        assert r.json()["symbol"].startswith("SCO/CNC/")
        assert len(r.json()["paragraphs"]) == 2


class TestAWriteAnswersWithWhatIsStored:
    """The answer to a write is what a reader then finds: the same proposal, position or
    document, field for field, including numbers that the write itself changed."""

    @staticmethod
    def listed(client, what, ident):
        rows = client.get(f"{URL}/{what}").json()
        rows = rows["proposals"] if what == "proposals" else rows
        return next(r for r in rows if r["id"] == ident)

    def test_proposals_made_and_decided(self, india, chair):
        made = [post(india, f"{URL}/proposals", payload).json() for payload in (
            {"kind": "amend", "paragraph": 2, "span": "[strongly]", "text": "firmly"},
            {"kind": "insert", "after": 2, "text": "A new paragraph."},
            {"kind": "delete", "paragraph": 1})]
        for answer in made:
            assert answer == self.listed(india, "proposals", answer["id"])
        on = {"on": "2020-09-10"}
        decided = []
        for answer in made:  # the insertion gets a number; the deletion takes one away
            decided.append(post(chair, f"{URL}/proposals/{answer['id']}/accept", on).json())
            assert decided[-1] == self.listed(india, "proposals", answer["id"])
        assert [d["paragraph_number"] for d in decided] == [2, 3, None]
        tabled = post(chair, f"{URL}/chair-text", {"paragraph": 1, "text": "Clean.", **on})
        assert tabled.json() == self.listed(india, "proposals", tabled.json()["id"])

    def test_positions_recorded(self, india):
        answer = post(india, f"{URL}/positions", {"state": "IND", "stance": "agree",
                                                  "paragraph": 2, "on": "2020-09-10"})
        assert answer.status_code == 201
        assert answer.json() == self.listed(india, "positions", answer.json()["id"])

    def test_documents_created_and_changed(self, officer):
        created = post(officer, "/api/documents", {
            "doc_type": "report", "body": "cnc", "lang": "en", "paragraphs": ["One."]})
        assert created.json() == officer.get(
            f"/api/documents/{created.json()['symbol']}").json()
        edited = officer.put(f"{URL}/paragraphs/2/texts/en", {"text": "Agreed text."},
                             content_type="application/json")
        assert edited.json() == officer.get(URL).json()
        assert edited.json()["version"] == 1
        changed = officer.patch(URL, {"titles": {"zh": "莫斯科宣言草案"}},
                                content_type="application/json")
        assert changed.json() == officer.get(URL).json()


def post(client, path, data):
    return client.post(path, data, content_type="application/json")


class TestBadInputWritesNothing:
    """Each refusal is a 4xx naming the field; no row and no audit record is written."""

    @pytest.mark.parametrize("who, payload, status, field", [
        ("india", {"state": "XYZ", "stance": "agree"}, 403, "state"),
        ("officer", {"state": "XYZ", "stance": "agree"}, 422, "state"),
        ("officer", {"state": "MNG", "stance": "agree"}, 422, "state"),
        ("india", {"state": "IND", "stance": "agree", "paragraph": 42}, 422, "paragraph"),
        ("india", {"state": "PAK", "stance": "agree"}, 403, "state"),
        ("india", {"state": "IND", "stance": "object"}, 422, "text"),
        ("india", {"state": "IND", "stance": "shrug"}, 422, "stance"),
        ("india", {"state": "IND", "stance": "agree", "expected_version": 3}, 409,
         "expected_version"),
        ("india", {"state": "IND", "stance": "view", "text": "x" * 20_001}, 422, "text"),
    ])
    def test_position_refusals(self, officer, india, who, payload, status, field):
        client = {"india": india, "officer": officer}[who]
        before = counts()
        r = post(client, f"{URL}/positions", {"on": "2020-09-10", **payload})
        assert r.status_code == status, r.content
        assert r.json()["field"] == field
        assert field in r.json()["message"] or status in (403, 409)
        assert counts() == before

    def test_malformed_brackets_give_the_position(self, officer):
        before = counts()
        r = officer.put(f"{URL}/paragraphs/1/texts/en", {"text": "Unclosed [bracket here."},
                        content_type="application/json")
        assert r.status_code == 422
        assert r.json()["field"] == "text"
        assert "position 9" in r.json()["message"]
        assert counts() == before

    def test_text_over_the_size_limit(self, officer):
        before = counts()
        r = officer.put(f"{URL}/paragraphs/1/texts/en", {"text": "a" * 20_001},
                        content_type="application/json")
        assert r.status_code == 422 and r.json()["field"] == "text"
        assert "20000" in r.json()["message"]
        assert counts() == before

    def test_unknown_paragraph_and_span(self, india):
        before = counts()
        r = post(india, f"{URL}/proposals", {"kind": "replace", "paragraph": 99, "text": "x"})
        assert (r.status_code, r.json()["field"]) == (422, "paragraph")
        r = post(india, f"{URL}/proposals", {"kind": "amend", "paragraph": 1, "span": "zzz",
                                             "text": "x"})
        assert (r.status_code, r.json()["field"]) == (422, "span")
        r = post(india, f"{URL}/proposals", {"kind": "transmogrify", "paragraph": 1})
        assert (r.status_code, r.json()["field"]) == (422, "kind")
        assert counts() == before

    def test_position_on_a_closed_document(self, officer, india):
        officer.patch(URL, {"status": "adopted"}, content_type="application/json")
        before = counts()
        r = post(india, f"{URL}/positions", {"state": "IND", "stance": "agree",
                                             "on": "2020-09-10"})
        assert r.status_code == 409 and "closed" in r.json()["message"]
        assert counts() == before

    def test_stale_version_names_the_current_one(self, officer, chair):
        post(chair, f"{URL}/chair-text", {"paragraph": 2, "text": "Clean.",
                                          "on": "2020-09-10"})
        before = counts()
        r = officer.put(f"{URL}/paragraphs/1/texts/en", {"text": "Late.",
                                                         "expected_version": 0},
                        content_type="application/json")
        assert r.status_code == 409
        assert "the current version is 1" in r.json()["message"]
        assert counts() == before

    def test_observer_and_public_cannot_write(self, draft, released_draft, mongolian_observer):
        before = counts()
        r = post(client_for("mongolia"), f"{URL}/positions", {"state": "MNG",
                                                               "stance": "agree"})
        assert r.status_code == 404
        r = post(client_for("mongolia"), "/api/documents/SCO/CFM/2020/REP.1/positions",
                 {"state": "MNG", "stance": "agree"})
        assert r.status_code == 403
        r = post(client_for(), f"{URL}/positions", {"state": "RUS", "stance": "agree"})
        assert r.status_code == 404
        assert counts() == before

    def test_delegate_cannot_create_documents(self, india):
        r = post(india, "/api/documents", {"doc_type": "report", "body": "cfm", "lang": "en",
                                           "paragraphs": ["x"]})
        assert r.status_code == 403
        assert m.Document.objects.count() == 1


def test_openapi_describes_the_document_endpoints(db):
    """Every door has a schema: the OpenAPI document lists the documents endpoints."""
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path in ("/api/documents", "/api/documents/import", "/api/documents/{symbol}",
                 "/api/documents/{symbol}/redline", "/api/documents/{symbol}/consensus",
                 "/api/documents/{symbol}/positions", "/api/documents/{symbol}/chair-text",
                 "/api/documents/{symbol}/proposals/{number}/accept"):
        assert path in paths
    params = {p["name"] for p in paths["/api/documents/{symbol}/redline"]["get"]["parameters"]}
    assert {"from", "to", "lang", "format"} <= params
