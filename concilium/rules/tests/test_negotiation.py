"""Specification of the negotiating-text model and its bracket notation."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concilium.rules import negotiation as n
from concilium.rules.negotiation import (
    Bracket,
    NoSuchBracket,
    NotationError,
    Option,
    Options,
    ParagraphText,
    Text,
    bracket_spans,
    parse,
    remove_bracket,
    replace_with_compromise,
    resolve_option,
    serialize,
)


def error_for(notation: str) -> NotationError:
    """Parse notation that must be refused and return the error."""
    with pytest.raises(NotationError) as caught:
        parse(notation)
    return caught.value


# --- Reading notation -----------------------------------------------------


def test_plain_text_is_clean():
    """A paragraph without brackets is one Text segment and is clean."""
    paragraph = parse("The Member States shall cooperate.")
    assert paragraph == ParagraphText((Text("The Member States shall cooperate."),))
    assert paragraph.is_clean
    assert paragraph.bracket_count == 0


def test_empty_paragraph_is_clean():
    """An empty paragraph has no segments and nothing left to agree."""
    assert parse("") == ParagraphText(())
    assert parse("").is_clean


def test_several_brackets_in_one_paragraph():
    """A paragraph can hold several bracketed spans between agreed text."""
    paragraph = parse("Parties [shall] cooperate [closely].")
    assert paragraph.segments == (
        Text("Parties "),
        Bracket((Text("shall"),)),
        Text(" cooperate "),
        Bracket((Text("closely"),)),
        Text("."),
    )
    assert paragraph.bracket_count == 2
    assert not paragraph.is_clean


def test_nested_brackets():
    """Brackets nest, and every level counts as a bracket."""
    paragraph = parse("[to combat [all forms of] terrorism]")
    assert paragraph.segments == (
        Bracket((Text("to combat "), Bracket((Text("all forms of"),)), Text(" terrorism"))),
    )
    assert paragraph.bracket_count == 2


def test_options_group():
    """'[Option 1: a | Option 2: b]' is an options group with labelled alternatives."""
    paragraph = parse("Cooperation [Option 1: shall | Option 2: may] be strengthened.")
    assert paragraph.segments[1] == Options(
        (Option("Option 1", (Text("shall"),)), Option("Option 2", (Text("may"),)))
    )
    assert paragraph.bracket_count == 1


@pytest.mark.parametrize(
    ("notation", "labels"),
    [
        ("[option 1: a | OPTION 2: b]", ("option 1", "OPTION 2")),
        ("[Вариант 1: а | вариант 2: б]", ("Вариант 1", "вариант 2")),
        ("[备选案文1：甲 | 备选案文2：乙]", ("备选案文1", "备选案文2")),
        ("[方案1: 甲|方案2：乙]", ("方案1", "方案2")),
    ],
)
def test_option_labels_in_three_languages(notation, labels):
    """Labels are 'Option N' in any case, 'Вариант N', '备选案文N' or '方案N', with ':' or '：'."""
    (group,) = parse(notation).segments
    assert isinstance(group, Options)
    assert tuple(option.label for option in group.options) == labels


def test_options_hold_nested_brackets_and_pipes():
    """Only '|' at the group's own level separates its options."""
    paragraph = parse("[Option 1: a [Option 1: x | Option 2: y] | Option 2: [b]]")
    (group,) = paragraph.segments
    assert len(group.options) == 2
    assert group.options[0].segments == (
        Text("a "),
        Options((Option("Option 1", (Text("x"),)), Option("Option 2", (Text("y"),)))),
    )
    assert group.options[1].segments == (Bracket((Text("b"),)),)
    assert paragraph.bracket_count == 3


def test_whitespace_around_options_is_not_significant():
    """Spaces around an option's content are dropped; an empty option is allowed."""
    (group,) = parse("[  Option 1:   a b   |Option 2:|Option 3:c]").segments
    assert [option.segments for option in group.options] == [(Text("a b"),), (), (Text("c"),)]


def test_owners_tag():
    """'[text]{IND, PAK}' names the delegations holding the bracket."""
    paragraph = parse("[text]{IND, PAK} and [more]{CHN}")
    assert paragraph.segments[0] == Bracket((Text("text"),), owners=("IND", "PAK"))
    assert paragraph.owners() == {"IND", "PAK", "CHN"}


