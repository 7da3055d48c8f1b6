"""The charter file: the SCO's loads; broken files are refused with one clear message."""

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from concilium.rules import charter as c

SYNTHETIC = Path(__file__).parent / "synthetic.toml"


def load_text(tmp_path, text: str) -> c.Charter:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return c.load_charter(path)


def synthetic_text() -> str:
    return SYNTHETIC.read_text(encoding="utf-8")


def test_the_sco_charter_describes_its_councils():
    """The SCO's coordinators prepare for the ministers, who prepare for the heads of state."""
    sco = c.load_charter("sco")
    assert sco.chain_from("cnc") == ("cnc", "cfm", "chs")
    assert sco.pipeline_chain() == ("cnc", "cfm", "chs")
    assert sco.official_languages == ("ru", "zh")
    assert sco.circulation_days == 20
    assert sco.rotation.language == "ru"
    assert sco.decisions.rule_for("expulsion") is c.DecisionRuleKind.CONSENSUS_MINUS_ONE
    assert sco.decisions.rule_for("adoption") is c.DecisionRuleKind.CONSENSUS
    assert sco.document_type("report").approved_by == "cfm"
    assert sco.body("secretariat").chair is c.ChairRule.OFFICE
    # The summit's convocation also goes to the observers and partners; comments on the
    # circulated drafts are due 10 days before a meeting.
    assert sco.body("chs").invites == ("observer", "dialogue_partner", "partner")
    assert sco.body("cfm").invites == ()
    assert sco.comments_days == 10


def test_a_synthetic_charter_loads_so_no_code_assumes_the_sco():
    """Another organization is another file: two councils, French and English."""
    org = c.load_charter(SYNTHETIC)
    assert org.slug == "arc"
    assert org.languages == ("en", "fr")
    assert org.chain_from("senior-officials") == ("senior-officials", "ministers")


@pytest.mark.parametrize(
    ("old", "new", "key", "problem"),
    [
        ('slug = "senior-officials"\n', "", "bodies[1].slug", c.MISSING_KEY),
        ('prepares_for = "ministers"', 'prepares_for = "summit"', "bodies[1].prepares_for",
         c.UNKNOWN_BODY.format(slug="summit")),
        ('official = ["en"]', 'official = ["xx"]', "languages.official[0]",
         c.UNKNOWN_LANGUAGE.format(code="xx")),
        ("start = 2001-01-01", 'start = "2001-13-45"', "memberships[0].start",
         c.BAD_DATE.format(value="2001-13-45")),
        ("deadline_days = 14", 'deadline_days = "two weeks"', "circulation.deadline_days",
         c.WRONG_TYPE.format(expected="a whole number", found="text")),
        ('chair = "presidency"\nprepares_for', 'chair = "lottery"\nprepares_for', "bodies[1].chair",
         c.UNKNOWN_CHOICE.format(value="lottery", choices="presidency, host, office")),
        ('state = "ALP"\nstatus', 'state = "ZZZ"\nstatus', "memberships[0].state",
         c.UNKNOWN_STATE.format(code="ZZZ")),
        ('chair = "presidency"\nprepares_for', 'chair = "presidency"\ninvites = ["member"]\n'
         'prepares_for', "bodies[1].invites[0]",
         c.UNKNOWN_CHOICE.format(value="member",
                                 choices="observer, dialogue_partner, partner")),
        ("deadline_days = 14", "deadline_days = 14\ncomments_days = -1",
         "circulation.comments_days", c.POSITIVE.format(value=-1)),
    ],
)
def test_a_broken_charter_names_the_file_key_and_problem(tmp_path, old, new, key, problem):
    """Each kind of mistake gets one message: file, key path, what is wrong."""
    text = synthetic_text()
    assert old in text
    with pytest.raises(c.CharterError) as caught:
        load_text(tmp_path, text.replace(old, new, 1))
    assert caught.value.key == key
    assert caught.value.problem == problem
    assert str(caught.value) == f"{tmp_path / 'broken.toml'}: {key}: {problem}"


def test_a_cycle_in_prepares_for_is_refused(tmp_path):
    """Bodies preparing for each other in a circle would send a text round for ever."""
    text = synthetic_text() + '\n[[bodies]]\nslug = "loop-a"\nname = { en = "A", fr = "A" }\n' \
        'chair = "presidency"\nprepares_for = "loop-b"\n' \
        '[[bodies]]\nslug = "loop-b"\nname = { en = "B", fr = "B" }\n' \
        'chair = "presidency"\nprepares_for = "loop-a"\n'
    with pytest.raises(c.CharterError) as caught:
        load_text(tmp_path, text)
    assert caught.value.problem == c.CYCLE.format(cycle="loop-a -> loop-b -> loop-a")


def test_a_file_that_is_not_toml_is_refused(tmp_path):
    """A syntax error is reported as such, naming the file."""
    with pytest.raises(c.CharterError, match="is not valid TOML"):
        load_text(tmp_path, "[organization\n")


def test_an_unknown_charter_name_says_where_it_looked():
    """`--charter nowhere` tells the user which file was missing."""
    with pytest.raises(c.CharterError, match="no charter file named 'nowhere'"):
        c.load_charter("nowhere")


def test_dates_in_the_registry_are_real_dates():
    """Memberships come back as dates, open-ended ones with no end."""
    org = c.load_charter(SYNTHETIC)
    assert org.memberships[0].start == dt.date(2001, 1, 1)
    assert org.memberships[0].end is None


def test_the_synthetic_charter_is_valid_toml():
    """The fixture itself parses, so the broken variants test only what they change."""
    assert tomllib.loads(synthetic_text())["organization"]["slug"] == "arc"


def test_an_explicit_order_names_only_known_states(tmp_path):
    """A collation list that names a state the registry lacks is refused."""
    text = synthetic_text() + '\n[collation]\nfr = ["BOR", "ZZZ"]\n'
    with pytest.raises(c.CharterError) as caught:
        load_text(tmp_path, text)
    assert caught.value.key == "collation.fr[1]"
