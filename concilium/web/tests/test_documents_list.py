"""The documents list: what each role sees, the filters and their counts, the cost."""

import pytest

from concilium.documents import services
from concilium.rules.permissions import SYSTEM
from concilium.web.sample import sample_document

pytestmark = pytest.mark.django_db


def _documents():
    sample_document(symbol="SCO/CFM/2020/DEMO", positions=False)
    sample_document(symbol="SCO/CFM/2020/PUB", paragraphs=2, positions=False,
                    classification="public", titles={"en": "A public statement"})
    services.document_create(doc_type="cfm-statement", body="cfm", lang="en",
                             paragraphs=["Only in English."], symbol="SCO/CFM/2020/EN",
                             titles={"en": "An English-only draft"}, acting_user=SYSTEM)


def test_the_officer_sees_every_document_with_links_to_its_room(as_officer, sco):
    """Each row links to the document's room; the count says how many documents are shown."""
    _documents()
    html = as_officer.get("/documents/").content.decode()
    for symbol in ("SCO/CFM/2020/DEMO", "SCO/CFM/2020/PUB", "SCO/CFM/2020/EN"):
        assert f'href="/room/{symbol}"' in html
    assert "3 documents of 3 you may read" in html


def test_members_only_documents_are_invisible_to_an_observer_and_the_public(
        client, as_observer, sco):
    _documents()
    for who in (client, as_observer):
        html = who.get("/documents/").content.decode()
        assert "SCO/CFM/2020/PUB" in html
        assert "SCO/CFM/2020/DEMO" not in html and "SCO/CFM/2020/EN" not in html
        assert "1 document of 1 you may read" in html


def test_filter_by_classification_and_translation_with_counts(as_officer, sco):
    """Counts per value follow the other filters; the English-only draft is the one with
    paragraphs to translate."""
    _documents()
    html = as_officer.get("/documents/?translation=incomplete").content.decode()
    assert "SCO/CFM/2020/EN" in html and "SCO/CFM/2020/DEMO" not in html
    assert "1 paragraph to translate" in html
    html = as_officer.get("/documents/?classification=public").content.decode()
    assert "SCO/CFM/2020/PUB" in html and "SCO/CFM/2020/EN" not in html
    assert 'href="?classification=public&amp;translation=complete"' in html


def test_sorted_by_date_or_symbol(as_officer, sco):
    _documents()
    by_symbol = as_officer.get("/documents/").content.decode()
    assert by_symbol.index("SCO/CFM/2020/DEMO") < by_symbol.index("SCO/CFM/2020/EN")
    assert "sort=date" in by_symbol
    assert as_officer.get("/documents/?sort=date").status_code == 200


def test_a_delegate_does_not_get_the_drafting_buttons(as_india, sco):
    _documents()
    html = as_india.get("/documents/").content.decode()
    assert "SCO/CFM/2020/DEMO" in html
    assert "/documents/new" not in html


def test_query_count_does_not_grow_with_documents(as_officer, sco,
                                                  django_assert_max_num_queries):
    sample_document(symbol="A/1", paragraphs=2, positions=False)
    with django_assert_max_num_queries(12) as few:
        as_officer.get("/documents/?sort=date")
    for n in range(2, 8):
        sample_document(symbol=f"A/{n}", paragraphs=10, positions=False)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = as_officer.get("/documents/?sort=date").content.decode()
    assert "A/7" in html


def test_the_list_and_its_menu_entry_speak_russian_and_chinese(as_officer, sco):
    _documents()
    as_officer.cookies["django_language"] = "ru"
    html = as_officer.get("/documents/").content.decode()
    assert ">Документы</a>" in html and "Новый проект" in html and "Учётные записи" in html
    as_officer.cookies["django_language"] = "zh-hans"
    html = as_officer.get("/documents/").content.decode()
    assert ">文件</a>" in html and "导入文件" in html
