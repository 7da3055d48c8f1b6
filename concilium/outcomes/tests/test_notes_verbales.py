"""The Secretariat's notes verbales for the foreign ministers' meeting of 10 September 2020,
composed from the records of the scenario sco-2020: the convocation and the circulation of
the drafts, in English, Russian and Chinese, with the diplomatic formulae of each language,
the documents and the deadline for comments; as PDF and Word files that open; numbered in
the registry of correspondence only when issued."""

import datetime as dt
import io
import subprocess
import threading

import docx
import pytest
from django.db import connection

from concilium.audit.models import Action, AuditRecord
from concilium.core.errors import Forbidden, NotFound, ValidationFailed
from concilium.meetings.services import meeting_create
from concilium.outcomes.composer import compose, render
from concilium.outcomes.composer.checks import problems
from concilium.outcomes.correspondence import note_compose, note_issue, note_list
from concilium.outcomes.models import Note
from concilium.rules.permissions import SYSTEM
from concilium.scenarios import sco_2020

CFM = "cfm-2020-09-10"
CHS = "chs-2020-11-10"
SENT = dt.date(2020, 8, 14)  # the day the drafts were circulated

OPENING = {
    "en": "The Secretariat of the Shanghai Cooperation Organisation presents its compliments "
          "to the Missions of the Member States of the Shanghai Cooperation Organisation",
    "ru": "Секретариат Шанхайской организации сотрудничества свидетельствует своё уважение "
          "представительствам государств – членов Шанхайской организации сотрудничества",
    "zh": "上海合作组织秘书处向上海合作组织各成员国代表机构致意，并谨",
}
HONOUR = {"en": "and has the honour to", "ru": "и имеет честь", "zh": "并谨"}
CLOSING = {
    "en": "avails itself of this opportunity to renew to the Missions of the Member States of "
          "the Shanghai Cooperation Organisation the assurances of its highest consideration.",
    "ru": "пользуется случаем, чтобы возобновить представительствам государств – членов "
          "Шанхайской организации сотрудничества уверения в своём высоком уважении.",
    "zh": "顺致崇高的敬意。",
}
#: Comments are due 10 days before the meeting (the charter's `comments_days`).
DEADLINE = {"en": "no later than 31 August 2020", "ru": "не позднее 31 августа 2020 г.",
            "zh": "不迟于2020年8月31日"}
REPORT = {"en": "Report on the Work of the SCO Secretariat over the Past Year",
          "ru": "«Доклад о работе Секретариата ШОС за прошедший год»",
          "zh": "上海合作组织秘书处过去一年工作报告"}
MEETING = {"en": "meeting of the Council of Foreign Ministers of the SCO Member States",
           "ru": "заседани",  # the case follows the sentence: checked below per kind
           "zh": "上海合作组织成员国外长理事会"}


@pytest.fixture
def scenario(sco):
    sco_2020.load(acting_user=SYSTEM)


def _note(note, lang, **kw):
    return compose("note-verbale", CFM, lang=lang, actor=SYSTEM, note=note, date=SENT, **kw)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
@pytest.mark.parametrize("note", ["convocation", "circulation"])
def test_each_note_is_wholly_in_its_language_with_its_formulae(scenario, note, lang):
    """Opening and closing compliments, the report among the documents with its symbol,
    the deadline for comments, the Secretariat's seat and the date; nothing the composer's
    checks would stop at (no English in the Russian or Chinese note)."""
    text = _note(note, lang).as_text()
    assert problems(text, lang) == []
    for expected in (OPENING[lang], HONOUR[lang], CLOSING[lang], DEADLINE[lang],
                     REPORT[lang], "SCO/CFM/2020/REP.1", MEETING[lang]):
        assert expected in text, expected
    assert {"en": "Beijing, 14 August 2020", "ru": "Пекин, 14 августа 2020 г.",
            "zh": "2020年8月14日于北京"}[lang] in text


