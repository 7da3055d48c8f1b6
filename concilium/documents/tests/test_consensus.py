"""The consensus engine applied to a document: per paragraph and as a whole."""

import pytest

from concilium.documents import selectors, services
from concilium.documents.tests.conftest import MEMBERS_2020, SEPT_10_2020, everyone_agrees
from concilium.rules.consensus import Status

BRI_EN = ("Reaffirming their support for the Belt and Road Initiative, the Republic of "
          "Kazakhstan, the Kyrgyz Republic, the Islamic Republic of Pakistan, the Russian "
          "Federation, the Republic of Tajikistan and the Republic of Uzbekistan note the "
          "ongoing work to implement it, including efforts to link the construction of the "
          "Eurasian Economic Union and the Belt and Road.")
BRI_RU = ("Подтверждая поддержку инициативы «Один пояс, один путь», Республика Казахстан, "
          "Кыргызская Республика, Исламская Республика Пакистан, Российская Федерация, "
          "Республика Таджикистан и Республика Узбекистан отмечают проводимую работу по её "
          "реализации.")


@pytest.fixture
def moscow(secretariat_officer):
    """The CFM statement of 10 September 2020 with its Belt and Road paragraph (number 2)."""
    return services.document_create(
        doc_type="cfm-statement", body="cfm", lang="en", symbol="SCO/CFM/2020/ST.1",
        titles={"en": "Joint Statement", "ru": "Совместное заявление"},
        paragraphs=[
            {"en": "The ministers exchanged views on regional cooperation.",
             "ru": "Министры обменялись мнениями о региональном сотрудничестве."},
            {"en": BRI_EN, "ru": BRI_RU, "proponents": ["CHN"]},
        ], acting_user=secretariat_officer)


def test_belt_and_road_paragraph_of_2020(moscow, indian_delegate, secretariat_officer):
    """Eight members on 10 September 2020 agree to the text; India does not participate in
    paragraph 2 and China, whose initiative the text names, is left out of the listed
    supporters: the paragraph is adopted with the six supporters in the alphabetical order
    of the text's language."""
    everyone_agrees(moscow.symbol, secretariat_officer)
    services.position_record(symbol=moscow.symbol, state="IND", paragraph=2,
                             stance="not_participating", on=SEPT_10_2020,
                             acting_user=indian_delegate)
    result = selectors.document_consensus(moscow, on=SEPT_10_2020)
    bri = result.paragraphs[1].outcome
    assert bri.status is Status.ADOPTED
    assert bri.supporters == ("KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
    assert bri.not_participating == ("IND",)
    assert result.paragraphs[0].outcome.supporters == (
        "CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
    assert result.outcome.status is Status.ADOPTED
    russian = selectors.document_consensus(moscow, on=SEPT_10_2020, lang="ru")
    assert russian.paragraphs[1].outcome.supporters == (
        "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
    # Russian order of paragraph 1: Индия, Казахстан, Китай, Кыргызстан, Пакистан, ...
    assert russian.paragraphs[0].outcome.supporters == (
        "IND", "KAZ", "CHN", "KGZ", "PAK", "RUS", "TJK", "UZB")


def test_objection_blocks_the_whole_document(draft, indian_delegate, pakistani_delegate):
    """One objection to one paragraph blocks the document; views go to the minutes."""
    services.position_record(symbol=draft.symbol, state="IND", paragraph=1, stance="object",
                             text="The wording prejudges the review.", on=SEPT_10_2020,
                             acting_user=indian_delegate)
    services.position_record(symbol=draft.symbol, state="PAK", stance="view",
                             text="Pakistan reads paragraph 1 as non-binding.",
                             on=SEPT_10_2020, acting_user=pakistani_delegate)
    result = selectors.document_consensus(draft, on=SEPT_10_2020)
    assert result.outcome.status is Status.BLOCKED
    assert result.objections == [("IND", 1, "The wording prejudges the review.")]
    assert result.views == [("PAK", None, "Pakistan reads paragraph 1 as non-binding.")]
    assert result.objected == [1]
    assert result.still_objecting == {"IND": [1]}
    assert result.bracketed == [2, 3]


def test_brackets_keep_the_document_pending(draft, secretariat_officer):
    everyone_agrees(draft.symbol, secretariat_officer)
    result = selectors.document_consensus(draft, on=SEPT_10_2020)
    assert result.brackets == 2
    assert result.outcome.status is Status.PENDING
    assert [p.outcome.status for p in result.paragraphs] == [
        Status.ADOPTED, Status.PENDING, Status.PENDING]
    assert result.agreed == [1]


def test_a_silent_member_is_not_a_supporter(moscow, secretariat_officer):
    """At a meeting, a member that has said nothing is listed as silent, never among the
    supporters, and the text waits for it; in a silence procedure its silence counts."""
    everyone_agrees(moscow.symbol, secretariat_officer,
                    members=[c for c in MEMBERS_2020 if c != "UZB"])
    result = selectors.document_consensus(moscow, on=SEPT_10_2020)
    assert result.outcome.status is Status.PENDING
    assert result.outcome.silent == ("UZB",)
    assert "UZB" not in result.outcome.supporters
    assert "UZB" not in result.paragraphs[0].outcome.supporters
    assert result.outcome.agreeing == tuple(c for c in MEMBERS_2020 if c != "UZB")
    procedure = selectors.document_consensus(moscow, on=SEPT_10_2020, in_procedure=True)
    assert procedure.outcome.status is Status.ADOPTED
    assert procedure.outcome.silent == ("UZB",)
    assert "UZB" not in procedure.outcome.supporters


def test_a_paragraph_position_outweighs_the_whole_document_one(moscow, secretariat_officer,
                                                               indian_delegate):
    """Agreement to the whole text carries to each paragraph unless the state said
    otherwise on the paragraph, whichever came first."""
    services.position_record(symbol=moscow.symbol, state="IND", paragraph=2,
                             stance="not_participating", on=SEPT_10_2020,
                             acting_user=indian_delegate)
    everyone_agrees(moscow.symbol, secretariat_officer)
    result = selectors.document_consensus(moscow, on=SEPT_10_2020)
    assert result.paragraphs[1].outcome.not_participating == ("IND",)
    assert "IND" in result.paragraphs[0].outcome.agreeing
    assert result.outcome.status is Status.ADOPTED


def test_agreed_ad_referendum_at_coordinators_level(public_draft, secretariat_officer):
    """Clean text, every member agreeing ad referendum: agreed ad ref."""
    members = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]
    for code in members[:-1]:
        services.position_record(symbol=public_draft.symbol, state=code, stance="agree",
                                 ad_referendum=True, on=SEPT_10_2020,
                                 acting_user=secretariat_officer)
    assert not selectors.document_consensus(public_draft, on=SEPT_10_2020).ad_referendum
    services.position_record(symbol=public_draft.symbol, state="UZB", stance="agree",
                             ad_referendum=True, on=SEPT_10_2020,
                             acting_user=secretariat_officer)
    result = selectors.document_consensus(public_draft, on=SEPT_10_2020)
    assert result.ad_referendum and result.outcome.adopted
