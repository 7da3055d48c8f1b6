"""The charter's declared schema: unknown keys and impossible periods are refused, by line."""

import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from concilium.rules import charter as c
from concilium.rules import charter_schema as schema
from concilium.rules.tests.test_charter import SYNTHETIC, synthetic_text


def refusal(text: str) -> c.CharterError:
    with pytest.raises(c.CharterError) as caught:
        c.parse_charter(tomllib.loads(text), source="arc.toml", text=text)
    return caught.value


def line_of(text: str, fragment: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if fragment in line)


def test_a_typo_names_the_key_its_line_and_the_nearest_valid_key():
    """`deadlin_days` is not silently ignored: the key, its line and 'deadline_days'."""
    text = synthetic_text().replace("deadline_days = 14", "deadlin_days = 14")
    error = refusal(text)
    assert error.key == "circulation.deadlin_days"
    assert error.problem == (f"unknown key 'deadlin_days' (line {line_of(text, 'deadlin_days')});"
                             " did you mean 'deadline_days'?")
    assert str(error).startswith("arc.toml: circulation.deadlin_days: unknown key")


def test_unknown_keys_in_tables_of_an_array_and_nested_tables():
    """A key of the second body, a nested table's key, a whole unknown table: each named."""
    text = synthetic_text().replace('prepares_for = "ministers"', 'prepare_for = "ministers"')
    error = refusal(text)
    assert error.key == "bodies[1].prepare_for"
    assert f"(line {line_of(text, 'prepare_for')})" in error.problem
    assert "did you mean 'prepares_for'?" in error.problem

    text = synthetic_text().replace("[decisions.by_kind]",
                                    "[decisions.silence]\nminimum_hour = 72\n[decisions.by_kind]")
    error = refusal(text)
    assert error.key == "decisions.silence.minimum_hour"
    assert "did you mean 'minimum_hours'?" in error.problem

    text = synthetic_text() + "\n[votes]\nquorum = 3\n"
    error = refusal(text)
    assert error.key == "votes"
    assert f"(line {line_of(text, '[votes]')})" in error.problem


def test_the_first_unknown_key_in_the_file_is_the_one_named():
    """Two typos: the one that comes first in the file is reported."""
    text = (synthetic_text().replace("deadline_days = 14", "deadlin_days = 14")
            .replace('term = "calendar_year"', 'trem = "calendar_year"'))
    assert refusal(text).key == "circulation.deadlin_days"


def test_overlapping_presidencies_are_refused_naming_both_periods():
    """Borealia cannot preside from December 2020 while Alpinia still does."""
    text = synthetic_text().replace("start = 2021-01-01\nend = 2021-12-31",
                                    "start = 2020-12-01\nend = 2021-12-31")
    error = refusal(text)
    assert error.key == "presidencies[1]"
    assert error.problem.startswith("the presidency of BOR (2020-12-01 to 2021-12-31)")
    assert "overlaps that of ALP in presidencies[0]" in error.problem
    assert "(2020-01-01 to 2020-12-31); one state presides at a time" in error.problem
    assert error.problem.count("(line ") == 2


def test_overlapping_memberships_of_one_state_are_refused_naming_both_periods():
    """Dunmark cannot be an observer since 2005 and a member since 2015 at once; a member
    that leaves one status the day before the next is fine."""
    overlapping = synthetic_text() + (
        '\n[[memberships]]\nstate = "DUN"\nstatus = "member"\nstart = 2015-01-01\n')
    error = refusal(overlapping)
    assert error.key == "memberships[4]"
    assert "DUN is member (2015-01-01 to open)" in error.problem
    assert "observer in memberships[3]" in error.problem
    assert "(2005-01-01 to open)" in error.problem
    consecutive = synthetic_text().replace(
        'state = "DUN"\nstatus = "observer"\nstart = 2005-01-01',
        'state = "DUN"\nstatus = "observer"\nstart = 2005-01-01\nend = 2014-12-31') + (
        '\n[[memberships]]\nstate = "DUN"\nstatus = "member"\nstart = 2015-01-01\n')
    charter = c.parse_charter(tomllib.loads(consecutive), text=consecutive)
    assert [m.status for m in charter.memberships if m.state == "DUN"] == ["observer", "member"]


def test_the_shipped_charters_pass_the_schema():
    """The SCO's charter and the synthetic one declare only known keys and true periods."""
    for path in (c.charter_path("sco"), SYNTHETIC):
        text = path.read_text(encoding="utf-8")
        schema.check_keys(tomllib.loads(text), text)
    assert c.load_charter("sco").slug == "sco"


# Tables whose keys the schema declares (not the open ones: kinds of decision, languages).
OPEN_TABLES = {"[decisions.by_kind]", "[collation]", "[statuses]"}
TABLE_HEADERS = [line for line in synthetic_text().splitlines()
                 if line.startswith("[") and line not in OPEN_TABLES]


@settings(max_examples=60, deadline=None)
@given(header=st.sampled_from(TABLE_HEADERS),
       key=st.from_regex(r"zz[a-z_]{1,12}", fullmatch=True))
def test_any_unknown_key_in_any_table_is_named_with_its_line(header, key):
    """Whatever table an unknown key is slipped into, the refusal names that key and the
    line it is on."""
    text = synthetic_text()
    at = text.index(header + "\n") + len(header) + 1
    text = text[:at] + f"{key} = 1\n" + text[at:]
    error = refusal(text)
    assert error.key.endswith(key)
    assert f"unknown key '{key}' (line {line_of(text, f'{key} = 1')})" in error.problem


@given(loc=st.lists(st.one_of(st.sampled_from(["bodies", "slug", "decisions", "silence"]),
                             st.integers(0, 5)), min_size=1, max_size=4))
def test_key_paths_read_as_the_charters_messages_write_them(loc):
    """Indexes are written in brackets, names joined by dots: `bodies[1].slug`."""
    path = schema.key_path(loc)
    assert ".." not in path and not path.startswith(".")
    assert path.count("[") == sum(isinstance(p, int) for p in loc)
