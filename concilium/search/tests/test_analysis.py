"""Tokens, query terms and snippets: the part of search that is plain Python."""

from concilium.search.analysis import highlight, query_terms, spans, tokenize


def test_russian_word_forms_share_one_token():
    """Case endings fall away and ё reads as е, so any form finds any other."""
    assert tokenize("наркотических средств") == tokenize("наркотические средства")
    assert tokenize("терроризма") == tokenize("терроризм")
    assert tokenize("объединённых") == tokenize("объединенных")


def test_english_words_are_stemmed():
    assert tokenize("cooperation states") == tokenize("cooperating state")


def test_chinese_is_one_bigram_per_character():
    """Each character starts a token: the bigram it begins, or itself at the end of a run."""
    assert tokenize("加强合作") == ["加强", "强合", "合作", "作"]


def test_there_is_one_token_per_span():
    """Highlighting maps stored tokens onto the text by position: the counts must agree."""
    text = "SCO/ШОС 2020: 加强安全合作的声明, member_states' [cooperation]"
    assert len(tokenize(text)) == len(spans(text))


def test_a_chinese_word_is_a_phrase_and_a_single_character_a_prefix():
    (word,) = query_terms("安全合作")
    assert word.tokens == ("安全", "全合", "合作") and not word.prefix
    (char,) = query_terms("安")
    assert char.prefix


def test_a_query_without_words_has_no_terms():
    assert query_terms(" ,.!? ") == []


def test_snippets_mark_matches_and_escape_the_rest():
    snippet = highlight("States <b>&</b> terrorists", None, query_terms("terrorist"))
    assert snippet == "States &lt;b&gt;&amp;&lt;/b&gt; <mark>terrorists</mark>"


def test_chinese_highlights_map_back_to_the_original_characters():
    assert highlight("加强安全合作的声明", None, query_terms("合作")) == "加强安全<mark>合作</mark>的声明"
    assert highlight("加强安全合作的声明", None, query_terms("安全合作")) == "加强<mark>安全合作</mark>的声明"


def test_long_texts_are_cut_around_the_first_match_at_word_edges():
    text = " ".join(["peace"] * 100) + " terrorism " + " ".join(["peace"] * 100)
    snippet = highlight(text, None, query_terms("terrorism"))
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>terrorism</mark>" in snippet
    assert "pea " not in snippet and " eace" not in snippet


def test_a_russian_nominative_also_matches_itself_as_a_stem():
    """Snowball cuts "Афганистан" to "афганиста" but "Афганистану" to "афганистан": a word
    typed without an ending also matches as typed, so the nominative finds the other cases."""
    (term,) = query_terms("Афганистан")
    assert term.tokens == ("афганиста",) and term.alt == "афганистан"
    assert query_terms("наркотические")[0].alt == ""
    assert query_terms("states")[0].alt == ""
