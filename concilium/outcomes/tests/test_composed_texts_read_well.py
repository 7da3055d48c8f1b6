"""Every kind of composed text, in every language, reads as a secretariat would write it:
for the 2020 meetings, for a meeting recorded from scratch through the services, and with
no list sentence left empty, no wrong plural, no subject given twice, no word of another
language."""

import datetime as dt

import pytest

from concilium.documents.services import document_create, position_record
from concilium.meetings.services import agenda_item_add, delegation_add, meeting_create
from concilium.outcomes.composer import DOC_TYPES, compose
from concilium.outcomes.composer.checks import problems
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import sco_2020

LANGS = ("en", "ru", "zh")
MEMBERS_2021 = ("CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
DAY = dt.date(2021, 7, 14)  # mid-term of the Tajik presidency (11 November 2020 – 17 September 2021)


def _compose_all(slug, actor):
    """The outcome texts (the notes verbales and the list of participants have their own
    tests, test_notes_verbales.py and test_participants.py, which run the same checks)."""
    return {(kind, lang): compose(kind, slug, lang=lang, actor=actor)
            for kind in DOC_TYPES for lang in LANGS}


def _report(texts):
    return {f"{kind} {lang}": found for (kind, lang), text in texts.items()
            if (found := problems(text.as_text(), lang))}


def test_the_checker_catches_what_a_reader_would():
    """Each fault of the issue is caught; a good sentence passes."""
    assert problems("The Ministers approved the.", "en")
    assert problems("The Council adopted 1 documents: 1 × Statement.", "en")
    assert problems("The Council adopted the following:.", "en")
    assert problems("The member states We, the Foreign Ministers, met.", "en")
    assert problems("Совет принял документы: Statement.", "ru")
    assert problems("会议由Russia主持。", "zh")
    assert problems("Протокол заседания Held in Москва.", "ru")
    assert problems("Председательство в ШОС переходит к Армении.", "ru", foreign=("ШОС",))
    assert problems("Документ (SCO/CFM/2020/PR.1) утверждён.", "ru") == []
    assert problems("The Council of Heads of State adopted 17 documents.", "en") == []


@pytest.mark.parametrize("slug", ["cnc-2020-09-04", "cfm-2020-09-10", "chs-2020-11-10"])
def test_every_text_of_the_2020_meetings_reads_well(sco, secretariat_officer, slug):
    """Press release, communique and minutes of each 2020 meeting, in three languages."""
    sco_2020.load(acting_user=SYSTEM)
    assert _report(_compose_all(slug, secretariat_officer)) == {}


@pytest.fixture
def dushanbe(sco, secretariat_officer):
    """A ministers' meeting recorded from scratch: the city given in English only, an
    agreed press release whose first paragraph has its own subject, India's view on one
    paragraph and its staying out of another, an item with nothing on it."""
    actor = secretariat_officer
    meeting = meeting_create(body="cfm", start=DAY, city="Dushanbe", acting_user=actor)
    doc = document_create(
        doc_type="press-release", body="cfm", lang="en", acting_user=actor,
        titles={"en": "Points for the press release", "ru": "Положения информационного "
                "сообщения", "zh": "新闻公报要点"},
        paragraphs=[
            {"en": "We, the Ministers, met in a spirit of friendship.",
             "ru": "Мы, министры, встретились в духе дружбы.", "zh": "我们外长本着友好精神举行会晤。"},
            {"en": "welcomed the growth of trade.", "ru": "приветствовали рост торговли.",
             "zh": "欢迎贸易增长。"},
            {"en": "supported the new transport corridor.",
             "ru": "поддержали новый транспортный коридор.", "zh": "支持新的运输走廊。"}])
    agenda_item_add(meeting=meeting.slug, decision_sought="discuss", documents=[doc.symbol],
                    titles={"en": "Regional cooperation", "ru": "Региональное сотрудничество",
                            "zh": "地区合作"}, acting_user=actor)
    agenda_item_add(meeting=meeting.slug, decision_sought="hear_report",
                    reporter="Vladimir Norov",
                    titles={"en": "The activities of the Secretariat",
                            "ru": "О деятельности Секретариата", "zh": "秘书处的工作"},
                    acting_user=actor)
    for code in ("TJK", "RUS", "IND"):
        delegation_add(meeting=meeting.slug, state=code, acting_user=actor)
    position_record(symbol=doc.symbol, state="IND", stance="not_participating", paragraph=3,
                    on=DAY, acting_user=actor)
    position_record(symbol=doc.symbol, state="IND", stance="view", paragraph=2, on=DAY,
                    text="India sees trade growing with every neighbour.", acting_user=actor)
    for code in MEMBERS_2021:
        position_record(symbol=doc.symbol, state=code, stance="agree", on=DAY,
                        acting_user=actor)
    return meeting


def test_a_meeting_recorded_from_scratch_reads_well(dushanbe, secretariat_officer):
    """Every text of a meeting no scenario wrote reads well; facts come from the records."""
    texts = _compose_all(dushanbe.slug, secretariat_officer)
    assert _report(texts) == {}
    ru = texts["press-release", "ru"].as_text()
    assert "14 июля 2021 г. в Душанбе" in ru  # the charter's [places] name, declined
    assert "Мы, министры, встретились" in ru and "Министры Мы" not in ru
    en = texts["press-release", "en"].as_text()
    assert "\nWe, the Ministers, met" in en
    # Mid-term: the presidency does not pass, and is not commended before its last meeting.
    # No summit closing the term is on record, so no meeting is yet its last.
    every = "\n".join(t.as_text() for t in texts.values())
    assert "passes to" not in every and "commended" not in every and "оценили" not in every
    minutes = {lang: texts["minutes", lang].as_text() for lang in LANGS}
    assert "India did not take part in paragraph 3" in minutes["en"]
    assert "Делегация Индии не участвовала в принятии абзаца 3" in minutes["ru"]
    assert "印度未参与" in minutes["zh"]
    assert "India sees trade growing" in minutes["en"]
    assert "杜尚别" in minutes["zh"]
    assert "Present were the delegations of India, Russia and Tajikistan." in minutes["en"]
    assert "делегации Индии, России и Таджикистана" in minutes["ru"]

