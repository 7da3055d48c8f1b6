"""Publishing from the meeting page: the officer composes the ministers' press release,
reads it in English, Russian and Chinese side by side, saves it and publishes it; then an
anonymous visitor finds it in the registry and in search. The chair composes but does not
publish; the Indian delegate and the Mongolian observer are refused."""

import pytest
from django.db import reset_queries

from concilium.documents.models import Document
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import sco_2020

CFM = "cfm-2020-09-10"
PR = f"{CFM}/press-release"


@pytest.fixture
def records(sco):
    """The 2020 cycle as recorded: the CFM of 10 September with its decisions."""
    sco_2020.load(acting_user=SYSTEM)


def _save(browser, kind="press-release"):
    return browser.post(f"/meetings/{CFM}/publish/{kind}/save")


@pytest.mark.django_db
class TestComposeAndPublish:
    def test_the_preview_shows_every_language_side_by_side(self, as_officer, records):
        html = as_officer.get(f"/meetings/{CFM}/publish/?kind=press-release").content.decode()
        preview = html[html.index('id="preview"'):]
        assert preview.count("<article") == 3
        assert 'lang="en"' in preview and 'lang="ru"' in preview and 'lang="zh"' in preview
        assert "Sergey Lavrov" in preview and "Сергея Лаврова" in preview
        assert "上合组织成员国外长理事会会议新闻公报" in preview

    def test_saved_then_published_it_is_public_in_the_registry_and_search(
            self, as_officer, client, records):
        assert _save(as_officer).status_code == 302
        doc = Document.objects.get(symbol=PR)
        assert doc.classification == "members"
        assert PR not in client.get("/registry/").content.decode()
        page = as_officer.get(f"/meetings/{CFM}/publish/").content.decode()
        assert f'action="/publish/{PR}"' in page
        r = as_officer.post(f"/publish/{PR}", {"expected_version": doc.version,
                                               "meeting": CFM, "kind": "press-release"})
        assert r.status_code == 302
        assert Document.objects.get(symbol=PR).classification == "public"
        assert PR in client.get("/registry/").content.decode()
        found = client.get("/search/", {"q": "Lavrov"}).content.decode()
        assert PR in found

    def test_a_stale_publish_is_a_conflict_and_nothing_changes(self, as_officer, records):
        _save(as_officer)
        doc = Document.objects.get(symbol=PR)
        r = as_officer.post(f"/publish/{PR}", {"expected_version": doc.version + 1,
                                               "meeting": CFM, "kind": "press-release"})
        assert r.status_code == 409 and "Reload" in r.content.decode()
        assert Document.objects.get(symbol=PR).classification == "members"

    def test_only_a_composed_text_is_published_here(self, as_officer, records):
        symbol = "SCO/CFM/2020/REP.1"
        before = Document.objects.filter(symbol=symbol).values_list("classification",
                                                                      flat=True).first()
        r = as_officer.post(f"/publish/{symbol}", {"meeting": CFM})
        assert r.status_code == 422 and "not a press release" in r.content.decode()
        assert Document.objects.get(symbol=symbol).classification == before

    def test_an_unknown_kind_is_refused(self, as_officer, records):
        assert as_officer.get(f"/meetings/{CFM}/publish/?kind=speech").status_code == 422

    def test_the_chair_composes_but_the_secretariat_publishes(self, as_officer, as_chair,
                                                              records):
        assert as_chair.get(f"/meetings/{CFM}/publish/").status_code == 200
        _save(as_officer)
        page = as_chair.get(f"/meetings/{CFM}/publish/").content.decode()
        assert f'action="/publish/{PR}"' not in page and "The Secretariat publishes." in page
        assert as_chair.post(f"/publish/{PR}", {"meeting": CFM}).status_code == 403
        assert Document.objects.get(symbol=PR).classification == "members"

    @pytest.mark.parametrize("who", ["as_india", "as_observer", "client"])
    def test_others_are_refused(self, request, as_officer, records, who):
        _save(as_officer)
        browser = request.getfixturevalue(who)
        before = Document.objects.count()
        assert browser.get(f"/meetings/{CFM}/publish/").status_code == 403
        assert _save(browser).status_code == 403
        assert browser.post(f"/publish/{PR}", {"meeting": CFM}).status_code == 403
        assert Document.objects.count() == before
        assert Document.objects.get(symbol=PR).classification == "members"

    def test_the_minutes_load_on_the_meeting_page(self, client, records):
        html = client.get(f"/meetings/{CFM}/minutes/", HTTP_HX_REQUEST="true").content.decode()
        assert "<pre" in html and "<html" not in html
        assert client.get(f"/meetings/{CFM}/minutes/").status_code == 200

    def test_the_page_costs_the_same_for_more_saved_texts(self, as_officer, records,
                                                         django_assert_max_num_queries):
        _save(as_officer)
        reset_queries()  # the log keeps at most 9000 queries: count from empty
        with django_assert_max_num_queries(200) as few:
            as_officer.get(f"/meetings/{CFM}/publish/")
        first = len(few.captured_queries)
        for kind in ("press-release", "minutes", "communique"):
            _save(as_officer, kind)
        reset_queries()  # the log keeps at most 9000 queries: count from empty
        with django_assert_max_num_queries(first):
            as_officer.get(f"/meetings/{CFM}/publish/")
