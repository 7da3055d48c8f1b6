"""The minutes of the 2020 CFM, assembled from the records in English, Russian and Chinese."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from concilium.documents.services import position_record
from concilium.meetings import services
from concilium.meetings.minutes import minutes as minutes_of
from concilium.meetings.minutes import render_minutes
from concilium.meetings.tests import scenario
from concilium.outcomes.composer.checks import problems
from concilium.rules.permissions import PUBLIC, SYSTEM
from concilium.scenarios import csto_2023, sco_2020


@pytest.fixture
def cfm_2020(secretariat_officer, russian_chair, indian_delegate):
    """The CFM of 10 September 2020 after its decisions, with India's view recorded."""
    cnc, cfm, _chs = scenario.plan_2020(secretariat_officer)
    scenario.documents_2020(secretariat_officer)
    scenario.cnc_agrees_everything(secretariat_officer, russian_chair, cnc)
    for state, head in (("RUS", "Sergey Lavrov"), ("IND", "Subrahmanyam Jaishankar"),
                        ("CHN", "Wang Yi")):
        services.delegation_add(meeting=cfm.slug, state=state, head=head,
                                acting_user=secretariat_officer)
    services.side_event_add(meeting=cfm.slug, date="2020-09-09", format="video",
                            titles={"en": "President Putin meets the foreign ministers"},
                            host="Vladimir Putin", acting_user=secretariat_officer)
    rats = services.agenda_item_add(
        meeting=cfm.slug, titles={"en": "Report of the RATS Executive Committee",
                                  "ru": "Доклад Исполнительного комитета РАТС"},
        decision_sought="hear_report", reporter="Jumakhon Giyasov",
        acting_user=secretariat_officer)
    position_record(symbol="SCO/CHS/2020/PLAN", state="IND", stance="view", paragraph=1,
                    text="India reaffirms its position on connectivity projects",
                    acting_user=indian_delegate)
    services.package_submit(meeting=cfm.slug, item=scenario.item_for(cfm, "agree_submit"),
                            symbol="SCO/CFM/2020/PACKAGE", titles="Summit documents",
                            acting_user=russian_chair)
    services.decision_record(meeting=cfm.slug, item=scenario.item_for(cfm, "approve"),
                             kind="approved", acting_user=russian_chair)
    services.decision_record(meeting=cfm.slug, item=rats.number, kind="heard_report",
                             acting_user=russian_chair)
    return cfm


def test_the_minutes_are_assembled_from_the_records(cfm_2020):
    """Attendance, agenda, decisions, India's view and the RATS Director's report, in English."""
    minutes = minutes_of(cfm_2020, "en")
    assert minutes.title == "Minutes of the meeting of the Council of Foreign Ministers"
    assert minutes.chair == "Chaired by Sergey Lavrov (Russia)"
    assert [a.delegation for a in minutes.attendance] == ["China", "India", "Russia"]
    assert minutes.attendance[2].head == "Sergey Lavrov"
    assert [r.reporter for r in minutes.reports] == ["Jumakhon Giyasov"]
    assert len(minutes.decisions) == 3 + 2 + 1
    assert [(v.code, v.symbol, v.paragraph) for v in minutes.views] == [
        ("IND", "SCO/CHS/2020/PLAN", 1)]
    text = render_minutes(minutes)
    assert "India reaffirms its position on connectivity projects" in text
    assert "President Putin meets the foreign ministers" in text


def test_the_minutes_use_the_registrys_names_in_each_language(cfm_2020):
    """In Russian and Chinese the body, states and officials carry their own names."""
    ru = minutes_of(cfm_2020, "ru")
    assert ru.body == "Совет министров иностранных дел"
    assert [a.delegation for a in ru.attendance] == ["Индия", "Китай", "Россия"]
    assert ru.reports[0].reporter == "Джумахон Гиёсов"
    assert ru.reports[0].title == "Доклад Исполнительного комитета РАТС"
    zh = minutes_of(cfm_2020, "zh")
    assert zh.body == "成员国外长理事会"
    assert "谢尔盖·拉夫罗夫" in zh.chair
    assert render_minutes(zh).startswith(zh.title)


def test_the_public_minutes_leave_out_members_only_documents(cfm_2020):
    """Read by the public, the minutes list the public report but not the draft declaration."""
    public = minutes_of(cfm_2020, "en", actor=PUBLIC)
    symbols = {d.symbol for d in public.decisions if d.symbol}
    assert symbols == {scenario.REPORT, scenario.STATEMENT}


def test_the_2020_minutes_compose_wholly_in_russian_and_in_chinese(sco):
    """The reference year's three meetings: headings, phrases, dates and punctuation in the
    minutes' language, names from the registry and the charter in it; the composer's checks
    find no foreign word. A reason the Secretariat recorded in English stays as it was
    written, in quotation marks."""
    sco_2020.load(acting_user=SYSTEM)
    report = {(slug, lang): found
              for slug in ("cnc-2020-09-04", "cfm-2020-09-10", "chs-2020-11-10")
              for lang in ("ru", "zh")
              if (found := problems(render_minutes(minutes_of(slug, lang)), lang))}
    assert report == {}
    zh = render_minutes(minutes_of("cfm-2020-09-10", "zh"))
    assert zh.startswith("成员国外长理事会会议纪要\n于2020年9月10日在莫斯科举行\n")
    assert "主持人：谢尔盖·拉夫罗夫（俄罗斯）" in zh and "2020-09-10" not in zh
    assert "中国，团长：王毅" in zh
    ru = render_minutes(minutes_of("cnc-2020-09-04", "ru"))
    assert "4–9 сентября 2020 г." in ru and "2020-09" not in ru
    chs = render_minutes(minutes_of("chs-2020-11-10", "zh"))
    assert "理由：“Agreed by the member states after" in chs


def test_the_command_gives_the_chinese_minutes(cfm_2020, capsys):
    """`concilium meeting minutes <slug> --lang zh` prints what the page shows."""
    call_command("meeting", "minutes", cfm_2020.slug, "--lang", "zh")
    out = capsys.readouterr().out
    assert out == render_minutes(minutes_of(cfm_2020, "zh"))
    assert out.startswith("成员国外长理事会会议纪要\n于2020年9月10日在莫斯科举行")


def test_the_minutes_page_speaks_chinese(cfm_2020, client, secretariat_officer):
    client.force_login(get_user_model().objects.get(username="officer"))
    html = client.get(f"/meetings/{cfm_2020.slug}/minutes/",
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "成员国外长理事会会议纪要" in html and "Minutes of" not in html


def test_the_csto_minutes_are_russian_with_its_own_names(csto):
    """A second organization: its minutes in its one language, with the CSTO's names."""
    text = render_minutes(minutes_of(csto_2023.data.CFM, "ru"))
    assert problems(text, "ru", foreign=("ШОС", "SCO", "Шанхайск")) == []
    assert "Совет министров иностранных дел" in text and "1 июня 2023 г." in text


def test_the_command_gives_minutes_only_in_the_charters_languages(csto, capsys):
    """The CSTO works in Russian: the command's minutes are Russian without `--lang`, and
    English is refused at `lang` with exit 2, not printed with English names."""
    call_command("meeting", "minutes", csto_2023.data.CFM)
    assert capsys.readouterr().out == render_minutes(minutes_of(csto_2023.data.CFM, "ru"))
    with pytest.raises(CommandError) as caught:
        call_command("meeting", "minutes", csto_2023.data.CFM, "--lang", "en")
    assert caught.value.returncode == 2 and "lang" in str(caught.value)
