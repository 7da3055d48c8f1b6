"""Specification of redlines: word-level differences in English, Russian and Chinese."""

from __future__ import annotations

from itertools import pairwise
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concilium.rules import redline as r
from concilium.rules.redline import (
    ChangeKind,
    Op,
    ParagraphChange,
    Run,
    count_words,
    diff_document,
    diff_text,
    render_html,
    render_text,
    stats,
    tokenize,
)

DEL, INS, EQ = Op.DELETE, Op.INSERT, Op.EQUAL


def runs(*pairs: tuple[Op, str]) -> tuple[Run, ...]:
    """Runs written compactly."""
    return tuple(Run(op, text) for op, text in pairs)


def old_side(result: tuple[Run, ...]) -> str:
    """The old text, spelled by the equal and deleted runs."""
    return "".join(run.text for run in result if run.op is not INS)


def new_side(result: tuple[Run, ...]) -> str:
    """The new text, spelled by the equal and inserted runs."""
    return "".join(run.text for run in result if run.op is not DEL)


# --- Tokens ---------------------------------------------------------------


def test_english_tokens_are_words_spaces_and_punctuation():
    """Words, single whitespace runs and single punctuation characters are the tokens."""
    assert tokenize("Parties  shall, inter alia.", "en") == [
        "Parties",
        "  ",
        "shall",
        ",",
        " ",
        "inter",
        " ",
        "alia",
        ".",
    ]


def test_russian_tokens_are_words():
    """Cyrillic words are whole tokens."""
    assert tokenize("Стороны укрепляют сотрудничество.", "ru") == [
        "Стороны",
        " ",
        "укрепляют",
        " ",
        "сотрудничество",
        ".",
    ]


def test_combining_marks_stay_inside_words():
    """A word written with a combining accent (decomposed 'й') is still one token."""
    assert tokenize("мои\u0306 друг", "ru") == ["мои\u0306", " ", "друг"]


def test_chinese_tokens_are_characters_with_latin_words_kept():
    """Each CJK character is a token; runs of Latin letters or digits stay words."""
    assert tokenize("上合组织SCO成立于2001年。", "zh") == [
        "上",
        "合",
        "组",
        "织",
        "SCO",
        "成",
        "立",
        "于",
        "2001",
        "年",
        "。",
    ]


@pytest.mark.parametrize("lang", ["zh", "zh-Hans", "ja", "ko_KR", "KO"])
def test_cjk_languages_compare_characters(lang):
    """Chinese, Japanese and Korean, with any region or script suffix, compare characters."""
    assert tokenize("합의하다", lang) == ["합", "의", "하", "다"]


def test_cjk_dominated_text_compares_characters_whatever_the_language():
    """Text dominated by CJK characters is compared by character even under another language code."""
    assert tokenize("加强合作", "en") == ["加", "强", "合", "作"]
    assert tokenize("the principle of 和谐 in our relations", "en")[6] == "和谐"


@given(st.text(), st.sampled_from(["en", "ru", "zh"]))
def test_tokens_spell_the_text(text, lang):
    """Tokens always concatenate back to the text, in every language."""
    assert "".join(tokenize(text, lang)) == text


# --- Paragraph differences ------------------------------------------------


def test_chinese_replacement_is_character_level():
    """'加强合作' → '深化合作' deletes '加强' and inserts '深化', keeping '合作'."""
    assert diff_text("加强合作", "深化合作", "zh") == runs(
        (DEL, "加强"), (INS, "深化"), (EQ, "合作")
    )


def test_chinese_single_character_change():
    """Only the characters that differ are marked in Chinese."""
    assert diff_text("各方应当加强安全合作。", "各方应当加强经济合作。", "zh") == runs(
        (EQ, "各方应当加强"), (DEL, "安全"), (INS, "经济"), (EQ, "合作。")
    )


def test_russian_word_replacement():
    """A Russian word replaced by another is one deletion and one insertion of whole words."""
    assert diff_text(
        "Стороны будут укреплять сотрудничество.", "Стороны будут развивать сотрудничество.", "ru"
    ) == runs(
        (EQ, "Стороны будут "), (DEL, "укреплять"), (INS, "развивать"), (EQ, " сотрудничество.")
    )


def test_english_word_insertion():
    """An inserted English word appears as one insertion, its space included."""
    assert diff_text("Parties shall cooperate.", "Parties shall closely cooperate.", "en") == runs(
        (EQ, "Parties shall "), (INS, "closely "), (EQ, "cooperate.")
    )


