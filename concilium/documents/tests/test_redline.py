"""Redlines between two versions, in English, Russian and Chinese."""

import pytest

from concilium.core.errors import ValidationFailed
from concilium.documents import selectors, services
from concilium.documents.tests.conftest import SEPT_10_2020

SYM = "SCO/CFM/2020/DRAFT.1"


@pytest.fixture
def revised(draft, russian_chair):
    """Rev.1..3: the chair's texts for paragraph 2 in each language."""
    for lang, text in [
        ("en", "The Member States firmly condemn terrorism in all its forms."),
        ("ru", "Государства-члены решительно осуждают терроризм во всех формах."),
        ("zh", "成员国坚决谴责一切形式的恐怖主义。"),
    ]:
        services.chair_text_table(symbol=SYM, paragraph=2, lang=lang, text=text,
                                  on=SEPT_10_2020, acting_user=russian_chair)
    draft.refresh_from_db()
    return draft


def test_english_redline_is_word_by_word(revised):
    """Rev.0 → Rev.3 in English: the bracketed word replaced by the chair's word."""
    result = selectors.document_redline(revised, from_rev=0, to_rev=3, lang="en")
    assert result.as_text().splitlines()[1] == (
        "~ 2. The Member States [-[strongly]-]{+firmly+} condemn terrorism in all its forms.")
    assert "<del>[strongly]</del><ins>firmly</ins>" in result.as_html()
    assert result.stats == {"inserted_words": 1, "deleted_words": 1, "changed_paragraphs": 1}


def test_russian_redline(revised):
    """In Russian the brackets are lifted and a word dropped: only deletions show, and the
    runs spell both versions exactly."""
    result = selectors.document_redline(revised, from_rev=0, to_rev=3, lang="ru")
    p2 = result.as_json()["paragraphs"][1]
    old = "".join(r["text"] for r in p2["runs"] if r["op"] != "insert")
    new = "".join(r["text"] for r in p2["runs"] if r["op"] != "delete")
    assert old == "Государства-члены [решительно] осуждают терроризм во всех его формах."
    assert new == "Государства-члены решительно осуждают терроризм во всех формах."
    assert {r["op"] for r in p2["runs"]} == {"equal", "delete"}
    assert "[-[-]решительно[-]-]" in result.as_text()
    assert result.as_text().splitlines()[0].startswith("  1. Государства-члены подтверждают")


def test_chinese_redline_is_character_by_character(revised):
    result = selectors.document_redline(revised, from_rev=0, to_rev=3, lang="zh")
    runs = result.as_json()["paragraphs"][1]["runs"]
    assert {"op": "insert", "text": "坚决"} in runs
    assert any(r["op"] == "delete" and "强烈" in r["text"] for r in runs)
    assert result.as_json()["paragraphs"][0]["kind"] == "equal"


def test_unknown_version_names_the_field(revised):
    with pytest.raises(ValidationFailed) as e:
        selectors.document_redline(revised, from_rev=0, to_rev=9)
    assert e.value.field == "to"
