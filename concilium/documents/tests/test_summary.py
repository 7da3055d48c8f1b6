"""The summary and the paragraph pages: what a poller needs, at a fixed cost, with an ETag."""

import pytest

from concilium.documents import api_summary, services
from concilium.documents import summary as summary_module
from concilium.documents.tests.conftest import SEPT_10_2020
from concilium.documents.tests.test_api import SYM, URL, client_for
from concilium.documents.tests.test_queries import build, queries


def forget_summaries() -> None:
    """Empty this process's kept summaries, pages and their JSON."""
    summary_module._KEPT.items.clear()
    api_summary._BODIES.items.clear()
    api_summary._PAGES.items.clear()


@pytest.fixture
def india(draft, indian_delegate):
    return client_for("india")


class TestSummary:
    def test_summary_gives_counts_consensus_and_translation_state(
            self, india, draft, secretariat_officer):
        """The draft: three paragraphs in three languages, brackets in two, consensus as the
        consensus endpoint gives it;
        after an English edit of paragraph 1 the Russian and Chinese texts are outdated."""
        services.paragraph_text_set(symbol=SYM, paragraph=1, lang="en",
                                    text="The Member States reaffirm the SCO Charter.",
                                    expected_version=None, acting_user=secretariat_officer)
        data = india.get(f"{URL}/summary").json()
        assert data["symbol"] == SYM and data["status"] == "draft"
        assert data["paragraphs"] == 3 and data["brackets"] == 2
        full = india.get(f"{URL}/consensus").json()
        assert data["consensus"]["status"] == full["outcome"]["status"] == "pending"
        assert data["consensus"]["bracketed"] == len(full["bracketed"]) == 2
        assert data["consensus"]["agreed"] == len(full["agreed"])
        assert data["translations"]["en"] == {"current": 3, "outdated": 0, "missing": 0}
        assert data["translations"]["ru"] == {"current": 2, "outdated": 1, "missing": 0}
        assert data["last_change"] > 0

    def test_a_position_changes_the_summary_and_its_etag(self, india, draft):
        first = india.get(f"{URL}/summary")
        etag = first["ETag"]
        assert india.get(f"{URL}/summary", HTTP_IF_NONE_MATCH=etag).status_code == 304
        recorded = india.post(f"{URL}/positions", {
            "state": "IND", "stance": "object", "paragraph": 2, "text": "Not acceptable.",
            "on": str(SEPT_10_2020)}, content_type="application/json")
        assert recorded.status_code == 201, recorded.content
        second = india.get(f"{URL}/summary", HTTP_IF_NONE_MATCH=etag)
        assert second.status_code == 200 and second["ETag"] != etag
        assert second.json()["positions"] == 1
        assert second.json()["consensus"]["objecting"] == ["IND"]
        assert second.json()["consensus"]["status"] == "blocked"

    def test_a_revalidation_costs_no_summary(self, india, draft, secretariat_officer):
        """A 304 is decided from the last change and the access check alone, even by a
        process that never made the summary (its copy was made by another)."""
        etag = india.get(f"{URL}/summary")["ETag"]
        forget_summaries()  # as if another process had answered first
        before = queries(lambda: india.get(f"{URL}/summary"))
        forget_summaries()
        revalidated = queries(lambda: india.get(f"{URL}/summary", HTTP_IF_NONE_MATCH=etag))
        assert revalidated <= before - 5

    def test_not_modified_answers_only_whoever_may_read(
            self, india, draft, mongolian_observer):
        """An observer holding the members' ETag still gets 404, like for a missing
        document: the access check comes before the tag."""
        etag = india.get(f"{URL}/summary")["ETag"]
        observer = client_for("mongolia")
        hidden = observer.get(f"{URL}/summary", HTTP_IF_NONE_MATCH=etag)
        missing = observer.get("/api/documents/SCO/NO/SUCH/summary")
        assert hidden.status_code == missing.status_code == 404
        assert hidden.json()["error"] == missing.json()["error"]
        assert client_for().get(f"{URL}/summary", HTTP_IF_NONE_MATCH="*").status_code == 404

    def test_the_summary_costs_the_same_queries_at_10_and_300_paragraphs(
            self, secretariat_officer, indian_delegate):
        client = client_for("india")
        small, large = build(10, secretariat_officer), build(300, secretariat_officer)
        cold = [queries(lambda d=d: client.get(f"/api/documents/{d.symbol}/summary"))
                for d in (small, large)]
        warm = [queries(lambda d=d: client.get(f"/api/documents/{d.symbol}/summary"))
                for d in (small, large)]
        assert cold[0] == cold[1] and warm[0] == warm[1]
        assert warm[1] <= cold[1] - 5  # kept: consensus and counts are not read again
        data = client.get(f"/api/documents/{large.symbol}/summary").json()
        assert data["paragraphs"] == 300 and data["consensus"]["bracketed"] == 300


