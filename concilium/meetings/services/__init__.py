"""Writes for meetings, one module per capability: planning (meetings, chair, status),
attendance (delegations, side events), credentials (a delegation's composition and
credentials), the agenda, circulation, the pipeline (where an
agreed document goes next), decisions (with packages and the registry), silence procedures,
and the gates before an agreement (the charter's ladder, the official languages) with their
exceptions, and the list of speakers.

Every write checks a `may_*` rule, validates (messages name the field), runs in one
transaction, takes the meeting's version where two people may edit it, and appends an
audit record. Callers import the services from here; the modules are where they live.
"""

from concilium.meetings.services.agenda import (
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
)
from concilium.meetings.services.attendance import (
    delegation_add,
    delegation_remove,
    delegation_update,
    side_event_add,
    side_event_remove,
)
from concilium.meetings.services.circulation import circulation_record, meeting_circulate
from concilium.meetings.services.credentials import (
    delegation_compose,
    delegation_credentials_record,
)
from concilium.meetings.services.decisions import decision_record, package_submit
from concilium.meetings.services.gates import ladder_exception_record, language_waiver_record
from concilium.meetings.services.planning import (
    meeting_cancel,
    meeting_chair_set,
    meeting_create,
    meeting_status_set,
    meeting_update,
    slug_for,
)
from concilium.meetings.services.silence import silence_break, silence_open, silence_process
from concilium.meetings.services.speakers import (
    floor_close,
    floor_give,
    floor_request,
    floor_withdraw,
)
from concilium.meetings.services.votes import vote_record

__all__ = [
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "circulation_record",
    "decision_record",
    "delegation_add",
    "delegation_compose",
    "delegation_credentials_record",
    "delegation_remove",
    "delegation_update",
    "floor_close",
    "floor_give",
    "floor_request",
    "floor_withdraw",
    "ladder_exception_record",
    "language_waiver_record",
    "meeting_cancel",
    "meeting_chair_set",
    "meeting_circulate",
    "meeting_create",
    "meeting_status_set",
    "meeting_update",
    "package_submit",
    "side_event_add",
    "side_event_remove",
    "silence_break",
    "silence_open",
    "silence_process",
    "slug_for",
    "vote_record",
]
