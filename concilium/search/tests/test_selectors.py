"""Searching the archive: word forms, Chinese substrings, snippets, access and filters."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concilium.core.errors import ValidationFailed
from concilium.documents.models import ParagraphText
from concilium.rules.permissions import PUBLIC, SYSTEM, Classification
from concilium.search.backends import BLOCK
from concilium.search.selectors import search
from concilium.search.services import index_rebuild
from concilium.search.tests.factories import (
    forget,
    make_decision,
    make_document,
    make_meeting,
    touch,
)

pytestmark = pytest.mark.django_db

MEMBERS, RELEASED = Classification.MEMBERS, Classification.RELEASED


def found(results):
    return [(r.kind, r.symbol, r.paragraph, r.lang) for r in results]


def test_a_russian_word_is_found_in_another_grammatical_form(sco):
    """Stemming on both sides: "наркотические" finds "наркотических", "терроризм" finds
    "терроризма", and the snippet marks the form as written."""
    make_document({"ru": "Борьба с незаконным оборотом наркотических средств."},
                  {"ru": "Осуждаем все проявления терроризма."}, symbol="SCO/RU/1")
    (hit,) = search(actor=SYSTEM, q="наркотические")
    assert found([hit]) == [("paragraph", "SCO/RU/1", 1, "ru")]
    assert hit.snippet == "Борьба с незаконным оборотом <mark>наркотических</mark> средств."
    (hit,) = search(actor=SYSTEM, q="терроризм")
    assert hit.paragraph == 2 and "<mark>терроризма</mark>" in hit.snippet


def test_a_chinese_word_is_found_inside_a_paragraph(sco):
    """Chinese has no spaces: a two-character word inside a run of characters is found."""
    make_document({"zh": "加强安全合作的声明"}, {"zh": "和平与发展"}, symbol="SCO/ZH/1")
    (hit,) = search(actor=SYSTEM, q="合作")
    assert (hit.symbol, hit.paragraph, hit.lang) == ("SCO/ZH/1", 1, "zh")
    assert hit.snippet == "加强安全<mark>合作</mark>的声明"
    assert [r.paragraph for r in search(actor=SYSTEM, q="安全合作")] == [1]
    assert search(actor=SYSTEM, q="合平") == []


def test_one_chinese_character_finds_every_word_it_is_part_of(sco):
    make_document({"zh": "加强安全合作"}, {"zh": "和平与发展"}, {"zh": "经济"})
    assert sorted(r.paragraph for r in search(actor=SYSTEM, q="平")) == [2]
    assert search(actor=SYSTEM, q="作")[0].snippet == "加强安全合<mark>作</mark>"


def test_an_english_word_is_found_in_another_form(sco):
    make_document({"en": "Member States welcome the cooperation in transport."})
    (hit,) = search(actor=SYSTEM, q="cooperating state")
    assert hit.snippet == "Member <mark>States</mark> welcome the <mark>cooperation</mark> in transport."


def test_every_word_of_the_query_must_occur(sco):
    make_document({"en": "Security cooperation."}, {"en": "Economic cooperation."})
    assert [r.paragraph for r in search(actor=SYSTEM, q="economic cooperation")] == [2]


def test_titles_are_searched_in_every_language(sco):
    make_document({"en": "Text."}, titles={"en": "Statement on Afghanistan",
                                           "ru": "Заявление по Афганистану", "zh": "关于阿富汗的声明"})
    assert {(r.kind, r.lang) for r in search(actor=SYSTEM, q="Афганистан")} == {("title", "ru")}
    assert {(r.kind, r.lang) for r in search(actor=SYSTEM, q="阿富汗")} == {("title", "zh")}


def test_bracketed_text_is_searched_without_its_notation(sco):
    """Paragraphs are stored in bracket notation; the snippet shows the clean reading."""
    make_document({"en": "States [shall]{IND} combat [Option 1: terrorism | Option 2: extremism]."})
    (hit,) = search(actor=SYSTEM, q="extremism")
    assert hit.snippet == "States shall combat terrorism / <mark>extremism</mark>."


def test_an_observer_never_finds_a_members_only_document(sco, mongolian_observer):
    """Nor its title, nor its paragraphs; a released document is found."""
    make_document({"en": "Secret terrorism annex."}, titles={"en": "Terrorism annex"},
                  classification=MEMBERS, symbol="SCO/M/1")
    make_document({"en": "Released terrorism report."}, classification=RELEASED,
                  symbol="SCO/R/1")
    assert {r.symbol for r in search(actor=mongolian_observer, q="terrorism")} == {"SCO/R/1"}


def test_the_public_finds_only_public_documents(sco):
    for level in Classification:
        make_document({"en": "Terrorism."}, classification=level, symbol=f"SCO/{level}")
    assert {r.symbol for r in search(actor=PUBLIC, q="terrorism")} == {"SCO/public"}


def test_members_and_the_secretariat_find_everything(sco, indian_delegate, secretariat_officer):
    for level in Classification:
        make_document({"en": "Terrorism."}, classification=level, symbol=f"SCO/{level}")
    everything = {"SCO/public", "SCO/released", "SCO/members"}
    assert {r.symbol for r in search(actor=indian_delegate, q="terrorism")} == everything
    assert {r.symbol for r in search(actor=secretariat_officer, q="terrorism")} == everything


def test_filters_by_body_type_year_status_and_language(sco):
    make_document({"en": "Peace.", "ru": "Мир."}, symbol="CFM", body="cfm", year=2019)
    make_document({"en": "Peace."}, symbol="CHS", body="cnc", approving_body="chs",
                  doc_type="declaration", status="adopted", year=2020)
    symbols = lambda **f: sorted(r.symbol for r in search(actor=SYSTEM, q="peace", **f))  # noqa: E731
    assert symbols() == ["CFM", "CHS"]
    assert symbols(body="cfm") == ["CFM"]
    assert symbols(body="chs") == ["CHS"], "the approving body counts too"
    assert symbols(doc_type="declaration") == ["CHS"]
    assert symbols(year=2019) == ["CFM"]
    assert symbols(status="adopted") == ["CHS"]
    assert symbols(lang="ru") == []
    assert [r.lang for r in search(actor=SYSTEM, q="мир", lang="ru")] == ["ru"]


def test_a_document_year_is_that_of_its_latest_decision(sco):
    document = make_document({"en": "Peace."}, year=2019)
    make_decision(meeting=make_meeting(date=dt.date(2020, 9, 10)), texts={}, document=document)
    assert [r.symbol for r in search(actor=SYSTEM, q="peace", year=2020)] == [document.symbol]


def test_decisions_and_agenda_items_are_searched(sco, mongolian_observer):
    """Meeting records without a document are read like a released document."""
    meeting = make_meeting(agenda=[{"en": "On the situation in Afghanistan",
                                    "ru": "О положении в Афганистане"}])
    meeting.agenda.update(notes={"en": "The ministers discussed the Kabul airport."})
    make_decision(meeting=meeting, texts={"en": "The Council took note of the report on "
                                                "drug trafficking.",
                                          "zh": "理事会注意到关于毒品贩运的报告。"})
    assert found(search(actor=mongolian_observer, q="афганистан")) == [("agenda", "", None, "ru")]
    (hit,) = search(actor=mongolian_observer, q="trafficking")
    assert (hit.kind, hit.meeting) == ("decision", "cfm-2020-09-10")
    assert [r.kind for r in search(actor=SYSTEM, q="毒品")] == ["decision"]
    assert search(actor=PUBLIC, q="trafficking") == []
    (hit,) = search(actor=SYSTEM, q="airport")
    assert hit.kind == "agenda" and "<mark>airport</mark>" in hit.snippet


def test_a_decision_on_a_document_is_read_as_the_document(sco, mongolian_observer):
    secret = make_document({"en": "Text."}, classification=MEMBERS)
    make_decision(meeting=make_meeting(), document=secret, texts={"en": "Adopted the annex."})
    assert search(actor=mongolian_observer, q="annex") == []
    assert [r.symbol for r in search(actor=SYSTEM, q="annex")] == [secret.symbol]


def test_the_index_follows_changes_without_being_told(sco, mongolian_observer):
    """New documents, edited texts, deleted paragraphs, changed classifications and deleted
    documents are seen at the next search: every service write leaves an audit record."""
    document = make_document({"en": "Energy cooperation."}, classification=MEMBERS)
    assert search(actor=mongolian_observer, q="energy") == []
    document.classification, document.version = RELEASED, 1
    touch(document)
    assert len(search(actor=mongolian_observer, q="energy")) == 1
    text = ParagraphText.objects.get(paragraph__document=document)
    text.text, text.edit_seq = "Transport cooperation.", 2
    text.save()
    touch(document)
    assert search(actor=SYSTEM, q="energy") == []
    assert len(search(actor=SYSTEM, q="transport")) == 1
    document.paragraphs.update(deleted=True)
    touch(document)
    assert search(actor=SYSTEM, q="transport") == []
    forget(document)
    assert search(actor=SYSTEM, q="cooperation") == []


def test_a_write_behind_the_services_back_is_seen_after_a_reindex(sco):
    """No audit record, no change seen; `concilium search --reindex` catches up."""
    document = make_document({"en": "Energy."})
    assert len(search(actor=SYSTEM, q="energy")) == 1
    ParagraphText.objects.filter(paragraph__document=document).update(text="Transport.")
    assert len(search(actor=SYSTEM, q="energy")) == 1
    index_rebuild()
    assert search(actor=SYSTEM, q="energy") == []
    assert len(search(actor=SYSTEM, q="transport")) == 1


def test_nothing_changed_costs_no_query_besides_the_search(sco):
    """The search reads the index's freshness in its own statement, with or without hits."""
    make_document({"en": "Energy."})
    search(actor=SYSTEM, q="energy")
    for word in ("energy", "hydrogen"):
        with CaptureQueriesContext(connection) as queries:
            search(actor=SYSTEM, q=word)
        assert len(queries.captured_queries) == 1, word


