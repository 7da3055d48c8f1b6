"""Writes to negotiated documents: drafting, proposals, chair's texts, positions."""

import datetime as dt

import pytest

from concilium.audit.models import Action, AuditRecord
from concilium.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from concilium.documents import models as m
from concilium.documents import selectors, services
from concilium.documents.tests.conftest import SEPT_10_2020

SYM = "SCO/CFM/2020/DRAFT.1"


def counts():
    return (m.Document.objects.count(), m.Paragraph.objects.count(),
            m.ParagraphText.objects.count(), m.Version.objects.count(),
            m.Proposal.objects.count(), m.Position.objects.count(),
            AuditRecord.objects.count())


def texts(doc, lang="en"):
    return [p.texts[lang].text for p in selectors.document_paragraphs(doc)]


class TestDocumentCreate:
    def test_creates_paragraphs_texts_and_original_version(self, draft):
        """A new draft has numbered paragraphs in every language and version 0 (original)."""
        assert draft.version == 0
        assert draft.approving_body.slug == "chs"
        assert draft.origin_body.slug == "cfm"
        pars = selectors.document_paragraphs(draft)
        assert [p.number for p in pars] == [1, 2, 3]
        assert [p.key for p in pars] == ["p1", "p2", "p3"]
        assert [p.bracket_count for p in pars] == [0, 1, 1]
        assert selectors.document_brackets(draft) == 2
        assert draft.versions.get().label == "original"
        assert AuditRecord.objects.filter(action=Action.DOCUMENT_CREATE,
                                          target_id=SYM).exists()

    def test_type_without_approving_body_is_approved_by_its_origin(self, public_draft):
        """A press release has no approving body in the charter: the originating body."""
        assert public_draft.approving_body.slug == "cfm"

    def test_symbol_is_generated_and_unique(self, secretariat_officer):
        """Without a symbol: organization/body/year/DRAFT.n, never reused."""
        made = [services.document_create(doc_type="report", body="cfm", lang="en",
                                         paragraphs=["Text."], titles={},
                                         acting_user=secretariat_officer).symbol
                for _ in range(2)]
        year = services.today().year
        assert made == [f"SCO/CFM/{year}/DRAFT.1", f"SCO/CFM/{year}/DRAFT.2"]

    def test_symbol_taken_is_refused(self, draft, secretariat_officer):
        before = counts()
        with pytest.raises(ValidationFailed) as e:
            services.document_create(doc_type="report", body="cfm", lang="en",
                                     paragraphs=["x"], titles={}, symbol=SYM,
                                     acting_user=secretariat_officer)
        assert e.value.field == "symbol"
        assert counts() == before

    def test_malformed_brackets_name_the_paragraph_and_position(self, secretariat_officer):
        """Notation is parsed on every write: the error names the field and the position."""
        with pytest.raises(ValidationFailed) as e:
            services.document_create(doc_type="report", body="cfm", lang="en",
                                     paragraphs=["Fine.", "Broken [here."], titles={},
                                     acting_user=secretariat_officer)
        assert e.value.field == "paragraphs.2.en"
        assert "position 7" in e.value.message
        assert m.Document.objects.count() == 0

    def test_only_the_secretariat_drafts(self, indian_delegate):
        with pytest.raises(Forbidden):
            services.document_create(doc_type="report", body="cfm", lang="en",
                                     paragraphs=["x"], titles={}, acting_user=indian_delegate)

    def test_unknown_type_body_language(self, secretariat_officer):
        for kwargs, field in [({"doc_type": "poem"}, "doc_type"), ({"body": "un"}, "body"),
                              ({"lang": "fr"}, "lang")]:
            args = {"doc_type": "report", "body": "cfm", "lang": "en", **kwargs}
            with pytest.raises(ValidationFailed) as e:
                services.document_create(paragraphs=["x"], titles={},
                                         acting_user=secretariat_officer, **args)
            assert e.value.field == field

    def test_update_classification_and_titles(self, draft, secretariat_officer):
        doc = services.document_update(symbol=SYM, classification="public",
                                       titles={"zh": "莫斯科宣言草案"}, expected_version=0,
                                       acting_user=secretariat_officer)
        assert doc.classification == "public"
        assert doc.titles["zh"] == "莫斯科宣言草案"
        assert doc.titles["en"] == "Draft Moscow Declaration"