def test_owners_of_options_and_groups():
    """Owners may tag a whole options group, or a single option after its label."""
    paragraph = parse("[Option 1{CHN}: a | Option 2{RUS,KAZ}: b]{UZB}")
    (group,) = paragraph.segments
    assert group.owners == ("UZB",)
    assert [option.owners for option in group.options] == [("CHN",), ("RUS", "KAZ")]
    assert paragraph.owners() == {"CHN", "RUS", "KAZ", "UZB"}


def test_escapes_produce_literal_characters():
    """'\\[', '\\]', '\\|', '\\{', '\\}' and '\\\\' are literal characters, not notation."""
    paragraph = parse(r"see \[1\] a\|b \{x\} c\\d")
    assert paragraph.segments == (Text("see [1] a|b {x} c\\d"),)
    assert paragraph.is_clean


def test_closing_brace_needs_no_escape():
    """A '}' on its own is ordinary text."""
    assert parse("a } b").segments == (Text("a } b"),)


def test_text_that_merely_mentions_an_option_is_a_bracket():
    """'Option 1' without a colon does not make an options group."""
    assert parse("[Option 1 is preferred]").segments == (Bracket((Text("Option 1 is preferred"),)),)


# --- Refusing malformed notation ------------------------------------------


def test_unclosed_bracket_reports_the_opening_bracket():
    """A bracket left open is refused with the position of the opening bracket."""
    error = error_for("Parties [shall cooperate.")
    assert error.position == 8
    assert error.message == n.UNCLOSED_BRACKET.format(position=8)
    assert str(error) == "Unbalanced bracket: '[' at position 8 is never closed."


def test_unclosed_outer_bracket_of_a_nested_pair():
    """When the inner bracket closes but the outer does not, the outer '[' is reported."""
    assert error_for("a [b [c] d").position == 2


def test_stray_closing_bracket():
    """A ']' without its '[' is refused at its own position."""
    error = error_for("Parties shall] cooperate")
    assert (error.position, error.template) == (13, n.STRAY_CLOSING_BRACKET)


@pytest.mark.parametrize("notation", ["a [] b", "a [   ] b"])
def test_empty_bracket(notation):
    """A bracket with nothing (or only spaces) inside is refused at its '['."""
    error = error_for(notation)
    assert (error.position, error.message) == (2, n.EMPTY_BRACKET.format(position=2))


def test_single_option_group():
    """An options group needs at least two options."""
    error = error_for("x [Option 1: shall]")
    assert (error.position, error.message) == (2, n.SINGLE_OPTION.format(position=2))


def test_pipe_outside_bracket():
    """A '|' outside any bracket is refused; it must be escaped to be literal."""
    error = error_for("either | or")
    assert (error.position, error.template) == (7, n.PIPE_OUTSIDE_BRACKET)


def test_unlabelled_alternatives():
    """Alternatives separated by '|' must be labelled; the first '|' is reported."""
    error = error_for("[shall | may]")
    assert (error.position, error.template) == (7, n.UNLABELLED_ALTERNATIVES)


def test_mixed_labels():
    """A group where some alternatives are labelled and some not is refused at the unlabelled one."""
    error = error_for("[Option 1: shall |  may | Option 3: must]")
    assert error.position == 20
    assert error.message == n.MIXED_OPTION_LABELS.format(position=20)
    assert error_for("[shall | Option 2: may]").position == 1


@pytest.mark.parametrize(
    "notation",
    ["[x]{ind}", "[x]{}", "[x]{IND,}", "[x]{I}", "[x]{ABCDEFGHIJK}", "[x]{IND", "[x]{IND PAK}"],
)
def test_malformed_owners_tag(notation):
    """An owners tag must list codes of 2-10 capital letters or digits, separated by commas."""
    error = error_for(notation)
    assert (error.position, error.message) == (3, n.MALFORMED_OWNERS.format(position=3))


def test_duplicate_owner():
    """A delegation listed twice in one owners tag is refused."""
    error = error_for("[x]{IND,PAK,IND}")
    assert error.message == n.DUPLICATE_OWNER.format(position=3, code="IND")


def test_owners_tag_must_follow_the_bracket_directly():
    """An unescaped '{' that is not right after ']' or a label is refused."""
    error = error_for("[x] {IND}")
    assert (error.position, error.template) == (4, n.STRAY_BRACE)


def test_invalid_escape():
    """A backslash before an ordinary character is refused at the backslash."""
    error = error_for(r"a \n b")
    assert (error.position, error.template) == (2, n.INVALID_ESCAPE)
    assert error_for("trailing \\").position == 9


