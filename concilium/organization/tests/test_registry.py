"""The registry as the Secretariat keeps it: loaded from the charter, read by date."""

import datetime as dt
import json

import pytest
from django.core.management.base import CommandError

from concilium.audit.models import AuditRecord
from concilium.core.tests.commands import run
from concilium.organization import models as m
from concilium.organization import selectors
from concilium.organization.services import organization_init_from_file
from concilium.rules.permissions import SYSTEM

MEMBERS_2020 = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]


def test_loading_the_charter_twice_changes_nothing(sco):
    """`concilium init` is idempotent: the second run writes no row and no audit record."""
    counts = {model: model.objects.count() for model in (m.State, m.Membership, m.Official,
                                                          m.Presidency, AuditRecord)}
    _, report = organization_init_from_file(path="sco", acting_user=SYSTEM)
    assert not report.changed
    assert {model: model.objects.count() for model in counts} == counts


def test_the_eight_members_of_september_2020(sco):
    """On the day of the Moscow CFM the SCO had eight members, four observers, six partners."""
    out = json.loads(run("members", "--on", "2020-09-10", "--json"))
    assert [s["code"] for s in out["member"]] == MEMBERS_2020
    assert [s["code"] for s in out["observer"]] == ["AFG", "BLR", "IRN", "MNG"]
    assert sorted(s["code"] for s in out["dialogue_partner"]) == [
        "ARM", "AZE", "KHM", "LKA", "NPL", "TUR"]
    assert out["partner"] == []


def test_ten_members_after_belarus_joined(sco):
    """Belarus became the tenth member on 4 July 2024."""
    out = json.loads(run("members", "--on", "2024-07-05", "--json"))
    assert len(out["member"]) == 10
    assert "BLR" in [s["code"] for s in out["member"]]


def test_names_come_in_the_charters_languages(sco):
    """Russian lists use the Russian names, in Russian alphabetical order."""
    out = json.loads(run("members", "--on", "2020-09-10", "--lang", "ru", "--json"))
    assert [s["name"] for s in out["member"]][:3] == ["Индия", "Казахстан", "Китай"]


def test_chinese_lists_follow_pinyin(sco):
    """`members --lang zh` lists states in the pinyin order of their Chinese names (the
    charter's collation), as consensus lists do: 巴基斯坦, 俄罗斯, 哈萨克斯坦 ... 中国."""
    out = json.loads(run("members", "--on", "2020-09-10", "--lang", "zh", "--json"))
    assert [s["code"] for s in out["member"]] == [
        "PAK", "RUS", "KAZ", "KGZ", "TJK", "UZB", "IND", "CHN"]
    assert [s["code"] for s in out["observer"]] == ["AFG", "BLR", "MNG", "IRN"]


def test_the_presidency_on_a_date(sco):
    """Russia presided over the 2020 meetings; Tajikistan from the November summit on."""
    assert selectors.presidency_on(dt.date(2020, 9, 10)).state.code == "RUS"
    assert selectors.presidency_on(dt.date(2021, 1, 1)).state.code == "TJK"
    assert "Russia (RUS)" in run("presidency", "--on", "2020-09-10")
    holder = json.loads(run("presidency", "--on", "2021-01-01", "--json"))["holder"]
    assert holder["state"] == "TJK"


def test_the_next_presidency_names_its_rule(sco):
    """After Kyrgyzstan's 2025-26 term, the Russian alphabet gives Pakistan."""
    out = json.loads(run("presidency", "--next", "--json"))
    assert out["after"]["state"] == "KGZ"
    assert out["next"]["state"] == "PAK"
    assert "Russian alphabetical order" in out["next"]["rule"]
    assert "Кыргызстан" in out["next"]["rule"] and "Пакистан" in out["next"]["rule"]


def test_the_next_presidency_as_of_a_date(sco, client):
    """Asked on 10 September 2020, the presidency after Russia's falls to Tajikistan; the
    command's --on and the API's on are not ignored."""
    out = json.loads(run("presidency", "--next", "--on", "2020-09-10", "--json"))
    assert out["after"]["state"] == "RUS"
    assert out["next"]["state"] == "TJK"
    api = client.get("/api/presidencies/next", {"on": "2020-09-10"}).json()
    assert api["after"]["state"] == "RUS" and api["state"] == "TJK"
    assert client.get("/api/presidencies/next", {"on": "10.09.2020"}).status_code == 422


def test_the_recorded_sequence_marks_only_real_deviations(sco):
    """Russia's 2019 turn deviates (with its reason); Iran, new in 2023, is not owed a turn."""
    sequence = selectors.presidency_sequence()
    deviating = [(t.presidency.state.code, t.default_state) for t in sequence if t.deviates]
    assert deviating == [("RUS", "PAK")]
    assert "Pakistan" in sequence[1].presidency.reason


def test_the_chair_of_the_ministers_is_the_presidencys_foreign_minister(sco):
    """Sergey Lavrov chaired the CFM of 10 September 2020, derived from the charter."""
    chair = selectors.chair_of(selectors.body_get("cfm"), dt.date(2020, 9, 10))
    assert chair.state.code == "RUS"
    assert chair.official.name("en") == "Sergey Lavrov"
    assert chair.official.name("ru") == "Сергей Лавров"


def test_the_secretariat_is_led_by_its_secretary_general(sco):
    """In 2020 the Secretariat's chair is its Secretary-General, Vladimir Norov."""
    chair = selectors.chair_of(selectors.body_get("secretariat"), dt.date(2020, 9, 10))
    assert chair.official.name("en") == "Vladimir Norov"


def test_a_bad_date_is_refused_with_exit_code_2(sco):
    """`--on 2020-13-01` names the field and the expected form."""
    with pytest.raises(CommandError) as caught:
        run("members", "--on", "2020-13-01")
    assert caught.value.returncode == 2
    assert "on: '2020-13-01' is not a date" in str(caught.value)


def test_reading_the_members_takes_a_fixed_number_of_queries(sco, django_assert_max_num_queries):
    """Listing everyone on a date is one query for memberships and states together, and one
    for the charter's collation, whatever the number of states."""
    with django_assert_max_num_queries(2):
        selectors.memberships_on(dt.date(2020, 9, 10), "zh")


def test_lists_follow_each_languages_order(sco):
    """English and Russian lists go by the alphabet; Chinese lists by the pinyin of the names."""
    members = set(selectors.member_codes_on(dt.date(2020, 9, 10)))
    in_order = {lang: [c for c in selectors.state_order(lang) if c in members]
                for lang in ("en", "ru", "zh")}
    assert in_order["en"] == ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    assert in_order["ru"] == ["IND", "KAZ", "CHN", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    assert in_order["zh"] == ["PAK", "RUS", "KAZ", "KGZ", "TJK", "UZB", "IND", "CHN"]


def test_the_charter_is_parsed_once_per_version_in_one_query(sco):
    """Every page asks for the charter: after the first read the registry sends its hash
    alone (one query, no text), and a charter loaded anew is read and parsed anew."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = selectors.charter()
    text = m.Organization.objects.values_list("charter_text", flat=True).get()
    m.Organization.objects.update(charter_text="not read again")  # same hash, other text
    with CaptureQueriesContext(connection) as queries:
        again = selectors.charter()
    assert again is first and len(queries) == 1
    m.Organization.objects.update(charter_text=text, charter_sha256="0" * 64)
    assert selectors.charter() is not first
    assert selectors.charter().name == first.name
