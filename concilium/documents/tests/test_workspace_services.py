"""The drafting workspace's services: an import's preview, the proposed symbol, a
translation of many paragraphs as one version."""

import pytest

from concilium.audit.models import AuditRecord
from concilium.core.errors import Conflict, Forbidden, ValidationFailed
from concilium.documents import selectors, services
from concilium.rules.permissions import SYSTEM


@pytest.fixture
def draft(sco):
    return services.document_create(
        doc_type="cfm-statement", body="cfm", lang="en", symbol="W/1", titles={},
        paragraphs=["One.", "Two [bracketed].", "Three."], acting_user=SYSTEM)


def test_the_preview_counts_brackets_and_options_and_writes_nothing(secretariat_officer):
    before = AuditRecord.objects.count()
    preview = services.document_import_preview(
        content=b"# T\n\nA [b] and [Option 1: x | Option 2: y].\n\nPlain.",
        filename="d.md", acting_user=secretariat_officer)
    assert preview.title == "T"
    assert [(p.number, p.brackets, p.options) for p in preview.paragraphs] == [(1, 1, 1),
                                                                              (2, 0, 0)]
    assert AuditRecord.objects.count() == before


def test_the_preview_names_the_paragraph_it_cannot_use(secretariat_officer):
    with pytest.raises(ValidationFailed) as caught:
        services.document_import_preview(content=b"Fine.\n\nBroken ]here.", filename="d.txt",
                                         acting_user=secretariat_officer)
    assert caught.value.field == "file"
    assert "d.txt" in caught.value.message and "paragraph 2" in caught.value.message


def test_only_the_secretariat_previews(indian_delegate):
    with pytest.raises(Forbidden):
        services.document_import_preview(content=b"x", filename="d.txt",
                                         acting_user=indian_delegate)


def test_the_proposed_symbol_is_the_next_free_draft_of_the_body(sco):
    assert services.symbol_propose(body="cfm", year=2020) == "SCO/CFM/2020/DRAFT.1"
    with pytest.raises(ValidationFailed) as caught:
        services.symbol_propose(body="nowhere", year=2020)
    assert caught.value.field == "body"


def test_a_translation_is_one_version_and_flags_nothing(draft, secretariat_officer):
    doc = services.translation_set(symbol="W/1", lang="ru", expected_version=0,
                                   texts={1: "Один.", 2: "Два [в скобках].", 3: "Три."},
                                   acting_user=secretariat_officer)
    assert doc.version == 1
    views = selectors.document_paragraphs(doc)
    assert [v.texts["ru"].status for v in views] == ["current"] * 3
    assert [v.texts["en"].status for v in views] == ["current"] * 3
    assert AuditRecord.objects.order_by("-seq").first().summary["translation"] == [1, 2, 3]


def test_the_same_text_again_changes_nothing(draft, secretariat_officer):
    services.translation_set(symbol="W/1", lang="ru", texts={1: "Один."}, expected_version=0,
                             acting_user=secretariat_officer)
    again = services.translation_set(symbol="W/1", lang="ru", texts={1: "Один."},
                                     expected_version=1, acting_user=secretariat_officer)
    assert again.version == 1


def test_a_bad_paragraph_refuses_the_whole_batch(draft, secretariat_officer):
    with pytest.raises(ValidationFailed) as caught:
        services.translation_set(symbol="W/1", lang="ru", expected_version=0,
                                 texts={1: "Один.", 2: "Два [без конца."},
                                 acting_user=secretariat_officer)
    assert caught.value.field == "texts.2"
    with pytest.raises(ValidationFailed) as caught:
        services.translation_set(symbol="W/1", lang="ru", texts={9: "Девять."},
                                 expected_version=0, acting_user=secretariat_officer)
    assert caught.value.field == "texts.9"
    with pytest.raises(ValidationFailed):
        services.translation_set(symbol="W/1", lang="ru", texts={1: " "}, expected_version=0,
                                 acting_user=secretariat_officer)
    views = selectors.document_paragraphs(draft)
    assert [v.texts["ru"].status for v in views] == ["missing"] * 3


def test_a_stale_translation_is_a_conflict_and_a_delegate_is_refused(draft, secretariat_officer,
                                                                    indian_delegate):
    with pytest.raises(Conflict):
        services.translation_set(symbol="W/1", lang="ru", texts={1: "Один."},
                                 expected_version=4, acting_user=secretariat_officer)
    with pytest.raises(Forbidden):
        services.translation_set(symbol="W/1", lang="ru", texts={1: "Один."},
                                 expected_version=0, acting_user=indian_delegate)