class TestParagraphPages:
    def test_pages_follow_document_order_with_the_total(self, india, draft):
        page = india.get(f"{URL}/paragraphs?offset=1&limit=1").json()
        assert page["total"] == 3 and page["offset"] == 1 and page["limit"] == 1
        assert [p["number"] for p in page["paragraphs"]] == [2]
        assert page["paragraphs"][0]["texts"]["zh"]["text"] == "成员国[强烈]谴责一切形式的恐怖主义。"
        whole = india.get(f"{URL}/paragraphs").json()
        assert [p["number"] for p in whole["paragraphs"]] == [1, 2, 3]
        assert whole["paragraphs"] == india.get(URL).json()["paragraphs"]

    def test_a_bad_page_names_the_field(self, india, draft):
        for query, field in (("offset=-1", "offset"), ("limit=0", "limit"),
                             ("limit=501", "limit")):
            answer = india.get(f"{URL}/paragraphs?{query}")
            assert answer.status_code == 422 and answer.json()["field"] == field

    def test_a_page_costs_the_same_queries_whatever_the_length(
            self, secretariat_officer, indian_delegate):
        client = client_for("india")
        small, large = build(10, secretariat_officer), build(300, secretariat_officer)
        counts = [queries(lambda d=d: client.get(
            f"/api/documents/{d.symbol}/paragraphs?offset=5&limit=5")) for d in (small, large)]
        assert counts[0] == counts[1]

    def test_an_unchanged_page_is_not_sent_again(self, india, draft, secretariat_officer):
        etag = india.get(f"{URL}/paragraphs?limit=2")["ETag"]
        assert india.get(f"{URL}/paragraphs?limit=2",
                         HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert india.get(f"{URL}/paragraphs?limit=3",
                         HTTP_IF_NONE_MATCH=etag).status_code == 200
        services.paragraph_text_set(symbol=SYM, paragraph=3, lang="en", text="Reworded.",
                                    expected_version=None, acting_user=secretariat_officer)
        assert india.get(f"{URL}/paragraphs?limit=2",
                         HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_kept_answer_reads_only_the_last_change_and_the_token(draft, indian_delegate):
    """Pollers that do not revalidate: after the first, each costs the token's query and
    the last change's; the answer is the same bytes."""
    from django.test import Client

    from concilium.accounts.services import token_create
    from concilium.rules.permissions import SYSTEM

    script = Client(HTTP_AUTHORIZATION=f"Bearer {token_create(username='india', acting_user=SYSTEM)}")
    first = script.get(f"{URL}/summary")
    again = []
    assert queries(lambda: again.append(script.get(f"{URL}/summary"))) == 2
    assert again[0].content == first.content and again[0]["ETag"] == first["ETag"]


@pytest.mark.django_db
def test_the_last_change_is_found_without_sorting_the_documents_history():
    """Every poll asks for a document's latest audit record first: the index by topic and
    sequence finds it directly, however long the document's history, with no sort."""
    from django.db import connection

    sql = summary_module.last_change_sql()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", ["document:SCO/CFM/2020/1"])
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "audit_topic_seq" in plan and "TEMP B-TREE" not in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", ["document:SCO/CFM/2020/1"])
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "audit_topic_seq" in plan and "Sort" not in plan, plan
