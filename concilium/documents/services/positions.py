"""The member states' positions on a document or one of its paragraphs.

Append-only: a change of position is a new row, and the consensus counts each state's latest
(`selectors.positions_with_current`, `selectors.document_consensus`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit import history
from concilium.audit.models import Action
from concilium.core.errors import Forbidden, ValidationFailed
from concilium.core.services import check_version
from concilium.documents import models as m
from concilium.documents.dates import act_day
from concilium.documents.services.common import (
    DOCUMENT,
    ONLY_OWN_STATE,
    _audit,
    _check_open,
    _locked,
    _paragraph,
)
from concilium.documents.services.texts import TOO_LONG
from concilium.organization import selectors as org
from concilium.rules.negotiation import MAX_PARAGRAPH_CHARS
from concilium.rules.permissions import Actor, acts_on_behalf, may_act_for_state

NOT_A_MEMBER = _("state: {code} is not a member state on {day}; only members take positions.")
UNKNOWN_STANCE = _("stance: '{value}' is not one of agree, view, not_participating, object.")
VIEW_NEEDS_TEXT = _("text: a view must say what it is, so that it can go into the minutes.")
OBJECTION_NEEDS_REASON = _("text: an objection must give its reason.")


@transaction.atomic
def position_record(
    *, symbol: str, state: str, stance: str, text: str = "", paragraph: int | None = None,
    expected_version: int | None = None, ad_referendum: bool = False,
    on: dt.date | None = None, acting_user: Actor,
) -> m.Position:
    """Record a member state's position on a paragraph (by number) or the whole document.

    Append-only: a change of position is a new row. Only a delegate (or the chair) of that
    state, or the secretariat on its behalf, may record it; only members on the date of the
    act count (`dates.act_day`: the session's dates, unless `on` says otherwise).
    The row returned has its state and paragraph loaded, ready to be shown.
    """
    doc = _locked(symbol, acting_user)
    code = (state or "").strip().upper()
    if not may_act_for_state(acting_user, code):
        raise Forbidden(ONLY_OWN_STATE, field="state", own=acting_user.state or "-",
                        state=state)
    state_row = org.state_for_input(code, field="state")
    day = act_day(doc, on=on)
    if code not in org.member_codes_on(day):
        raise ValidationFailed(NOT_A_MEMBER, field="state", code=code, day=day.isoformat())
    par = _paragraph(doc, paragraph) if paragraph not in (None, "") else None
    if stance not in m.Stance.values:
        raise ValidationFailed(UNKNOWN_STANCE, field="stance", value=stance)
    text = (text or "").strip()
    if stance == m.Stance.VIEW and not text:
        raise ValidationFailed(VIEW_NEEDS_TEXT, field="text")
    if stance == m.Stance.OBJECT and not text:
        raise ValidationFailed(OBJECTION_NEEDS_REASON, field="text")
    if len(text) > MAX_PARAGRAPH_CHARS:
        raise ValidationFailed(TOO_LONG, field="text", length=len(text),
                               limit=MAX_PARAGRAPH_CHARS)
    _check_open(doc)
    check_version(doc, expected_version, kind=DOCUMENT)
    on_behalf = acts_on_behalf(acting_user, code)
    row = m.Position.objects.create(
        document=doc, paragraph=par, state=state_row, stance=stance, text=text,
        ad_referendum=bool(ad_referendum), recorded_by=acting_user.username,
        on_behalf=on_behalf, version=doc.version,
    )
    history.note(row)
    _audit(acting_user, Action.POSITION_RECORD, doc,
           {"position": row.pk, "state": code, "paragraph": par.number if par else None,
            "stance": stance, "text": text, "ad_referendum": bool(ad_referendum),
            "whole": par is None},
           state=code, on_behalf=on_behalf)
    return row