class TestTranslationStatus:
    def test_edit_flags_other_languages_out_of_date(self, draft, secretariat_officer):
        """Changing the English text makes Russian and Chinese out of date, as a new version;
        bringing Russian level clears its flag without flagging English."""
        services.paragraph_text_set(symbol=SYM, paragraph=1, lang="en",
                                    text="The Member States reaffirm their strong commitment "
                                         "to the SCO Charter.", expected_version=0,
                                    acting_user=secretariat_officer)
        draft.refresh_from_db()
        assert draft.version == 1
        p1 = selectors.document_paragraphs(draft)[0]
        assert {k: v.status for k, v in p1.texts.items()} == {
            "en": "current", "ru": "outdated", "zh": "outdated"}
        services.paragraph_text_set(symbol=SYM, paragraph=1, lang="ru",
                                    text="Государства-члены подтверждают твёрдую "
                                         "приверженность Хартии ШОС.", expected_version=1,
                                    acting_user=secretariat_officer)
        p1 = selectors.document_paragraphs(draft)[0]
        assert {k: v.status for k, v in p1.texts.items()} == {
            "en": "current", "ru": "current", "zh": "outdated"}
        assert draft.versions.count() == 3

    def test_stale_version_is_refused_naming_the_current_one(self, draft, secretariat_officer):
        """A write against a version the user no longer sees: 409, nothing written."""
        services.paragraph_text_set(symbol=SYM, paragraph=1, lang="en", text="New text.",
                                    expected_version=0, acting_user=secretariat_officer)
        before = counts()
        with pytest.raises(Conflict) as e:
            services.paragraph_text_set(symbol=SYM, paragraph=1, lang="en", text="Other.",
                                        expected_version=0, acting_user=secretariat_officer)
        assert "the current version is 1" in e.value.message
        assert counts() == before


