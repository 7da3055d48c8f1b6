"""Writes to negotiated documents: drafting, the working text, proposals, positions, status.

Every write checks permission, validates (messages name the field), runs in one transaction,
refuses a stale `expected_version` with `Conflict`, and ends with `record_change`. Every
change to the text bumps `document.version` and writes an immutable `Version` snapshot, so
Rev.N is always the text after the N-th change. A service returns the row it wrote with
what is needed to show it, so that a door does not read it again.

One module per capability; callers import from here, not from the modules:
- `drafting`: a new draft, typed in or imported from a file;
- `texts`: the working text, its language versions (translations) and its versions;
- `proposals`: proposals, the chair's decisions on them, the chair's compromise texts;
- `positions`: the member states' positions;
- `status`: titles, classification and status after drafting, including a status decided
  at a meeting;
- `outcomes`: what the chair records on a text (agreed ad referendum, agreed, views noted)
  and the paragraph the chair opens;
- `common`: what they share: the locked lookup, the guards, the audit call.
"""

from concilium.documents.selectors import UNKNOWN_LANGUAGE
from concilium.documents.services.common import (
    CLOSED,
    DOCUMENT,
    MAX_TITLE_CHARS,
    ONLY_CHAIR,
    ONLY_OWN_STATE,
    ONLY_SECRETARIAT_DRAFTS,
    TITLE_TOO_LONG,
    UNKNOWN_CLASSIFICATION,
    UNKNOWN_PARAGRAPH,
    chair_state_on,
    today,
)
from concilium.documents.services.drafting import (
    BAD_IMPORTED_PARAGRAPH,
    NO_PARAGRAPHS,
    SYMBOL_TAKEN,
    TRACKED_CHANGE,
    TRACKED_INSERTION,
    UNKNOWN_BODY,
    UNKNOWN_TYPE,
    ImportPreview,
    document_create,
    document_import,
    document_import_preview,
    symbol_propose,
)
from concilium.documents.services.outcomes import chair_focus_set, text_outcome_record
from concilium.documents.services.positions import (
    NOT_A_MEMBER,
    OBJECTION_NEEDS_REASON,
    UNKNOWN_STANCE,
    VIEW_NEEDS_TEXT,
    position_record,
)
from concilium.documents.services.proposals import (
    EXPLANATION_TOO_LONG,
    MAX_EXPLANATION_CHARS,
    NO_LONGER_APPLIES,
    NO_STATE_FOR_DELEGATE,
    NOT_PENDING,
    ONLY_PROPOSER_WITHDRAWS,
    PARAGRAPH_REQUIRED,
    SPAN_AMBIGUOUS,
    SPAN_NOT_FOUND,
    SPAN_REQUIRED,
    TEXT_REQUIRED,
    UNKNOWN_KIND,
    UNKNOWN_PROPOSAL,
    chair_text_table,
    proposal_accept,
    proposal_create,
    proposal_reject,
    proposal_withdraw,
)
from concilium.documents.services.status import (
    NOTHING_TO_CHANGE,
    UNKNOWN_STATUS,
    document_status_follow,
    document_update,
)
from concilium.documents.services.texts import (
    BAD_NOTATION,
    EMPTY_PARAGRAPH,
    NO_TRANSLATION,
    TOO_LONG,
    TOO_MANY_PARAGRAPHS,
    paragraph_text_set,
    translation_set,
    validate_text,
)

# The messages (module constants that tests reuse), the writes, and what they check with:
# `today`, `chair_state_on` (the presidency on a date) and `validate_text`.
__all__ = [
    "BAD_IMPORTED_PARAGRAPH",
    "BAD_NOTATION",
    "CLOSED",
    "DOCUMENT",
    "EMPTY_PARAGRAPH",
    "EXPLANATION_TOO_LONG",
    "MAX_EXPLANATION_CHARS",
    "MAX_TITLE_CHARS",
    "NOTHING_TO_CHANGE",
    "NOT_A_MEMBER",
    "NOT_PENDING",
    "NO_LONGER_APPLIES",
    "NO_PARAGRAPHS",
    "NO_STATE_FOR_DELEGATE",
    "NO_TRANSLATION",
    "OBJECTION_NEEDS_REASON",
    "ONLY_CHAIR",
    "ONLY_OWN_STATE",
    "ONLY_PROPOSER_WITHDRAWS",
    "ONLY_SECRETARIAT_DRAFTS",
    "PARAGRAPH_REQUIRED",
    "SPAN_AMBIGUOUS",
    "SPAN_NOT_FOUND",
    "SPAN_REQUIRED",
    "SYMBOL_TAKEN",
    "TEXT_REQUIRED",
    "TITLE_TOO_LONG",
    "TOO_LONG",
    "TOO_MANY_PARAGRAPHS",
    "TRACKED_CHANGE",
    "TRACKED_INSERTION",
    "UNKNOWN_BODY",
    "UNKNOWN_CLASSIFICATION",
    "UNKNOWN_KIND",
    "UNKNOWN_LANGUAGE",
    "UNKNOWN_PARAGRAPH",
    "UNKNOWN_PROPOSAL",
    "UNKNOWN_STANCE",
    "UNKNOWN_STATUS",
    "UNKNOWN_TYPE",
    "VIEW_NEEDS_TEXT",
    "ImportPreview",
    "chair_focus_set",
    "chair_state_on",
    "chair_text_table",
    "document_create",
    "document_import",
    "document_import_preview",
    "document_status_follow",
    "document_update",
    "paragraph_text_set",
    "position_record",
    "proposal_accept",
    "proposal_create",
    "proposal_reject",
    "proposal_withdraw",
    "symbol_propose",
    "text_outcome_record",
    "today",
    "translation_set",
    "validate_text",
]