@pytest.mark.django_db
def test_the_russian_notes_put_the_meeting_in_the_case_of_the_sentence(scenario):
    assert ("что заседание Совета министров иностранных дел государств – членов ШОС "
            "состоится 10 сентября 2020 г. в Москве под председательством России"
            in _note("convocation", "ru").as_text())
    assert ("к заседанию Совета министров иностранных дел государств – членов ШОС, которое "
            "состоится 10 сентября 2020 г. в Москве:" in _note("circulation", "ru").as_text())


@pytest.mark.django_db
def test_the_convocation_gives_the_agenda_and_the_circulation_deadline(scenario):
    text = _note("convocation", "en").as_text()
    assert "will be held in Moscow on 10 September 2020, under the chairmanship of Russia" in text
    assert "The draft agenda of the meeting is as follows:" in text
    assert "6. The report on the work of the SCO Secretariat over the past year" in text
    assert "circulated to the Member States no later than 21 August 2020" in text


@pytest.mark.django_db
def test_the_circulation_lists_each_document_with_the_day_it_was_circulated(scenario):
    paragraphs = _note("circulation", "en").paragraphs
    listed = [p for p in paragraphs if p[:1].isdigit() and "circulated on" in p]
    assert len(listed) == 22
    assert any(p.endswith("(SCO/CFM/2020/REP.1), circulated on 14 August 2020")
               for p in listed)


