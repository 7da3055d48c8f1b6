"""What a stored text may hold, and the symbol grammar, as properties over any string."""

from hypothesis import given
from hypothesis import strategies as st

from concilium.rules.text import (
    MAX_SYMBOL_CHARS,
    first_bad_character,
    first_bad_symbol_character,
)

SYMBOL_CHARS = st.sampled_from("ABCXYZabc0129/.-ШОС上合")


def test_nul_surrogates_and_noncharacters_are_found_at_their_position():
    assert first_bad_character("ab\x00c").position == 3
    assert first_bad_character("a\ud800b").kind == "surrogate"
    assert first_bad_character("x\ufffe").kind == "noncharacter"
    assert first_bad_character("x\U0010ffff").kind == "noncharacter"
    assert first_bad_character("x\ufdd0").kind == "noncharacter"


def test_tabs_new_lines_and_every_script_may_be_stored():
    assert first_bad_character("Line one\r\nline\ttwo — ШОС 上海合作组织 🇮🇳") is None


@given(st.text())
def test_the_reported_character_is_the_first_that_may_not_be_stored(text):
    bad = first_bad_character(text)
    if bad is not None:
        assert ord(text[bad.position - 1]) == bad.codepoint
        assert first_bad_character(text[: bad.position - 1]) is None


def test_symbols_of_the_sco_follow_the_grammar():
    for symbol in ("SCO/CFM/2020/DRAFT.1", "SCO/CHS/2020/STAT-DRUGS", "S9", "ШОС/СМИД/1"):
        assert first_bad_symbol_character(symbol) is None


def test_a_header_injection_is_refused_at_the_quote():
    bad = first_bad_symbol_character('SCO/A"\r\nX-Injected: 1')
    assert (bad.position, chr(bad.codepoint)) == (6, '"')


def test_symbols_begin_and_end_with_a_letter_or_digit():
    assert first_bad_symbol_character("/SCO").position == 1
    assert first_bad_symbol_character("SCO.").position == 4
    assert first_bad_symbol_character("").position == 1
    assert first_bad_symbol_character("A" * (MAX_SYMBOL_CHARS + 1)).position == MAX_SYMBOL_CHARS + 1


@given(st.text())
def test_a_valid_symbol_holds_only_letters_digits_and_the_three_marks(text):
    if first_bad_symbol_character(text) is None:
        assert all(ch.isalnum() or ch in "/.-" for ch in text)
        assert 1 <= len(text) <= MAX_SYMBOL_CHARS


@given(st.text(SYMBOL_CHARS, min_size=1, max_size=MAX_SYMBOL_CHARS))
def test_symbols_made_of_the_grammar_fail_only_at_their_ends(text):
    bad = first_bad_symbol_character(text)
    assert bad is None or bad.position in (1, len(text))