def test_too_long():
    """Text over MAX_PARAGRAPH_CHARS is refused at the first character that does not fit."""
    limit = n.MAX_PARAGRAPH_CHARS
    assert parse("a" * limit).segments == (Text("a" * limit),)
    error = error_for("a" * (limit + 1))
    assert error.position == 20_000
    assert error.message == n.TOO_LONG.format(position=limit, length=limit + 1, limit=limit)


def test_too_deep():
    """Brackets nested beyond MAX_NESTING levels are refused at the first one too deep."""
    depth = n.MAX_NESTING
    assert parse("[" * depth + "x" + "]" * depth).bracket_count == depth
    error = error_for("[" * (depth + 1) + "x" + "]" * (depth + 1))
    assert (error.position, error.template) == (depth, n.TOO_DEEP)


def test_notation_error_is_a_value_error():
    """Callers that only know ValueError still catch notation errors."""
    assert issubclass(NotationError, ValueError)


def test_errors_keep_their_template_for_translation_and_survive_pickling():
    """Errors carry template and parameters, so the web layer can translate them, and pickle intact."""
    error = error_for("[x]{IND,IND}")
    assert (error.template, error.params) == (n.DUPLICATE_OWNER, {"code": "IND"})
    copy = pickle.loads(pickle.dumps(error))
    assert (copy.message, copy.position, copy.template) == (error.message, 3, n.DUPLICATE_OWNER)
    missing = NoSuchBracket(n.NO_SUCH_BRACKET, index=4, count=1)
    assert str(pickle.loads(pickle.dumps(missing))) == str(missing)


# --- Writing notation -----------------------------------------------------


@pytest.mark.parametrize(
    "notation",
    [
        "Parties [shall] cooperate [closely].",
        "[to combat [all forms of] terrorism]{IND,PAK}",
        "Cooperation [Option 1: shall | Option 2: may]{CHN} be strengthened.",
        "[Option 1{RUS}: a [b] | Option 2: [Option 1: c | Option 2:]]",
        "[Вариант 1: сотрудничество | Вариант 2: взаимодействие]",
        "加强[方案1：安全 | 方案2：经济]合作",
        r"literal \[, \], \|, \{ and \\ with } alone",
        "",
    ],
)
def test_canonical_notation_round_trips(notation):
    """Canonical notation is written back exactly as it was read."""
    assert serialize(parse(notation)) == notation
    assert parse(notation).notation() == notation


def test_non_canonical_notation_is_normalised():
    """Spacing in owners tags and around options is written back canonically."""
    assert serialize(parse("[a]{IND, PAK} [ Option 1 :a|Option 2:  b ]")) == (
        "[a]{IND,PAK} [Option 1: a | Option 2: b]"
    )
    assert serialize(parse(r"\}")) == "}"


def test_clean_text():
    """The clean reading drops marks and owners, and joins options with ' / '."""
    paragraph = parse("Parties [shall]{IND} cooperate [Option 1: closely | Option 2: [fully]].")
    assert paragraph.clean_text() == "Parties shall cooperate closely / fully."


# --- Tree invariants ------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Text(""), n.EMPTY_TEXT_SEGMENT),
        (lambda: ParagraphText((Text("a"), Text("b"))), n.ADJACENT_TEXT_SEGMENTS),
        (lambda: Bracket(()), n.EMPTY_BRACKET_TREE),
        (lambda: Bracket((Text(" "),)), n.EMPTY_BRACKET_TREE),
        (lambda: Bracket((Text("Option 1: a"),)), n.BRACKET_STARTS_WITH_LABEL),
        (lambda: Bracket((Text("a"),), ("ind",)), n.INVALID_OWNER_CODE.format(code="ind")),
        (lambda: Bracket((Text("a"),), ("IND", "IND")), n.DUPLICATE_OWNER_CODE.format(code="IND")),
        (lambda: Option("Choice 1"), n.INVALID_OPTION_LABEL.format(label="Choice 1")),
        (lambda: Option("Option 1", (Text(" a"),)), n.OPTION_EDGE_WHITESPACE),
        (lambda: Options((Option("Option 1"),)), n.TOO_FEW_OPTIONS.format(count=1)),
    ],
)
def test_constructors_refuse_trees_that_cannot_round_trip(build, message):
    """Trees that notation could not express faithfully are refused when built."""
    with pytest.raises(ValueError) as caught:
        build()
    assert str(caught.value) == message