def test_changed_word_is_replaced_whole_not_by_letters():
    """Outside CJK, a word that changes is replaced as a whole word."""
    assert diff_text("the principle", "the principles", "en") == runs(
        (EQ, "the "), (DEL, "principle"), (INS, "principles")
    )


def test_space_between_replaced_words_is_folded_into_the_replacement():
    """Consecutive replaced words read as one replacement rather than word by word."""
    assert diff_text("the big dog barks", "a small cat barks", "en") == runs(
        (DEL, "the big dog"), (INS, "a small cat"), (EQ, " barks")
    )


def test_whitespace_change_keeps_the_words():
    """A line break replacing a space is shown as a whitespace change, the words kept."""
    assert diff_text("Article 1 Parties", "Article 1\nParties", "en") == runs(
        (EQ, "Article 1"), (DEL, " "), (INS, "\n"), (EQ, "Parties")
    )


def test_leading_whitespace_and_punctuation():
    """Leading spaces and punctuation are tokens like any other."""
    assert diff_text("  Parties, shall", " Parties; shall", "en") == runs(
        (DEL, "  "), (INS, " "), (EQ, "Parties"), (DEL, ","), (INS, ";"), (EQ, " shall")
    )


def test_identical_and_empty_texts():
    """Equal texts give one equal run; empty sides give a pure insertion or deletion."""
    assert diff_text("same", "same", "en") == runs((EQ, "same"))
    assert diff_text("", "", "en") == ()
    assert diff_text("", "new", "en") == runs((INS, "new"))
    assert diff_text("old", "", "en") == runs((DEL, "old"))


def test_long_paragraph_takes_the_fast_path():
    """A block over FAST_PATH_TOKENS tokens goes to diff-match-patch and stays exact."""
    words = [f"word{k % 700}" for k in range(1_500)]  # 2,999 tokens with the spaces
    old = " ".join(words)
    edited = list(words)
    edited[10], edited[1_200] = "alpha", "omega"
    del edited[600]
    new = " ".join(edited)
    assert len(tokenize(old, "en")) == 2_999
    with mock.patch.object(
        r.fast_diff_match_patch, "diff", wraps=r.fast_diff_match_patch.diff
    ) as fast:
        result = diff_text(old, new, "en")
    assert fast.call_count == 1
    assert (old_side(result), new_side(result)) == (old, new)
    assert [run.text.strip() for run in result if run.op is DEL] == ["word10", "word600", "word500"]
    assert [run.text for run in result if run.op is INS] == ["alpha", "omega"]


def test_ordinary_paragraph_uses_difflib_not_the_fast_path():
    """Paragraphs of ordinary length are compared with difflib."""
    with mock.patch.object(r.fast_diff_match_patch, "diff") as fast:
        diff_text("Parties shall cooperate.", "Parties may cooperate.", "en")
    fast.assert_not_called()


# --- Properties of paragraph differences ----------------------------------

VOCABULARY = {
    "en": ["the", "Parties", "shall", "may", "cooperate", "security", ",", ".", " ", "  ", "\n"],
    "ru": ["Стороны", "будут", "укреплять", "сотрудничество", "безопасность", ",", ".", " "],
    "zh": ["加", "强", "深", "化", "合", "作", "安", "全", "SCO", "2001", "，", "。"],
}


@st.composite
def text_pairs(draw):
    """A language and two texts drawn from its vocabulary, the second often an edit of the first."""
    lang = draw(st.sampled_from(sorted(VOCABULARY)))
    pieces = st.lists(st.sampled_from(VOCABULARY[lang]), max_size=30)
    old = draw(pieces)
    new = list(old)
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(new)))
        if draw(st.booleans()) and at < len(new):
            del new[at]
        else:
            new.insert(at, draw(st.sampled_from(VOCABULARY[lang])))
    if draw(st.booleans()):
        new = draw(pieces)
    return lang, "".join(old), "".join(new)


def check_runs(result: tuple[Run, ...], old: str, new: str) -> None:
    """The invariants every diff must satisfy."""
    assert old_side(result) == old
    assert new_side(result) == new
    assert all(run.text for run in result)
    assert all(a.op != b.op for a, b in pairwise(result))
    # Between two equal runs: at most one deletion, then at most one insertion.
    assert all(not (a.op is INS and b.op is DEL) for a, b in pairwise(result))


