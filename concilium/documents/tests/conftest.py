"""A draft declaration of the 2020 Moscow meetings, built through the services."""

import datetime as dt

import pytest

from concilium.documents import services

SEPT_10_2020 = dt.date(2020, 9, 10)
MEMBERS_2020 = ("CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")


def everyone_agrees(symbol: str, actor, *, on=SEPT_10_2020, members=MEMBERS_2020) -> None:
    """Every member of 2020 states its agreement to the whole text (silence is not support)."""
    for code in members:
        services.position_record(symbol=symbol, state=code, stance="agree", on=on,
                                 acting_user=actor)

PARAGRAPHS = [
    {"en": "The Member States reaffirm their commitment to the SCO Charter.",
     "ru": "Государства-члены подтверждают приверженность Хартии ШОС.",
     "zh": "成员国重申恪守上合组织宪章。"},
    {"en": "The Member States [strongly] condemn terrorism in all its forms.",
     "ru": "Государства-члены [решительно] осуждают терроризм во всех его формах.",
     "zh": "成员国[强烈]谴责一切形式的恐怖主义。"},
    {"en": "The Member States support the [Option 1: strengthening | Option 2: review] of "
           "the Organisation's activities.",
     "ru": "Государства-члены выступают за [Вариант 1: укрепление | Вариант 2: пересмотр] "
           "деятельности Организации.",
     "zh": "成员国支持[方案1：加强 | 方案2：审议]本组织的活动。"},
]



@pytest.fixture
def draft(secretariat_officer):
    """Three paragraphs in Russian, Chinese and English; three brackets in paragraphs 2-3."""
    return services.document_create(
        doc_type="declaration", body="cfm", lang="en", paragraphs=PARAGRAPHS,
        titles={"en": "Draft Moscow Declaration", "ru": "Проект Московской декларации"},
        symbol="SCO/CFM/2020/DRAFT.1", acting_user=secretariat_officer)


@pytest.fixture
def public_draft(secretariat_officer):
    return services.document_create(
        doc_type="press-release", body="cfm", lang="en", classification="public",
        paragraphs=["The Council of Foreign Ministers met in Moscow."],
        titles={"en": "Press release"}, symbol="SCO/CFM/2020/PR.1",
        acting_user=secretariat_officer)


@pytest.fixture
def released_draft(secretariat_officer):
    return services.document_create(
        doc_type="report", body="cfm", lang="en", classification="released",
        paragraphs=["The Secretary-General reported on the year's work."],
        titles={"en": "Report"}, symbol="SCO/CFM/2020/REP.1", acting_user=secretariat_officer)