@pytest.mark.django_db
def test_the_summit_is_convened_with_the_observers_and_dialogue_partners(scenario):
    """The charter invites observers and dialogue partners to the heads of state's meeting,
    not to the ministers': the convocation names them, in the language's order."""
    text = compose("note-verbale", CHS, lang="en", actor=SYSTEM, note="convocation",
                   date=dt.date(2020, 10, 1)).as_text()
    assert ("and to the Missions of the observer states (Afghanistan, Belarus, Iran and "
            "Mongolia) and of the dialogue partners (") in text
    ru = compose("note-verbale", CHS, lang="ru", actor=SYSTEM, note="convocation",
                 date=dt.date(2020, 10, 1)).as_text()
    assert "а также представительствам государств-наблюдателей (Афганистан, Беларусь" in ru
    assert "возобновить представительствам уверения в своём высоком уважении" in ru
    assert problems(ru, "ru") == []
    assert "observer" not in _note("convocation", "en").as_text()


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["en", "ru", "zh"])
def test_the_notes_open_as_pdf_and_docx(scenario, lang, tmp_path):
    """The files parse: the PDF's text (pdftotext) and the Word paragraphs (python-docx)
    carry the opening compliment, the report's symbol and the deadline."""
    text = _note("circulation", lang)
    content, content_type, name = render(text, "docx")
    assert name == f"{CFM}.note-verbale-circulation.{lang}.docx"
    words = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    for expected in (OPENING[lang], "SCO/CFM/2020/REP.1", DEADLINE[lang], CLOSING[lang]):
        assert expected in words, expected
    pdf, content_type, _ = render(text, "pdf")
    assert content_type == "application/pdf" and pdf.startswith(b"%PDF")
    (tmp_path / "note.pdf").write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(tmp_path / "note.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    flat = "".join(out.split())
    for expected in ("SCO/CFM/2020/REP.1", DEADLINE[lang]):
        assert "".join(expected.split()) in flat, expected


@pytest.mark.django_db
class TestRefusals:
    def test_a_note_of_unknown_kind_names_the_field(self, scenario):
        with pytest.raises(ValidationFailed) as refused:
            _note("invitation", "en")
        assert refused.value.field == "note"

    def test_nothing_circulated_means_no_circulation_note(self, scenario):
        meeting_create(body="cnc", start="2020-12-01", city={"en": "Moscow"},
                       host_state="RUS", acting_user=SYSTEM)
        with pytest.raises(ValidationFailed) as refused:
            compose("note-verbale", "cnc-2020-12-01", lang="en", actor=SYSTEM,
                    note="circulation", date=SENT)
        assert refused.value.field == "note"
        assert Note.objects.count() == 0

    def test_the_indian_delegate_does_not_compose_or_issue_notes(self, scenario,
                                                                 indian_delegate):
        with pytest.raises(Forbidden):
            _note_as(indian_delegate)
        with pytest.raises(Forbidden):
            note_issue(meeting=CFM, note="convocation", date=SENT,
                       acting_user=indian_delegate)
        assert Note.objects.count() == 0


def _note_as(actor):
    return compose("note-verbale", CFM, lang="en", actor=actor, note="convocation", date=SENT)


@pytest.mark.django_db
class TestTheRegistryOfCorrespondence:
    def test_a_preview_takes_no_number(self, scenario):
        text = _note("convocation", "en")
        assert text.paragraphs[0] == "No. (given when the note is issued)"
        assert Note.objects.count() == 0

    def test_numbers_are_unique_sequential_and_audited(self, scenario, secretariat_officer):
        """Three notes in 2020 take 1, 2, 3; the first of 2021 starts again at 1; each
        issue is one audit record naming the number."""
        before = AuditRecord.objects.filter(action=Action.NOTE_ISSUE).count()
        issued = [note_issue(meeting=CFM, note=kind, date=SENT + dt.timedelta(days=i),
                             acting_user=secretariat_officer)
                  for i, kind in enumerate(["convocation", "circulation", "circulation"])]
        later = note_issue(meeting=CHS, note="convocation", date="2021-01-05",
                           acting_user=secretariat_officer)
        assert [n.number for n in issued] == ["SCO/NV/2020/1", "SCO/NV/2020/2",
                                              "SCO/NV/2020/3"]
        assert later.number == "SCO/NV/2021/1"
        audit = AuditRecord.objects.filter(action=Action.NOTE_ISSUE).order_by("seq")
        assert audit.count() == before + 4
        assert [a.target_id for a in audit] == [*(n.number for n in issued), later.number]
        assert audit[0].actor == secretariat_officer.username
        assert [n.number for n in note_list(actor=secretariat_officer, meeting=CFM)] == [
            n.number for n in issued]

    def test_an_issued_note_carries_its_number_and_day_of_issue(self, scenario,
                                                              secretariat_officer):
        n = note_issue(meeting=CFM, note="circulation", date=SENT,
                       acting_user=secretariat_officer)
        ru = note_compose(CFM, note=None, lang="ru", actor=secretariat_officer,
                          number=n.number, date=dt.date(2030, 1, 1))
        assert ru.paragraphs[0] == "№ SCO/NV/2020/1"
        assert ru.paragraphs[-1] == "Пекин, 14 августа 2020 г."
        assert problems(ru.as_text(), "ru") == []

    def test_a_number_of_another_meeting_is_not_found(self, scenario, secretariat_officer):
        n = note_issue(meeting=CHS, note="convocation", date=SENT,
                       acting_user=secretariat_officer)
        with pytest.raises(NotFound):
            note_compose(CFM, note=None, lang="en", actor=secretariat_officer,
                         number=n.number)

    def test_a_day_of_issue_is_required(self, scenario, secretariat_officer):
        with pytest.raises(ValidationFailed) as refused:
            note_issue(meeting=CFM, note="convocation", date="10/09/2020",
                       acting_user=secretariat_officer)
        assert refused.value.field == "date"
        assert Note.objects.count() == 0


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_officers_issuing_at_once_get_consecutive_numbers(sco, secretariat_officer):
    """Four notes issued from four connections at once: 1 to 4, none twice (the issue
    holds the registry's lock until it commits)."""
    meeting_create(body="cfm", start="2020-09-10", city={"en": "Moscow"}, host_state="RUS",
                   acting_user=SYSTEM)
    numbers, errors = [], []

    def issue():
        try:
            numbers.append(note_issue(meeting=CFM, note="convocation", date=SENT,
                                      acting_user=secretariat_officer).number)
        except Exception as error:  # reported below, with the numbers
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(numbers) == [f"SCO/NV/2020/{n}" for n in range(1, 5)]
