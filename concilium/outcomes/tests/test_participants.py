"""The list of participants of the foreign ministers' meeting of 10 September 2020, composed
from the delegations the scenario records: states in the order of each language, heads then
members then advisers, with their titles; the endpoints and the command that give it."""

import io
import json

import docx
import pytest
from django.core.management import call_command

from concilium.core.errors import ValidationFailed
from concilium.meetings.services import delegation_compose, meeting_create
from concilium.outcomes.composer import compose, render
from concilium.outcomes.composer.checks import problems
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import sco_2020

CFM = "cfm-2020-09-10"
STATES = {
    "en": ["China", "India", "Kazakhstan", "Kyrgyzstan", "Pakistan", "Russia", "Tajikistan",
           "Uzbekistan"],
    "ru": ["Индия", "Казахстан", "Китай", "Кыргызстан", "Пакистан", "Россия", "Таджикистан",
           "Узбекистан"],
    # The charter's pinyin order.
    "zh": ["巴基斯坦", "俄罗斯", "哈萨克斯坦", "吉尔吉斯斯坦", "塔吉克斯坦", "乌兹别克斯坦",
           "印度", "中国"],
}
LAVROV = {"en": "Head of the delegation: Sergey Lavrov, Minister of Foreign Affairs",
          "ru": "Глава делегации: Сергей Лавров, Министр иностранных дел",
          "zh": "代表团团长：外交部长谢尔盖·拉夫罗夫"}


@pytest.fixture
def scenario(sco):
    sco_2020.load(acting_user=SYSTEM)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_the_ministers_list_composes_from_the_recorded_delegations(scenario, lang):
    text = compose("participants", CFM, lang=lang, actor=SYSTEM)
    assert text.title == {"en": "List of participants", "ru": "Список участников",
                          "zh": "与会人员名单"}[lang]
    states = [p for p in text.paragraphs if p in STATES[lang]]
    assert states == STATES[lang]
    assert LAVROV[lang] in text.paragraphs
    assert len([p for p in text.paragraphs if p.startswith(LAVROV[lang][:8])]) == 8
    assert problems(text.as_text(), lang) == []


@pytest.mark.django_db
def test_heads_then_members_then_advisers_with_titles(scenario, indian_delegate):
    """The Indian delegate's composition, with Russian titles where given, is what the
    list says; the head keeps the registry's title unless another is given."""
    delegation_compose(
        meeting=CFM, state="IND", head="Subrahmanyam Jaishankar",
        members=[{"name": {"en": "Vikas Swarup", "ru": "Викас Сваруп"},
                  "title": {"en": "Secretary (West)", "ru": "Секретарь (Запад)"}}],
        advisers=["Anand Prakash | Joint Secretary"], acting_user=indian_delegate)
    en = compose("participants", CFM, lang="en", actor=SYSTEM).paragraphs
    at = en.index("India")
    assert en[at:at + 6] == [
        "India", "Head of the delegation: Subrahmanyam Jaishankar, Minister of Foreign Affairs",
        "Members of the delegation:", "Vikas Swarup, Secretary (West)", "Advisers:",
        "Anand Prakash, Joint Secretary"]
    assert en[at + 6] == "Kazakhstan"
    ru = compose("participants", CFM, lang="ru", actor=SYSTEM).paragraphs
    assert "Викас Сваруп, Секретарь (Запад)" in ru and "Советники:" in ru


@pytest.mark.django_db
def test_a_head_recorded_by_title_only(scenario):
    delegation_compose(meeting=CFM, state="PAK",
                       head_title={"en": "Minister of Foreign Affairs of Pakistan",
                                   "ru": "Министр иностранных дел Пакистана"},
                       acting_user=SYSTEM)
    en = compose("participants", CFM, lang="en", actor=SYSTEM).paragraphs
    assert "Head of the delegation: Minister of Foreign Affairs of Pakistan" in en


@pytest.mark.django_db
def test_no_delegation_recorded_names_the_meeting(sco):
    meeting_create(body="cnc", start="2020-12-01", city={"en": "Moscow"}, host_state="RUS",
                   acting_user=SYSTEM)
    with pytest.raises(ValidationFailed) as refused:
        compose("participants", "cnc-2020-12-01", lang="en", actor=SYSTEM)
    assert refused.value.field == "meeting"


@pytest.mark.django_db
def test_the_list_opens_as_word(scenario):
    content, _type, name = render(compose("participants", CFM, lang="ru", actor=SYSTEM),
                                  "docx")
    assert name == f"{CFM}.participants.ru.docx"
    words = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
    assert any("Сергей Лавров" in w for w in words)


@pytest.mark.django_db
class TestDoors:
    def test_the_endpoint_gives_the_list_and_the_note(self, scenario, client,
                                                      secretariat_officer,
                                                      django_assert_max_num_queries):
        assert client.login(username="officer", password="demo-pass-2020")
        with django_assert_max_num_queries(60) as few:
            r = client.get(f"/api/compose/participants/{CFM}?lang=zh")
        first = len(few.captured_queries)
        assert r.status_code == 200 and "中国" in r.json()["paragraphs"]
        for code in ("CHN", "IND", "KAZ", "RUS"):  # longer compositions, the same queries
            delegation_compose(meeting=CFM, state=code, head_title="Minister",
                               members=["A | B", "C | D"], advisers=["E"], acting_user=SYSTEM)
        with django_assert_max_num_queries(first):
            assert client.get(f"/api/compose/participants/{CFM}?lang=zh").status_code == 200
        r = client.get(f"/api/compose/note-verbale/{CFM}?lang=ru&note=circulation"
                       "&format=docx")
        assert r.status_code == 200 and r["Content-Type"].startswith(
            "application/vnd.openxmlformats")
        r = client.get(f"/api/compose/note-verbale/{CFM}?lang=ru&note=letter")
        assert r.status_code == 422 and r.json()["field"] == "note"

    def test_the_command_composes_both(self, scenario, capsys):
        call_command("compose", "participants", CFM, "--lang", "ru")
        assert "Глава делегации: Сергей Лавров" in capsys.readouterr().out
        call_command("compose", "note-verbale", CFM, "--kind", "convocation", "--lang", "zh",
                     "--date", "2020-08-14")
        out = capsys.readouterr().out
        assert "上海合作组织秘书处向" in out and "编号：（发出时编定）" in out
        call_command("compose", "note-verbale", CFM, "--kind", "circulation", "--issue",
                     "--date", "2020-08-14", "--lang", "en")
        captured = capsys.readouterr()
        assert "No. SCO/NV/2020/1" in captured.out and "SCO/NV/2020/1" in captured.err
        call_command("compose", "note-verbale", CFM, "--number", "SCO/NV/2020/1",
                     "--lang", "ru")
        assert "№ SCO/NV/2020/1" in capsys.readouterr().out
        call_command("delegation", "list", CFM, "--json")
        rows = json.loads(capsys.readouterr().out)
        assert [r["state"] for r in rows][:2] == ["CHN", "IND"] and not rows[0]["complete"]