class TestProposals:
    def test_amend_span_must_occur_exactly_once(self, draft, indian_delegate):
        before = counts()
        for span in ("not there", "e"):
            with pytest.raises(ValidationFailed) as e:
                services.proposal_create(symbol=SYM, kind="amend", paragraph=2, span=span,
                                         text="x", acting_user=indian_delegate)
            assert e.value.field == "span"
        assert counts() == before

    def test_accept_applies_bumps_version_and_supersedes(self, draft, indian_delegate,
                                                         pakistani_delegate, russian_chair):
        """Accepting one of two conflicting proposals applies it; the other, whose span is
        gone, is superseded; a third that still applies stays pending."""
        a = services.proposal_create(symbol=SYM, kind="amend", paragraph=2,
                                     span="[strongly] condemn", text="condemn",
                                     explanation="Simpler.", acting_user=indian_delegate)
        b = services.proposal_create(symbol=SYM, kind="amend", paragraph=2,
                                     span="[strongly]", text="firmly",
                                     acting_user=pakistani_delegate)
        c = services.proposal_create(symbol=SYM, kind="amend", paragraph=2,
                                     span="all its forms", text="all its forms and "
                                     "manifestations", acting_user=pakistani_delegate)
        groups = selectors.proposal_conflicts(draft)
        assert [[p.pk for p in g] for g in groups] == [[a.pk, b.pk, c.pk]]
        services.proposal_accept(symbol=SYM, proposal=a.pk, expected_version=0,
                                 on=SEPT_10_2020, acting_user=russian_chair)
        draft.refresh_from_db()
        assert draft.version == 1
        assert texts(draft)[1] == "The Member States condemn terrorism in all its forms."
        b.refresh_from_db()
        c.refresh_from_db()
        assert (b.status, b.superseded_by_id) == ("superseded", a.pk)
        assert c.status == "pending"
        assert draft.versions.get(number=1).snapshot[1]["texts"]["en"] == texts(draft)[1]

    def test_a_chairs_text_supersedes_every_pending_proposal_on_the_paragraph(
            self, draft, indian_delegate, pakistani_delegate, russian_chair):
        """The chair's text bridges every position on the paragraph: a replacement, a
        deletion and an amendment that would still apply are all superseded by it; an
        insertion after the paragraph, and proposals on other paragraphs, stay pending."""
        replace = services.proposal_create(symbol=SYM, kind="replace", paragraph=2,
                                           text="The Member States condemn terrorism.",
                                           acting_user=indian_delegate)
        delete = services.proposal_create(symbol=SYM, kind="delete", paragraph=2,
                                          acting_user=pakistani_delegate)
        amend = services.proposal_create(symbol=SYM, kind="amend", paragraph=2,
                                         span="all its forms", text="all its forms and "
                                         "manifestations", acting_user=pakistani_delegate)
        insert = services.proposal_create(symbol=SYM, kind="insert", after=2,
                                          text="A new paragraph.", acting_user=indian_delegate)
        elsewhere = services.proposal_create(symbol=SYM, kind="delete", paragraph=1,
                                             acting_user=indian_delegate)
        chair = services.chair_text_table(
            symbol=SYM, paragraph=2, text="The Member States firmly condemn terrorism in all "
            "its forms.", on=SEPT_10_2020, acting_user=russian_chair)
        for p in (replace, delete, amend, insert, elsewhere):
            p.refresh_from_db()
        assert [(p.status, p.superseded_by_id) for p in (replace, delete, amend)] == [
            ("superseded", chair.pk)] * 3
        assert (insert.status, elsewhere.status) == ("pending", "pending")

    def test_insert_and_delete_renumber(self, draft, indian_delegate, secretariat_officer):
        """Paragraph numbers follow the text; keys stay."""
        ins = services.proposal_create(symbol=SYM, kind="insert", after=1,
                                       text="New paragraph.", acting_user=indian_delegate)
        services.proposal_accept(symbol=SYM, proposal=ins.pk, acting_user=secretariat_officer)
        pars = selectors.document_paragraphs(draft)
        assert [(p.number, p.key) for p in pars] == [(1, "p1"), (2, "p4"), (3, "p2"),
                                                     (4, "p3")]
        assert pars[1].texts["ru"].status == "missing"
        rep = services.proposal_create(symbol=SYM, kind="replace", paragraph=3,
                                       text="Replaced.", acting_user=indian_delegate)
        dele = services.proposal_create(symbol=SYM, kind="delete", paragraph=3,
                                        acting_user=indian_delegate)
        services.proposal_accept(symbol=SYM, proposal=dele.pk, acting_user=secretariat_officer)
        pars = selectors.document_paragraphs(draft)
        assert [(p.number, p.key) for p in pars] == [(1, "p1"), (2, "p4"), (3, "p3")]
        rep.refresh_from_db()
        assert rep.status == "superseded"

    def test_only_the_chair_accepts(self, draft, indian_delegate):
        p = services.proposal_create(symbol=SYM, kind="delete", paragraph=1,
                                     acting_user=indian_delegate)
        with pytest.raises(Forbidden):
            services.proposal_accept(symbol=SYM, proposal=p.pk, on=SEPT_10_2020,
                                     acting_user=indian_delegate)

    def test_withdraw_only_by_the_proposing_state(self, draft, indian_delegate,
                                                  pakistani_delegate, russian_chair):
        p = services.proposal_create(symbol=SYM, kind="delete", paragraph=1,
                                     acting_user=indian_delegate)
        with pytest.raises(Forbidden):
            services.proposal_withdraw(symbol=SYM, proposal=p.pk,
                                       acting_user=pakistani_delegate)
        services.proposal_withdraw(symbol=SYM, proposal=p.pk, acting_user=indian_delegate)
        p.refresh_from_db()
        assert p.status == "withdrawn"
        q = services.proposal_create(symbol=SYM, kind="delete", paragraph=1,
                                     acting_user=pakistani_delegate)
        services.proposal_reject(symbol=SYM, proposal=q.pk, on=SEPT_10_2020,
                                 acting_user=russian_chair)
        q.refresh_from_db()
        assert q.status == "rejected"
        with pytest.raises(ValidationFailed):
            services.proposal_accept(symbol=SYM, proposal=q.pk, on=SEPT_10_2020,
                                     acting_user=russian_chair)

    def test_delegate_may_not_propose_for_another_state(self, draft, indian_delegate):
        with pytest.raises(Forbidden):
            services.proposal_create(symbol=SYM, kind="delete", paragraph=1, state="PAK",
                                     acting_user=indian_delegate)

    def test_chair_text_replaces_brackets_at_once(self, draft, russian_chair):
        """The chair's compromise replaces the paragraph, audited as a chair's text."""
        prop = services.chair_text_table(
            symbol=SYM, paragraph=3, on=SEPT_10_2020, acting_user=russian_chair,
            text="The Member States support the strengthening of the Organisation's "
                 "activities.")
        assert prop.by_chair and prop.status == "accepted"
        draft.refresh_from_db()
        assert draft.version == 1
        assert selectors.document_paragraphs(draft)[2].texts["en"].bracket_count == 0
        assert AuditRecord.objects.filter(action=Action.CHAIR_TEXT).count() == 1

    def test_chair_of_another_year_is_not_the_chair(self, draft, russian_chair):
        """In 2021 Tajikistan presided: the Russian chair no longer tables texts."""
        with pytest.raises(Forbidden):
            services.chair_text_table(symbol=SYM, paragraph=3, text="x",
                                      on=dt.date(2021, 3, 1), acting_user=russian_chair)


