"""The dashboard's bar tells agreed paragraphs (an outcome the chair recorded, or consensus
reached) from those nobody has discussed yet: a clean paragraph is not agreed for having no
brackets and no objection."""

import pytest

from concilium.documents import services as ds
from concilium.rules.permissions import SYSTEM
from concilium.web.sample import MEMBERS, SESSION_DAY, sample_document

SYMBOL = "SCO/CFM/2020/BAR"
ON = f"/?on={SESSION_DAY.isoformat()}"


def _agree(code, paragraph=None):
    ds.position_record(symbol=SYMBOL, state=code, stance="agree", paragraph=paragraph,
                       on=SESSION_DAY, acting_user=SYSTEM)


def _legend(html: str) -> str:
    start = html.index('class="legend"', html.index(SYMBOL))
    return html[start:html.index("</p>", start)]


@pytest.fixture
def statement(sco):
    """Six paragraphs: 1, 3 and 5 bracketed; 2, 4 and 6 clean; nobody has spoken yet."""
    return sample_document(symbol=SYMBOL, paragraphs=6, positions=False)


@pytest.mark.django_db
class TestTheDashboardsProgressBar:
    def test_clean_paragraphs_nobody_spoke_on_are_not_yet_discussed(self, as_officer,
                                                                    statement):
        legend = _legend(as_officer.get(ON).content.decode())
        assert "0 agreed" in legend and "3 bracketed" in legend
        assert "3 not yet discussed" in legend and "0 under discussion" in legend

    def test_consensus_agrees_and_a_partial_hearing_is_under_discussion(self, as_officer,
                                                                        statement):
        """Every member agrees to paragraph 2: agreed. Only India has spoken on
        paragraph 4: under discussion. Paragraph 6 is still untouched."""
        for code in MEMBERS:
            _agree(code, paragraph=2)
        _agree("IND", paragraph=4)
        legend = _legend(as_officer.get(ON).content.decode())
        assert "1 agreed" in legend and "1 under discussion" in legend
        assert "1 not yet discussed" in legend

    def test_agreement_to_the_whole_text_carries_to_its_clean_paragraphs(
            self, as_officer, statement):
        for code in MEMBERS:
            _agree(code)
        legend = _legend(as_officer.get(ON).content.decode())
        assert "3 agreed" in legend and "3 bracketed" in legend
        assert "0 not yet discussed" in legend

    def test_an_outcome_the_chair_recorded_counts_as_agreed(self, as_officer, russian_chair,
                                                            statement):
        for code in MEMBERS:
            _agree(code, paragraph=4)
        ds.text_outcome_record(symbol=SYMBOL, kind="agreed_ad_ref", paragraph=4,
                               on=SESSION_DAY, acting_user=russian_chair)
        legend = _legend(as_officer.get(ON).content.decode())
        assert "1 agreed" in legend and "2 not yet discussed" in legend

    def test_the_bar_is_described_in_words_for_screen_readers(self, as_officer, statement):
        html = as_officer.get(ON).content.decode()
        assert ("0 of 6 paragraphs agreed, 3 bracketed, 0 objected to, 0 under discussion, "
                "3 not yet discussed") in html