def test_nodes_are_immutable_and_hashable():
    """Nodes are frozen values; lists given to constructors are stored as tuples."""
    bracket = Bracket([Text("a")], ["IND"])
    assert bracket.segments == (Text("a"),) and bracket.owners == ("IND",)
    assert hash(bracket) == hash(Bracket((Text("a"),), ("IND",)))
    with pytest.raises(AttributeError):
        bracket.owners = ()  # type: ignore[misc]


# --- Spans for highlighting -----------------------------------------------


def test_bracket_spans():
    """Spans give start, exclusive end (owners tag included) and kind, nested ones too, in order."""
    notation = "a [b [c]{IND}] [Option 1: x | Option 2: y]"
    assert bracket_spans(notation) == [(2, 14, "bracket"), (5, 13, "bracket"), (15, 42, "options")]
    assert notation[5:13] == "[c]{IND}"


def test_bracket_spans_refuse_malformed_notation():
    """Spans are only given for notation that can be read."""
    with pytest.raises(NotationError):
        bracket_spans("[a")


# --- Operations -----------------------------------------------------------


def test_replace_with_compromise():
    """The chair's compromise replaces the whole paragraph, brackets and all."""
    paragraph = parse("[Option 1: shall | Option 2: may] [closely]")
    compromise = replace_with_compromise(paragraph, "Parties shall cooperate.")
    assert compromise == parse("Parties shall cooperate.")
    assert compromise.is_clean


def test_resolve_option_keeps_the_chosen_option_unbracketed():
    """Resolving an options group keeps the chosen option's content in place, without marks."""
    paragraph = parse("Parties [Option 1: shall | Option 2: may [wish to]] cooperate [closely].")
    resolved = resolve_option(paragraph, 0, 1)
    assert serialize(resolved) == "Parties may [wish to] cooperate [closely]."
    assert resolved.bracket_count == 2


def test_resolve_nested_options_inside_a_bracket():
    """Indices count brackets and options groups together, depth first."""
    paragraph = parse("[a [Option 1: x | Option 2: y] b] [c]")
    assert serialize(resolve_option(paragraph, 1, 0)) == "[a x b] [c]"


def test_resolving_to_an_empty_option_inside_an_option():
    """Choosing an empty option inside another option leaves no stray spaces at its edges."""
    paragraph = parse("[Option 1: [Option 1: | Option 2: z] tail | Option 2: b]")
    assert serialize(resolve_option(paragraph, 1, 0)) == "[Option 1: tail | Option 2: b]"


def test_resolving_to_an_empty_option_drops_a_bracket_left_empty():
    """A bracket left with nothing inside loses its marks, since nothing remains to agree."""
    paragraph = parse("x [[Option 1: | Option 2: y]] z")
    assert serialize(resolve_option(paragraph, 1, 0)) == "x  z"


def test_remove_bracket_lifts_the_marks():
    """Lifting a bracket keeps its content and nested brackets, and drops its owners."""
    paragraph = parse("Parties [shall [closely]]{IND} cooperate.")
    assert serialize(remove_bracket(paragraph, 0)) == "Parties shall [closely] cooperate."
    assert serialize(remove_bracket(paragraph, 1)) == "Parties [shall closely]{IND} cooperate."


def test_bad_bracket_index():
    """An index beyond the paragraph's brackets raises NoSuchBracket, an IndexError."""
    paragraph = parse("[a] [b]")
    with pytest.raises(NoSuchBracket) as caught:
        remove_bracket(paragraph, 2)
    assert str(caught.value) == n.NO_SUCH_BRACKET.format(index=2, count=2)
    assert isinstance(caught.value, IndexError)
    with pytest.raises(NoSuchBracket):
        remove_bracket(paragraph, -1)


def test_resolve_option_needs_an_options_group_and_an_existing_option():
    """Resolving a plain bracket or a missing option raises NoSuchBracket."""
    paragraph = parse("[a] [Option 1: x | Option 2: y]")
    with pytest.raises(NoSuchBracket) as caught:
        resolve_option(paragraph, 0, 0)
    assert str(caught.value) == n.NOT_AN_OPTIONS_GROUP.format(index=0)
    with pytest.raises(NoSuchBracket) as caught:
        resolve_option(paragraph, 1, 2)
    assert str(caught.value) == n.NO_SUCH_OPTION.format(index=1, option=2, count=2)


