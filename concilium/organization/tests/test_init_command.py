"""`concilium init` from the command line: good charters load, broken ones write nothing."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from concilium.organization import models as m

BROKEN = {
    "missing key": ('slug = "senior-officials"\n', ""),
    "unknown body": ('prepares_for = "ministers"', 'prepares_for = "summit"'),
    "unknown language": ('official = ["en"]', 'official = ["xx"]'),
    "bad date": ("start = 2001-01-01", 'start = "2001-13-45"'),
    "wrong type": ("deadline_days = 14", 'deadline_days = "two weeks"'),
    "unknown key": ("deadline_days = 14", "deadlin_days = 14"),
    "overlapping presidencies": ("start = 2021-01-01\nend = 2021-12-31",
                                 "start = 2020-06-01\nend = 2021-12-31"),
    "overlapping memberships": ('state = "DUN"\nstatus = "observer"\nstart = 2005-01-01',
                                'state = "DUN"\nstatus = "observer"\nstart = 2005-01-01\n'
                                '[[memberships]]\nstate = "DUN"\nstatus = "member"\n'
                                'start = 2019-01-01'),
    "cycle": ('slug = "ministers"\nname = { en = "Ministerial Council", fr = "Conseil ministériel" }\nchair = "presidency"\n',
              'slug = "ministers"\nname = { en = "Ministerial Council", fr = "Conseil ministériel" }\nchair = "presidency"\nprepares_for = "senior-officials"\n'),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_a_broken_charter_exits_2_and_writes_nothing(db, tmp_path, kind):
    """Each broken charter gets one line naming file, key and problem; the registry stays empty."""
    from concilium.rules.tests.test_charter import SYNTHETIC

    old, new = BROKEN[kind]
    text = SYNTHETIC.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "broken.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("init", "--charter", str(path), "--no-migrate")
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    assert m.Organization.objects.count() == 0 and m.State.objects.count() == 0


def test_a_typo_in_the_charter_says_where_and_what_was_meant(db, tmp_path, capsys):
    """`concilium init` refuses `deadlin_days` with its line and the key it should be."""
    from concilium.rules.tests.test_charter import SYNTHETIC

    path = tmp_path / "typo.toml"
    path.write_text(SYNTHETIC.read_text(encoding="utf-8").replace(
        "deadline_days = 14", "deadlin_days = 14"), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("init", "--charter", str(path), "--no-migrate")
    assert caught.value.returncode == 2
    assert str(caught.value) == (f"{path}: circulation.deadlin_days: unknown key 'deadlin_days' "
                                 "(line 12); did you mean 'deadline_days'?")
    assert m.Organization.objects.count() == 0


def test_a_synthetic_charter_loads_from_a_path(db):
    """Another organization is another file: `--charter PATH` loads it."""
    from concilium.rules.tests.test_charter import SYNTHETIC

    call_command("init", "--charter", str(SYNTHETIC), "--no-migrate")
    assert m.Organization.objects.get().slug == "arc"
    assert sorted(m.State.objects.values_list("code", flat=True)) == ["ALP", "BOR", "COR", "DUN"]
