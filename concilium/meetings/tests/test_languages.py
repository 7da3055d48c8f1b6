"""The official languages gate an agreement: a text is agreed only when its Russian and
Chinese versions are present and current in every paragraph, or the Secretariat waives a
language with the reason, which the minutes then show."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from concilium.audit.models import AuditRecord
from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.documents.models import Document
from concilium.documents.services import paragraph_text_set
from concilium.meetings import models as m
from concilium.meetings import services
from concilium.meetings.minutes import minutes, render_minutes
from concilium.meetings.tests import scenario

SYMBOL = "SCO/CFM/2020/STATEMENT-VICTORY"
CONNECTIVITY = {"en": "They support connectivity.", "ru": "Они поддерживают взаимосвязанность.",
                "zh": "他们支持互联互通。"}
RU_ONLY = {"en": "They welcome the results.", "ru": "Они приветствуют итоги."}


def written():
    return m.Decision.objects.count(), AuditRecord.objects.count()


@pytest.fixture
def cnc(secretariat_officer):
    """The coordinators have the statement on their agenda; its second paragraph was changed
    in Russian after the Chinese text was made, and its third has no Chinese text."""
    cnc, _cfm, _chs = scenario.plan_2020(secretariat_officer)
    scenario.draft(secretariat_officer, SYMBOL, "cfm-statement", "Victory",
                   paragraphs=(scenario.REAFFIRMED, CONNECTIVITY, RU_ONLY))
    paragraph_text_set(symbol=SYMBOL, paragraph=2, lang="ru",
                       text="Они поддерживают взаимосвязанность и развитие.",
                       expected_version=None, acting_user=secretariat_officer)
    paragraph_text_set(symbol=SYMBOL, paragraph=2, lang="en",
                       text="They support connectivity and development.",
                       expected_version=None, acting_user=secretariat_officer)
    services.agenda_item_add(meeting=cnc.slug, titles="Statement", decision_sought="discuss",
                             documents=[SYMBOL], acting_user=secretariat_officer)
    scenario.members_agree(secretariat_officer, [SYMBOL])
    return cnc


def agree(cnc, chair):
    return services.decision_record(meeting=cnc.slug, item=1, kind="agreed_ad_ref",
                                    on="2020-09-09", acting_user=chair)


def test_an_outdated_chinese_paragraph_stops_the_agreement_and_is_named(cnc, russian_chair):
    before = written()
    with pytest.raises(Conflict) as refused:
        agree(cnc, russian_chair)
    message = refused.value.message
    assert refused.value.field == "document"
    assert "official languages (ru, zh) must be present and current in every paragraph" \
        in message
    assert "in Chinese (zh) paragraph(s) 3 are missing, paragraph(s) 2 are out of date" \
        in message
    assert "Russian (ru)" not in message
    assert written() == before
    assert Document.objects.get(symbol=SYMBOL).status == "draft"


def test_a_waiver_lets_it_pass_and_the_minutes_say_so(cnc, secretariat_officer,
                                                      russian_chair):
    services.language_waiver_record(document=SYMBOL, lang="zh",
                                    reason="The Chinese text will follow by 15 September.",
                                    acting_user=secretariat_officer)
    [decision] = agree(cnc, russian_chair)
    assert decision.outcome["exceptions"] == [
        {"rule": "languages", "subject": "zh", "paragraphs": [2, 3],
         "reason": "The Chinese text will follow by 15 September."}]
    text = render_minutes(minutes(cnc, "en"))
    assert "Exceptions to the rules recorded by the Secretariat" in text
    assert "agreed ad referendum without a current Chinese text of paragraph(s) 2, 3. " \
        "Reason: “The Chinese text will follow by 15 September.”" in text  # as recorded
    assert "без актуального текста пункта(ов) 2, 3 на языке: китайский" in render_minutes(
        minutes(cnc, "ru"))


def test_complete_translations_need_no_waiver(cnc, secretariat_officer, russian_chair):
    paragraph_text_set(symbol=SYMBOL, paragraph=2, lang="zh", text="他们支持互联互通与发展。",
                       expected_version=None, acting_user=secretariat_officer)
    paragraph_text_set(symbol=SYMBOL, paragraph=3, lang="zh", text="他们欢迎取得的成果。",
                       expected_version=None, acting_user=secretariat_officer)
    [decision] = agree(cnc, russian_chair)
    assert "exceptions" not in decision.outcome


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"lang": "en", "reason": "English is a working language"}, "lang"),
    ({"lang": "fr", "reason": "r"}, "lang"),
    ({"lang": "zh", "reason": ""}, "reason"),
])
def test_only_an_official_language_is_waived_and_with_a_reason(cnc, secretariat_officer,
                                                               kwargs, field):
    before = written()
    with pytest.raises(ValidationFailed) as refused:
        services.language_waiver_record(document=SYMBOL, acting_user=secretariat_officer,
                                        **kwargs)
    assert refused.value.field == field
    assert written() == before


def test_the_doors_record_a_waiver_and_refuse_others(as_, cnc, secretariat_officer,
                                                     russian_chair, indian_delegate):
    with pytest.raises(Forbidden):
        services.language_waiver_record(document=SYMBOL, lang="zh", reason="r",
                                        acting_user=russian_chair)
    r = as_(indian_delegate, "post", "/api/exceptions/languages",
            json={"document": SYMBOL, "lang": "zh", "reason": "r"})
    assert r.status_code == 403
    r = as_(secretariat_officer, "post", "/api/exceptions/languages",
            json={"document": SYMBOL, "lang": "en", "reason": "r"})
    assert r.status_code == 422 and r.json()["field"] == "lang"
    with pytest.raises(CommandError) as refused:
        call_command("exception", "languages", SYMBOL, "--lang", "xx", "--reason", "r",
                     stdout=io.StringIO())
    assert refused.value.returncode == 2
    out = io.StringIO()
    call_command("exception", "languages", SYMBOL, "--lang", "zh", "--reason",
                 "Chinese to follow.", stdout=out)
    assert "without a complete, current text in 'zh'" in out.getvalue()
    r = as_(secretariat_officer, "post", "/api/exceptions/languages",
            json={"document": SYMBOL, "lang": "zh", "reason": "again"})
    assert r.status_code == 422 and "already recorded" in r.json()["message"]
    agree(cnc, russian_chair)