def test_queries_per_search_do_not_depend_on_the_number_of_results(sco):
    make_document({"en": "Rare word."})
    make_document(*({"en": f"Common word {i}."} for i in range(30)))
    search(actor=SYSTEM, q="word")  # bring the index up to date
    with CaptureQueriesContext(connection) as one:
        assert len(search(actor=SYSTEM, q="rare")) == 1
    with CaptureQueriesContext(connection) as many:
        assert len(search(actor=SYSTEM, q="common", limit=25)) == 25
    assert len(one.captured_queries) == len(many.captured_queries) == 1


def test_an_empty_query_is_refused_naming_q(sco):
    with pytest.raises(ValidationFailed) as refused:
        search(actor=SYSTEM, q="  ")
    assert refused.value.field == "q"
    with pytest.raises(ValidationFailed) as refused:
        search(actor=SYSTEM, q="!?")
    assert refused.value.field == "q"


def test_a_bad_year_or_limit_is_refused_naming_the_field(sco):
    for field, value in (("year", "twenty"), ("limit", 0), ("limit", 1000)):
        with pytest.raises(ValidationFailed) as refused:
            search(actor=SYSTEM, q="peace", **{field: value})
        assert refused.value.field == field


def test_the_best_match_comes_first(sco):
    """Rank: more occurrences in a shorter text rank higher (bm25 on SQLite, ts_rank on
    PostgreSQL); ranks are comparable within one search."""
    make_document({"en": "Ministers discussed transport, trade, customs, tourism and energy."},
                  {"en": "Energy and energy security."}, symbol="SCO/E")
    results = search(actor=SYSTEM, q="energy")
    assert [r.paragraph for r in results] == [2, 1]
    assert results[0].rank > results[1].rank