class TestPositions:
    def test_position_history_is_kept(self, draft, indian_delegate):
        """A change of position is a new row; the latest counts."""
        services.position_record(symbol=SYM, state="IND", stance="object", paragraph=2,
                                 text="Too strong.", on=SEPT_10_2020,
                                 acting_user=indian_delegate)
        services.position_record(symbol=SYM, state="IND", stance="agree", paragraph=2,
                                 on=SEPT_10_2020, acting_user=indian_delegate)
        assert [p.stance for p in selectors.positions_list(draft)] == ["object", "agree"]
        assert [p.stance for p in selectors.positions_list(draft, history=False)] == ["agree"]

    def test_secretariat_records_on_behalf(self, draft, secretariat_officer):
        row = services.position_record(symbol=SYM, state="KAZ", stance="agree",
                                       on=SEPT_10_2020, acting_user=secretariat_officer)
        assert row.on_behalf
        assert AuditRecord.objects.filter(action=Action.POSITION_RECORD, on_behalf=True,
                                          acting_for="KAZ").exists()

    @pytest.mark.parametrize("kwargs, error, field", [
        ({"state": "PAK"}, Forbidden, "state"),
        ({"state": "IND", "paragraph": 9}, ValidationFailed, "paragraph"),
        ({"state": "IND", "stance": "object"}, ValidationFailed, "text"),
        ({"state": "IND", "stance": "maybe"}, ValidationFailed, "stance"),
        ({"state": "IND", "expected_version": 5}, Conflict, "expected_version"),
    ])
    def test_refusals_write_nothing(self, draft, indian_delegate, kwargs, error, field):
        before = counts()
        args = {"stance": "agree", **kwargs}
        with pytest.raises(error) as e:
            services.position_record(symbol=SYM, on=SEPT_10_2020,
                                     acting_user=indian_delegate, **args)
        assert e.value.field == field
        assert counts() == before

    def test_non_member_and_unknown_state(self, draft, secretariat_officer):
        """Mongolia is an observer in 2020; XYZ does not exist: both refused naming state."""
        for code in ("MNG", "XYZ"):
            with pytest.raises(ValidationFailed) as e:
                services.position_record(symbol=SYM, state=code, stance="agree",
                                         on=SEPT_10_2020, acting_user=secretariat_officer)
            assert e.value.field == "state"

    def test_closed_document_refuses_positions(self, draft, secretariat_officer,
                                               indian_delegate):
        services.document_update(symbol=SYM, status="adopted", acting_user=secretariat_officer)
        before = counts()
        with pytest.raises(Conflict) as e:
            services.position_record(symbol=SYM, state="IND", stance="agree",
                                     on=SEPT_10_2020, acting_user=indian_delegate)
        assert "closed" in e.value.message
        assert counts() == before

    def test_observer_cannot_see_members_only_draft(self, draft, mongolian_observer):
        with pytest.raises(NotFound):
            services.position_record(symbol=SYM, state="MNG", stance="agree",
                                     acting_user=mongolian_observer)

    def test_observer_who_can_see_is_forbidden(self, released_draft, mongolian_observer):
        with pytest.raises(Forbidden):
            services.position_record(symbol=released_draft.symbol, state="MNG",
                                     stance="agree", acting_user=mongolian_observer)