def test_remove_bracket_refuses_options_groups():
    """An options group is settled by choosing an option, not by lifting its brackets."""
    with pytest.raises(NoSuchBracket) as caught:
        remove_bracket(parse("[Option 1: x | Option 2: y]"), 0)
    assert str(caught.value) == n.IS_AN_OPTIONS_GROUP.format(index=0)


# --- Properties -----------------------------------------------------------

CODES = ["IND", "PAK", "CHN", "RUS", "KAZ", "KGZ", "TJK", "UZB", "IRN", "BLR"]
LABELS = ["Option 1", "option 2", "OPTION 10", "Вариант 1", "вариант 3", "备选案文1", "方案2"]
ALPHABET = list("ab xy.,:;12") + list("дз文字") + list("[]|{}\\") + ["\n", "\t"]

owners_st = st.lists(st.sampled_from(CODES), max_size=3, unique=True).map(tuple)
text_st = st.one_of(
    st.text(st.sampled_from(ALPHABET), min_size=1, max_size=8),
    st.sampled_from(["Option 1:", " option 2 :", "方案1：", "Вариант 2:"]),
).map(Text)


def merged(segments):
    """Adjacent Text segments joined, as the notation reads them."""
    out = []
    for segment in segments:
        if isinstance(segment, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + segment.text)
        else:
            out.append(segment)
    return tuple(out)


def stripped(segments):
    """An option's content without whitespace at its edges."""
    segments = list(segments)
    if segments and isinstance(segments[-1], Text):
        rest = segments[-1].text.rstrip()
        segments[-1:] = [Text(rest)] if rest else []
    if segments and isinstance(segments[0], Text):
        rest = segments[0].text.lstrip()
        segments[:1] = [Text(rest)] if rest else []
    return tuple(segments)


def bracket_or_none(segments, owners):
    """A Bracket, or None where the constructor refuses the shape."""
    try:
        return Bracket(merged(segments), owners)
    except ValueError:
        return None


def groups(children):
    """Brackets and options groups built from smaller segments."""
    bracket = st.builds(bracket_or_none, st.lists(children, min_size=1, max_size=4), owners_st)
    option = st.builds(
        lambda label, segments, owners: Option(label, stripped(merged(segments)), owners),
        st.sampled_from(LABELS),
        st.lists(children, max_size=3),
        owners_st,
    )
    options = st.builds(Options, st.lists(option, min_size=2, max_size=3), owners_st)
    return st.one_of(bracket.filter(lambda b: b is not None), options)


segment_st = st.recursive(text_st, groups, max_leaves=12)
paragraph_st = st.lists(segment_st, max_size=5).map(lambda s: ParagraphText(merged(s)))


@settings(max_examples=300)
@given(paragraph_st)
def test_every_valid_tree_round_trips(paragraph):
    """Any tree the constructors accept is read back identical from its notation."""
    notation = serialize(paragraph)
    assert parse(notation) == paragraph
    assert serialize(parse(notation)) == notation


@given(paragraph_st)
def test_spans_match_the_tree(paragraph):
    """There is one span per bracket or options group, in document order, each starting at '['."""
    notation = serialize(paragraph)
    spans = bracket_spans(notation)
    assert len(spans) == paragraph.bracket_count
    expected = [
        "bracket" if isinstance(g, Bracket) else "options" for g in n._groups(paragraph.segments)
    ]
    assert [kind for _, _, kind in spans] == expected
    for start, end, _ in spans:
        assert notation[start] == "["
        assert parse(notation[start:end]).bracket_count >= 1


@given(paragraph_st)
def test_clean_iff_no_brackets(paragraph):
    """A paragraph is clean exactly when it has no bracket, and its clean text has no marks then."""
    assert paragraph.is_clean == (paragraph.bracket_count == 0)
    if paragraph.is_clean:
        assert paragraph.clean_text() == "".join(s.text for s in paragraph.segments)


NOTATION_PIECES = [*"ab [](){}|\\:,", "Option 1:", "IND"]


@given(st.lists(st.sampled_from(NOTATION_PIECES), max_size=20).map("".join))
def test_parse_either_reads_or_explains(notation):
    """Arbitrary input either parses or raises NotationError pointing inside the input."""
    try:
        paragraph = parse(notation)
    except NotationError as error:
        assert 0 <= error.position < max(len(notation), 1)
        assert error.message == str(error)
    else:
        assert parse(serialize(paragraph)) == paragraph