@pytest.mark.postgresql
def test_entries_in_distant_blocks_of_ids_are_found_with_the_same_ranks(sco):
    """PostgreSQL reads its index block of ids after block (search.backends.BLOCK): entries
    moved into later blocks, one block left empty between them, are found as before, with
    the same ranks, order and snippets; a Russian word form and a Chinese phrase as well."""
    make_document({"en": "Transport."}, {"en": "Transport corridors and transport links."},
                  {"en": "Energy, trade and transport."},
                  {"ru": "Осуждаем все проявления терроризма.", "zh": "加强安全合作的声明"},
                  symbol="SCO/BLOCKS/1")
    queries = ("transport", "терроризм", "安全合作")
    before = {q: [(r.paragraph, r.lang, r.rank, r.snippet) for r in search(actor=SYSTEM, q=q)]
              for q in queries}
    with connection.cursor() as cursor:
        for number, block in ((2, 1), (3, 3), (4, 3)):
            cursor.execute("UPDATE search_entry SET id = id + %s WHERE kind = 'paragraph' "
                           "AND number = %s", [block * BLOCK, number])
        cursor.execute("SELECT COUNT(DISTINCT id / %s) FROM search_entry", [BLOCK])
        assert cursor.fetchone() == (3,)
    after = {q: [(r.paragraph, r.lang, r.rank, r.snippet) for r in search(actor=SYSTEM, q=q)]
             for q in queries}
    assert after == before
    assert sorted(p for p, *_ in after["transport"]) == [1, 2, 3]
    assert [p for p, *_ in after["терроризм"]] == [4] and after["安全合作"][0][:2] == (4, "zh")
