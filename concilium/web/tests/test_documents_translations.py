"""Translations in the browser: what is missing or out of date, entered or uploaded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from concilium.audit.models import AuditRecord
from concilium.documents import selectors, services
from concilium.documents.models import Document
from concilium.rules.permissions import SYSTEM
from concilium.web.sample import sample_document
from concilium.web.tests.conftest import signed_in

pytestmark = pytest.mark.django_db
URL = "/documents/translations/SCO/CFM/2020/EN"


@pytest.fixture
def english_only(sco):
    return services.document_create(
        doc_type="cfm-statement", body="cfm", lang="en", symbol="SCO/CFM/2020/EN",
        paragraphs=["The Ministers met.", "They [welcomed] the report."],
        titles={"en": "An English draft"}, acting_user=SYSTEM)


def _statuses(symbol, lang):
    doc = Document.objects.get(symbol=symbol)
    return [p.texts[lang].status for p in selectors.document_paragraphs(doc)]


def test_the_page_lists_the_missing_paragraphs_per_language(as_officer, english_only):
    html = as_officer.get(URL + "?lang=ru").content.decode()
    assert "2 missing, 0 out of date" in html
    assert 'name="text-1"' in html and 'name="text-2"' in html
    assert "The Ministers met." in html


def test_entering_every_paragraph_clears_the_language(as_officer, english_only):
    response = as_officer.post(URL, {"lang": "ru", "expected_version": 0,
                                     "text-1": "Министры встретились.",
                                     "text-2": "Они [приветствовали] доклад."})
    assert response.status_code == 302
    assert _statuses("SCO/CFM/2020/EN", "ru") == ["current", "current"]
    assert _statuses("SCO/CFM/2020/EN", "en") == ["current", "current"]  # nothing flagged
    html = as_officer.get(URL + "?lang=ru").content.decode()
    assert "Every paragraph is up to date in Russian." in html


def test_an_edit_of_the_original_makes_the_translation_out_of_date(as_officer, english_only):
    as_officer.post(URL, {"lang": "ru", "expected_version": 0, "text-1": "Министры встретились.",
                          "text-2": "Они [приветствовали] доклад."})
    services.paragraph_text_set(symbol="SCO/CFM/2020/EN", paragraph=1, lang="en",
                                text="The Ministers met in Moscow.", expected_version=None,
                                acting_user=SYSTEM)
    html = as_officer.get(URL + "?lang=ru").content.decode()
    assert "0 missing, 1 out of date" in html and 'name="text-1"' in html
    assert 'name="text-2"' not in html


def test_a_file_fills_the_fields_and_writes_nothing_until_saved(as_officer, english_only):
    before = AuditRecord.objects.count()
    upload = SimpleUploadedFile("ru.txt", "Министры встретились.\n\nОни доклад.\n".encode())
    response = as_officer.post(URL, {"lang": "ru", "expected_version": 0, "file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "Министры встретились.</textarea>" in html
    assert AuditRecord.objects.count() == before


def test_a_file_with_another_number_of_paragraphs_is_refused_at_the_file(as_officer,
                                                                       english_only):
    upload = SimpleUploadedFile("ru.txt", "Только один абзац.".encode())
    response = as_officer.post(URL, {"lang": "ru", "expected_version": 0, "file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="file-error"' in html and "has 1 paragraphs; the document has 2" in html


def test_bad_notation_is_shown_at_its_paragraph_and_nothing_is_written(as_officer,
                                                                     english_only):
    before = AuditRecord.objects.count()
    response = as_officer.post(URL, {"lang": "ru", "expected_version": 0,
                                     "text-1": "Министры встретились.",
                                     "text-2": "Они [приветствовали доклад."})
    html = response.content.decode()
    assert response.status_code == 422 and 'id="text-2-error"' in html
    assert "Они [приветствовали доклад.</textarea>" in html  # kept as typed
    assert AuditRecord.objects.count() == before
    assert _statuses("SCO/CFM/2020/EN", "ru") == ["missing", "missing"]


def test_a_stale_version_is_a_conflict(as_officer, english_only):
    response = as_officer.post(URL, {"lang": "ru", "expected_version": 7, "text-1": "Текст."})
    assert response.status_code == 409 and "Reload" in response.content.decode()


def test_a_delegate_is_refused_and_an_observer_does_not_see_it(as_india, as_observer,
                                                             english_only):
    assert as_india.get(URL).status_code == 403
    assert as_india.post(URL, {"lang": "ru", "text-1": "Текст."}).status_code == 403
    assert as_observer.get(URL).status_code == 403
    assert _statuses("SCO/CFM/2020/EN", "ru") == ["missing", "missing"]


def test_an_unknown_document_is_not_found(as_officer, sco):
    assert as_officer.get("/documents/translations/NO/SUCH").status_code == 404


def test_query_count_does_not_grow_with_paragraphs(as_officer, sco,
                                                   django_assert_max_num_queries):
    sample_document(symbol="S/1", paragraphs=3, positions=False)
    with django_assert_max_num_queries(12) as few:
        as_officer.get("/documents/translations/S/1?all=1")
    sample_document(symbol="S/2", paragraphs=60, positions=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_officer.get("/documents/translations/S/2?all=1")


def test_saving_costs_the_same_for_two_or_forty_paragraphs(as_officer, sco,
                                                            django_assert_max_num_queries):
    for symbol, n in (("T/1", 2), ("T/2", 40)):
        services.document_create(doc_type="cfm-statement", body="cfm", lang="en", symbol=symbol,
                                 paragraphs=[f"Text {i}." for i in range(n)], titles={},
                                 acting_user=SYSTEM)
    with django_assert_max_num_queries(40) as few:
        as_officer.post("/documents/translations/T/1",
                        {"lang": "zh", **{f"text-{i}": f"文本{i}。" for i in range(1, 3)}})
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_officer.post("/documents/translations/T/2",
                        {"lang": "zh", **{f"text-{i}": f"文本{i}。" for i in range(1, 41)}})
    assert _statuses("T/2", "zh") == ["current"] * 40


def test_the_api_sets_a_translation_and_says_what_is_left(secretariat_officer, english_only):
    client = signed_in("officer")
    response = client.put("/api/translations/zh/SCO/CFM/2020/EN",
                          {"texts": {"1": "部长们举行了会议。"}, "expected_version": 0},
                          content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["missing"] == [2] and response.json()["version"] == 1
    bad = client.put("/api/translations/zh/SCO/CFM/2020/EN", {"texts": {"9": "文本。"}},
                     content_type="application/json")
    assert bad.status_code == 422 and bad.json()["field"] == "texts.9"


def test_the_api_refuses_a_delegate(indian_delegate, english_only):
    response = signed_in("india").put("/api/translations/ru/SCO/CFM/2020/EN",
                                      {"texts": {"1": "Текст."}}, content_type="application/json")
    assert response.status_code == 403
