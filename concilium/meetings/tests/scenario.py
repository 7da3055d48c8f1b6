"""The 2020 cycle built through the real services: CNC in Moscow, CFM in Moscow, CHS by video.

Shared by the meetings tests; each step is one call a secretariat officer or the chair makes.
"""

from __future__ import annotations

from concilium.documents.services import document_create, position_record
from concilium.meetings import services

CHS_DOCS = {
    "SCO/CHS/2020/DECL": ("declaration", "Moscow Declaration of the Council of Heads of State"),
    "SCO/CHS/2020/PLAN": ("action-plan", "Action Plan 2021-2025 for the SCO Development Strategy"),
    "SCO/CHS/2020/MOU-ESCAP": ("memorandum", "Memorandum of Understanding with ESCAP"),
}
MEMBERS_2020 = ("CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
REPORT = "SCO/CFM/2020/REPORT"
STATEMENT = "SCO/CFM/2020/STATEMENT-VICTORY"


#: A paragraph in English and in the charter's official languages, so that it can be agreed.
REAFFIRMED = {"en": "The Member States reaffirmed their commitment.",
              "ru": "Государства-члены подтвердили свою приверженность.",
              "zh": "成员国重申了各自的承诺。"}


def draft(officer, symbol, doc_type, title, *, classification="members",
          paragraphs=(REAFFIRMED,)):
    return document_create(doc_type=doc_type, body="secretariat", titles={"en": title},
                           lang="en", paragraphs=list(paragraphs), symbol=symbol,
                           classification=classification, acting_user=officer)


BETWEEN_MEETINGS = "Agreed by correspondence between meetings."


def between_meetings(officer, symbol, bodies=("cnc", "cfm")):
    """The secretariat records that a text agreed by correspondence skips the coordinators'
    and the ministers' steps on its way to the heads of state (`bodies`: the steps below its
    approving body)."""
    for body in bodies:
        services.ladder_exception_record(document=symbol, body=body, reason=BETWEEN_MEETINGS,
                                         acting_user=officer)


def plan_2020(officer):
    """The three meetings of autumn 2020, planned before any decision is taken."""
    cnc = services.meeting_create(body="cnc", start="2020-09-04", end="2020-09-09",
                                  format="in_person", city={"en": "Moscow", "ru": "Москва",
                                                            "zh": "莫斯科"},
                                  host_state="RUS", acting_user=officer)
    cfm = services.meeting_create(body="cfm", start="2020-09-10", format="in_person",
                                  city={"en": "Moscow", "ru": "Москва", "zh": "莫斯科"},
                                  host_state="RUS", acting_user=officer)
    chs = services.meeting_create(body="chs", start="2020-11-10", format="video",
                                  host_state="RUS", acting_user=officer)
    return cnc, cfm, chs


def documents_2020(officer):
    docs = {s: draft(officer, s, t, title) for s, (t, title) in CHS_DOCS.items()}
    docs[REPORT] = draft(officer, REPORT, "report",
                         "Report of the Secretariat on the activities of the SCO in 2019-2020",
                         classification="public")
    docs[STATEMENT] = draft(officer, STATEMENT, "cfm-statement",
                            "Statement on the 75th anniversary of the Victory in World War II",
                            classification="public")
    return docs


def members_agree(officer, symbols, on="2020-09-09", *, members=MEMBERS_2020):
    """Every member states its agreement to each text (at a meeting silence is not support)."""
    for symbol in symbols:
        for code in members:
            position_record(symbol=symbol, state=code, stance="agree", ad_referendum=True,
                            on=on, acting_user=officer)


def cnc_agrees_everything(officer, chair, cnc):
    """The coordinators put every draft on their agenda, every member agrees, and they
    agree each ad referendum."""
    services.agenda_item_add(meeting=cnc.slug, titles={"en": "Draft documents for the CHS and CFM"},
                             decision_sought="discuss", documents=[*CHS_DOCS, REPORT, STATEMENT],
                             acting_user=officer)
    members_agree(officer, [*CHS_DOCS, REPORT, STATEMENT])
    return services.decision_record(meeting=cnc.slug, item=1, kind="agreed_ad_ref",
                                    on="2020-09-09", acting_user=chair)


def item_for(meeting, sought: str) -> int:
    """The number of the meeting's agenda item seeking this decision."""
    return meeting.agenda.get(decision_sought=sought).number


def moscow_cfm_with_2020_documents(officer):
    """The ministers' meeting in Moscow on 10 September 2020 with the 2020 documents on one
    agenda item to take note of: (meeting, symbols)."""
    cfm = services.meeting_create(body="cfm", start="2020-09-10", city="Moscow",
                                  host_state="RUS", acting_user=officer)
    docs = documents_2020(officer)
    services.agenda_item_add(meeting=cfm.slug, decision_sought="take_note", documents=[*docs],
                             acting_user=officer)
    return cfm, list(docs)


def circulate(officer, meeting, symbols, date="2020-08-21"):
    """The Secretariat circulates `symbols` to `meeting` (on 21 August 2020 by default)."""
    services.meeting_circulate(meeting=meeting.slug, documents=symbols, date=date,
                               acting_user=officer)


def summit_without_the_ministers(officer, chair):
    """The coordinators agreed the drafts; the ministers never took up the declaration; the
    heads of state have it on their agenda: the summit meeting."""
    cnc, _cfm, chs = plan_2020(officer)
    documents_2020(officer)
    cnc_agrees_everything(officer, chair, cnc)
    services.agenda_item_add(meeting=chs.slug, titles="Moscow Declaration",
                             decision_sought="adopt", documents=["SCO/CHS/2020/DECL"],
                             acting_user=officer)
    return chs