@settings(max_examples=300)
@given(text_pairs())
def test_runs_spell_both_texts(case):
    """Equal+deleted runs give the old text, equal+inserted the new; adjacent runs differ in op."""
    lang, old, new = case
    check_runs(diff_text(old, new, lang), old, new)


@given(text_pairs())
def test_fast_path_satisfies_the_same_invariants(case):
    """The diff-match-patch path obeys the same invariants as the difflib one."""
    lang, old, new = case
    with mock.patch.object(r, "FAST_PATH_TOKENS", 0):
        check_runs(diff_text(old, new, lang), old, new)


@given(st.text(max_size=40), st.text(max_size=40))
def test_runs_spell_any_texts(old, new):
    """The invariants hold for arbitrary Unicode, including private-use characters."""
    check_runs(diff_text(old, new, "en"), old, new)
    with mock.patch.object(r, "FAST_PATH_TOKENS", 0):
        check_runs(diff_text(old, new, "zh"), old, new)


# --- Documents ------------------------------------------------------------


def test_document_changes_follow_the_new_order_with_deletions_after_their_predecessor():
    """Same keys are compared, new keys inserted, missing keys deleted right after their predecessor."""
    old = [
        ("a", "Preamble."),
        ("b", "Parties shall cooperate."),
        ("c", "Removed."),
        ("d", "Final."),
    ]
    new = [
        ("z", "New opening."),
        ("a", "Preamble."),
        ("b", "Parties may cooperate."),
        ("d", "Final."),
    ]
    changes = diff_document(old, new, "en")
    assert [(c.key, c.kind, c.number_old, c.number_new) for c in changes] == [
        ("z", "insert", None, 1),
        ("a", "equal", 1, 2),
        ("b", "change", 2, 3),
        ("c", "delete", 3, None),
        ("d", "equal", 4, 4),
    ]
    assert changes[0].runs == runs((INS, "New opening."))
    assert changes[1].runs == runs((EQ, "Preamble."))
    assert render_text(changes[2].runs) == "Parties [-shall-]{+may+} cooperate."
    assert changes[3].runs == runs((DEL, "Removed."))


def test_deletions_at_the_top_come_first_and_consecutive_ones_keep_their_order():
    """Paragraphs deleted before any surviving one lead the redline, in their old order."""
    old = [("x", "One."), ("y", "Two."), ("a", "Kept."), ("p", "Three."), ("q", "Four.")]
    new = [("a", "Kept.")]
    assert [(c.key, c.kind) for c in diff_document(old, new, "en")] == [
        ("x", "delete"),
        ("y", "delete"),
        ("a", "equal"),
        ("p", "delete"),
        ("q", "delete"),
    ]


def test_a_moved_paragraph_keeps_its_identity():
    """A paragraph that moves keeps its key and is compared with its own earlier text."""
    old = [("a", "Alpha."), ("b", "Beta.")]
    new = [("b", "Beta, amended."), ("a", "Alpha.")]
    changes = diff_document(old, new, "en")
    assert [(c.key, c.kind, c.number_old, c.number_new) for c in changes] == [
        ("b", "change", 2, 1),
        ("a", "equal", 1, 2),
    ]


def test_only_changed_paragraphs_are_compared_word_by_word():
    """Unchanged paragraphs are never tokenized: one edit in a thousand paragraphs is one paragraph diff."""
    old = [(f"p{k}", f"Paragraph {k} text.") for k in range(1_000)]
    new = list(old)
    new[500] = ("p500", "Paragraph 500 amended text.")
    with mock.patch.object(r, "diff_text", wraps=r.diff_text) as compared:
        changes = diff_document(old, new, "en")
    assert compared.call_count == 1
    assert stats(changes) == {"inserted_words": 1, "deleted_words": 0, "changed_paragraphs": 1}


def test_documents_without_keys_are_aligned_by_text():
    """Without keys, unchanged paragraphs anchor the alignment and the others pair up in order."""
    old = [(None, "加强合作。"), (None, "安全。"), (None, "删除。"), (None, "结尾。")]
    new = [(None, "加强合作。"), (None, "经济安全。"), (None, "结尾。"), (None, "新增。")]
    changes = diff_document(old, new, "zh")
    assert [(c.key, c.kind, c.number_old, c.number_new) for c in changes] == [
        ("new:1", "equal", 1, 1),
        ("new:2", "change", 2, 2),
        ("old:3", "delete", 3, None),
        ("new:3", "equal", 4, 3),
        ("new:4", "insert", None, 4),
    ]
    assert changes[1].runs == runs((INS, "经济"), (EQ, "安全。"))


