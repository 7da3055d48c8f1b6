"""Word authors of tracked changes become states by name, alias or the importer's mapping."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concilium.rules import authors as a

STATES = [
    a.StateNames("IND", ("India", "Индия", "印度"), ("Republic of India",)),
    a.StateNames("CHN", ("China", "Китай", "中国"), ("People's Republic of China",)),
    # Two states one alias could mean: it must not be guessed.
    a.StateNames("KGZ", ("Kyrgyzstan",), ("Central Asian delegation",)),
    a.StateNames("KAZ", ("Kazakhstan",), ("Central Asian delegation",)),
]


def test_names_in_every_language_codes_and_aliases_name_a_state():
    found = a.resolve(["India", "  китай ", "印度", "ind", "Republic of  India"], STATES)
    assert [(x.state, x.how) for x in found] == [
        ("IND", a.How.NAME), ("CHN", a.How.NAME), ("IND", a.How.NAME), ("IND", a.How.CODE),
        ("IND", a.How.ALIAS)]


def test_an_unknown_or_ambiguous_author_is_reported_never_guessed():
    found = a.resolve({"J. Smith": 3, "Central Asian delegation": 1}, STATES)
    assert [(x.name, x.state, x.how, x.changes) for x in found] == [
        ("J. Smith", None, a.How.UNKNOWN, 3),
        ("Central Asian delegation", None, a.How.AMBIGUOUS, 1)]


def test_the_importers_mapping_wins_over_names():
    mapping = a.parse_mapping(["Indian delegation=ind", "China=IND", "a=b=KAZ"])
    assert mapping == {"indian delegation": "IND", "china": "IND", "a=b": "KAZ"}
    found = {x.name: (x.state, x.how) for x in a.resolve(
        ["Indian Delegation", "China", "A=B"], STATES, mapping)}
    assert found == {"Indian Delegation": ("IND", a.How.MAPPING),
                     "China": ("IND", a.How.MAPPING), "A=B": ("KAZ", a.How.MAPPING)}


@pytest.mark.parametrize("entries, index, problem", [
    (["India"], 1, a.NO_EQUALS),
    (["India=IND", "=CHN"], 2, a.EMPTY_SIDE),
    (["India=", "x=y"], 1, a.EMPTY_SIDE),
    (["India=IND", "INDIA=CHN"], 2, a.TWICE),
])
def test_an_unreadable_mapping_names_its_entry(entries, index, problem):
    with pytest.raises(a.MappingError) as error:
        a.parse_mapping(entries)
    assert (error.value.index, error.value.problem) == (index, problem)


def test_a_change_is_a_states_only_when_all_its_authors_are_that_state():
    resolved = {x.name: x for x in a.resolve(["India", "Republic of India", "China", "?"],
                                             STATES)}
    assert a.state_of(["India", "Republic of India"], resolved) == "IND"
    assert a.state_of(["India", "China"], resolved) is None
    assert a.state_of(["India", "?"], resolved) is None
    assert a.state_of([], resolved) is None


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1,
                max_size=20)


@given(names)
def test_folding_is_idempotent_and_ignores_spacing(name):
    assert a.fold(a.fold(name)) == a.fold(name)
    assert a.fold(f"  {name.replace(' ', '   ')}\t") == a.fold(name)


@given(st.lists(names, max_size=8), st.dictionaries(names, st.sampled_from(["IND", "CHN"]),
                                                    max_size=4))
def test_every_author_is_answered_once_and_a_mapping_always_wins(authors, raw):
    entries = [f"{k}={v}" for k, v in raw.items() if "=" not in k and a.fold(k)]
    try:
        mapping = a.parse_mapping(entries)
    except a.MappingError:
        return  # two spellings of one author mapped to two states: refused, tested above
    found = a.resolve(authors, STATES, mapping)
    assert [x.name for x in found] == list(dict.fromkeys(authors))
    for x in found:
        if a.fold(x.name) in mapping:
            assert (x.state, x.how) == (mapping[a.fold(x.name)], a.How.MAPPING)
        assert x.known == (x.state is not None)
