"""What the chair records on a text in the room: the outcome on a paragraph or the whole
text, and the paragraph opened for discussion (which the screen in the room follows).

An outcome is recorded only when the consensus engine, on the day of the session, finds no
objection and no bracket on that text (`rules.pipeline.outcome_refusal`); the refusal says
which states object or how many brackets remain. Both are append-only: the latest counts.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import Conflict, ValidationFailed
from concilium.core.services import check_version
from concilium.documents import models as m
from concilium.documents.dates import act_day
from concilium.documents.selectors import document_consensus
from concilium.documents.services.common import (
    DOCUMENT,
    _audit,
    _check_chair,
    _check_open,
    _locked,
    _paragraph,
)
from concilium.rules import pipeline
from concilium.rules.permissions import Actor

NOTE_TOO_LONG = _("note: at most {limit} characters.")
MAX_NOTE_CHARS = 2_000


@transaction.atomic
def text_outcome_record(
    *, symbol: str, kind: str, paragraph: int | None = None, note: str = "",
    on: dt.date | None = None, expected_version: int | None = None, acting_user: Actor,
) -> m.TextOutcome:
    """The chair records a paragraph (or, without one, the whole text) as agreed ad
    referendum, agreed, or agreed with the views stated noted."""
    doc = _locked(symbol, acting_user)
    _check_chair(acting_user, doc, on)
    par = _paragraph(doc, paragraph) if paragraph not in (None, "") else None
    if len(note) > MAX_NOTE_CHARS:
        raise ValidationFailed(NOTE_TOO_LONG, field="note", limit=MAX_NOTE_CHARS)
    if kind not in m.TextOutcome.Kind.values:
        raise ValidationFailed(str(pipeline.UNKNOWN_OUTCOME), field="kind", kind=kind,
                               known=", ".join(m.TextOutcome.Kind.values))
    _check_open(doc)
    check_version(doc, expected_version, kind=DOCUMENT)
    dc = document_consensus(doc, on=act_day(doc, on=on))
    if par is None:
        outcome, views = dc.outcome, dc.views
    else:
        outcome = next(p.outcome for p in dc.paragraphs if p.number == par.number)
        views = outcome.views
    why = pipeline.outcome_refusal(
        kind, objecting=outcome.objecting, brackets=outcome.brackets, views=views,
        silent=() if outcome.silence_counts else outcome.silent)
    if why is not None:
        raise Conflict(_(why.template), field="kind", **why.params)
    row = m.TextOutcome.objects.create(document=doc, paragraph=par, kind=kind, note=note,
                                       recorded_by=acting_user.username, version=doc.version)
    _audit(acting_user, Action.TEXT_OUTCOME, doc,
           {"outcome": row.pk, "kind": kind, "paragraph": par.number if par else None,
            "note": note, "version": doc.version})
    return row


@transaction.atomic
def chair_focus_set(*, symbol: str, paragraph: int | None = None, on: dt.date | None = None,
                    acting_user: Actor) -> m.ChairFocus:
    """The chair opens a paragraph for discussion (none: the whole text); the screen in the
    room shows it at once."""
    doc = _locked(symbol, acting_user)
    _check_chair(acting_user, doc, on)
    par = _paragraph(doc, paragraph) if paragraph not in (None, "") else None
    row = m.ChairFocus.objects.create(document=doc, paragraph=par, set_by=acting_user.username)
    _audit(acting_user, Action.CHAIR_FOCUS, doc,
           {"paragraph": par.number if par else None, "key": par.key if par else None})
    return row