def test_keys_must_be_all_given_or_all_absent():
    """Mixing keyed and unkeyed paragraphs is refused, naming the odd paragraph."""
    with pytest.raises(ValueError) as caught:
        diff_document([("a", "x"), (None, "y")], [("a", "x")], "en")
    assert str(caught.value) == r.MIXED_KEYS.format(number=2, version="old")


def test_duplicate_keys_are_refused():
    """A key used twice in one version is refused."""
    with pytest.raises(ValueError) as caught:
        diff_document([("a", "x")], [("a", "x"), ("a", "y")], "en")
    assert str(caught.value) == r.DUPLICATE_KEY.format(key="a", version="new", first=1, second=2)


def test_empty_documents():
    """Comparing with an empty document inserts or deletes everything."""
    assert diff_document([], [], "en") == ()
    (change,) = diff_document([], [("a", "Text.")], "en")
    assert (change.kind, change.runs) == (ChangeKind.INSERT, runs((INS, "Text.")))
    (change,) = diff_document([(None, "Text.")], [], "en")
    assert (change.kind, change.number_old) == ("delete", 1)


paragraph_texts = st.sampled_from(
    ["Alpha.", "Beta gamma.", "加强合作。", "Стороны.", "", "Delta, epsilon."]
)


@settings(max_examples=200)
@given(
    st.lists(
        st.tuples(st.sampled_from("abcdefgh"), paragraph_texts),
        max_size=8,
        unique_by=lambda p: p[0],
    ),
    st.lists(
        st.tuples(st.sampled_from("abcdefgh"), paragraph_texts),
        max_size=8,
        unique_by=lambda p: p[0],
    ),
    st.booleans(),
)
def test_document_redline_rebuilds_both_versions(old, new, keyed):
    """Read by old numbers a redline gives the old document, read in order it gives the new one."""
    if not keyed:
        old = [(None, text) for _, text in old]
        new = [(None, text) for _, text in new]
    changes = diff_document(old, new, "en")
    in_old = sorted((c for c in changes if c.number_old), key=lambda c: c.number_old)
    assert [c.number_old for c in in_old] == list(range(1, len(old) + 1))
    assert [old_side(c.runs) for c in in_old] == [text for _, text in old]
    in_new = [c for c in changes if c.number_new]
    assert [c.number_new for c in in_new] == list(range(1, len(new) + 1))
    assert [new_side(c.runs) for c in in_new] == [text for _, text in new]
    for change in changes:
        assert (change.kind == "equal") == (
            old_side(change.runs) == new_side(change.runs)
            and change.number_old is not None
            and change.number_new is not None
        )
        if keyed and change.kind != "insert":
            assert old[change.number_old - 1][0] == change.key


# --- Rendering and figures ------------------------------------------------


def test_render_text():
    """Plain-text redlines mark deletions with [-…-] and insertions with {+…+}."""
    assert render_text(runs((EQ, "Parties "), (DEL, "shall"), (INS, "may"), (EQ, "."))) == (
        "Parties [-shall-]{+may+}."
    )


def test_render_html_escapes_text():
    """HTML redlines use <del> and <ins>, and escape every piece of text."""
    assert render_html(runs((EQ, "a < b & "), (DEL, "<script>"), (INS, '"x"'))) == (
        "a &lt; b &amp; <del>&lt;script&gt;</del><ins>&quot;x&quot;</ins>"
    )


def test_stats_count_words_in_every_language():
    """Inserted and deleted words are counted, CJK characters one by one, and changed paragraphs."""
    changes = (
        ParagraphChange(
            "a", 1, 1, ChangeKind.CHANGE, runs((EQ, "Parties "), (DEL, "shall"), (INS, "may well"))
        ),
        ParagraphChange(
            "b", 2, 2, ChangeKind.CHANGE, runs((DEL, "加强"), (INS, "深化"), (EQ, "合作"))
        ),
        ParagraphChange("c", None, 3, ChangeKind.INSERT, runs((INS, "Новый абзац."))),
        ParagraphChange("d", 3, 4, ChangeKind.EQUAL, runs((EQ, "Same."))),
    )
    assert stats(changes) == {"inserted_words": 6, "deleted_words": 3, "changed_paragraphs": 3}


def test_count_words():
    """Words are letter or digit runs; each CJK character is a word of its own."""
    assert count_words("SCO 2001: 上海合作组织, Шанхай.") == 9
