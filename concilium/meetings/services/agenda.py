"""The agenda of a meeting: items added (a document, or a free item), moved, removed.

Items are numbered 1..n without gaps; moving or removing one renumbers the others, in two
updates whatever the agenda's length (the numbers are unique per meeting, so they are first
moved out of the way). An item on which a decision was recorded stays: the decision names it.
A closed meeting's agenda is the record and no longer changes.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.errors import Conflict, ValidationFailed
from concilium.core.services import check_version, record_change
from concilium.meetings import models as m
from concilium.meetings.services.common import (
    MEETING,
    ONLY_PLANNERS,
    bump,
    document_for_write,
    meeting_for_write,
    official_named,
    parse_titles,
    positive,
    require,
)
from concilium.rules.permissions import Actor, may_plan_meetings

UNKNOWN_SOUGHT = _("decision_sought: '{value}' is not one of {known}.")
REPORTER_REQUIRED = _("reporter: hearing a report needs the official who reports.")
ITEM_NUMBER_TAKEN = _("number: meeting '{slug}' already has an agenda item {number}.")
UNKNOWN_ITEM = _("number: meeting '{slug}' has no agenda item {number}.")
MOVE_OUTSIDE = _("to: the agenda has items 1 to {count}; {to} is not one of them.")
ITEM_DECIDED = _(
    "number: a decision was recorded on item {number}; it stays on the agenda.")
AGENDA_CLOSED = _("meeting: '{slug}' is closed; its agenda is the record and stays as it is.")

_AWAY = 100000  # numbers moved out of the way while renumbering


def _open(row: m.Meeting) -> None:
    if row.status == m.MeetingStatus.CLOSED:
        raise Conflict(AGENDA_CLOSED, field="meeting", slug=row.slug)


def _item(row: m.Meeting, number) -> m.AgendaItem:
    number = positive(number, "number")
    item = row.agenda.filter(number=number).first()
    if item is None:
        raise ValidationFailed(UNKNOWN_ITEM, field="number", slug=row.slug, number=number)
    return item


def _renumber(row: m.Meeting, order: list[int]) -> None:
    """Give the items (ids, in their new order) the numbers 1..n."""
    row.agenda.update(number=F("number") + _AWAY)
    items = list(row.agenda.all())
    position = {pk: n for n, pk in enumerate(order, start=1)}
    for item in items:
        item.number = position[item.pk]
    m.AgendaItem.objects.bulk_update(items, ["number"])


@transaction.atomic
def agenda_item_add(
    *, meeting: str, titles=None, decision_sought: str, documents: list[str] | None = None,
    reporter: str | None = None, number=None, notes: dict | None = None,
    expected_version=None, acting_user: Actor,
) -> m.AgendaItem:
    """Add a numbered item to a meeting's agenda, with its documents and the decision sought.

    An item for a document may leave the title out: it takes the document's titles. Without
    a number, the item goes last.
    """
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    _open(row)
    if decision_sought not in m.DecisionSought.values:
        raise ValidationFailed(UNKNOWN_SOUGHT, field="decision_sought", value=decision_sought,
                               known=", ".join(m.DecisionSought.values))
    docs = [document_for_write(s, "documents") for s in (documents or []) if s]
    if not titles and docs:  # an item for one document is titled by it
        titles = docs[0].titles
    titles = parse_titles(titles)
    official = official_named(reporter, row.start, "reporter")
    if decision_sought == m.DecisionSought.HEAR_REPORT and official is None:
        raise ValidationFailed(REPORTER_REQUIRED, field="reporter")
    if number in (None, ""):
        number = (row.agenda.aggregate(n=Max("number"))["n"] or 0) + 1
    else:
        number = positive(number, "number")
        if row.agenda.filter(number=number).exists():
            raise ValidationFailed(ITEM_NUMBER_TAKEN, field="number", slug=row.slug,
                                   number=number)
    check_version(row, expected_version, kind=MEETING)
    item = m.AgendaItem.objects.create(meeting=row, number=number, titles=titles,
                                       decision_sought=decision_sought, reporter=official,
                                       notes=notes or {})
    if docs:
        item.documents.add(*docs)
    bump(row)
    record_change(
        actor=acting_user, action=Action.AGENDA_SAVE, target_type="agenda_item",
        target_id=f"{row.slug}#{number}", topic=row.topic,
        summary={"after": {"number": number, "titles": titles,
                           "decision_sought": decision_sought,
                           "documents": [d.symbol for d in docs],
                           "reporter": official.name("en") if official else None}})
    return item


@transaction.atomic
def agenda_item_move(*, meeting: str, number, to, expected_version=None,
                     acting_user: Actor) -> m.AgendaItem:
    """Move item `number` to position `to`; the items between shift by one."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    _open(row)
    item = _item(row, number)
    order = list(row.agenda.order_by("number").values_list("pk", flat=True))
    to = positive(to, "to")
    if to > len(order):
        raise ValidationFailed(MOVE_OUTSIDE, field="to", count=len(order), to=to)
    check_version(row, expected_version, kind=MEETING)
    before = item.number
    if to == before:
        return item
    order.remove(item.pk)
    order.insert(to - 1, item.pk)
    _renumber(row, order)
    bump(row)
    record_change(actor=acting_user, action=Action.AGENDA_SAVE, target_type="agenda_item",
                  target_id=f"{row.slug}#{to}", topic=row.topic,
                  summary={"before": {"number": before}, "after": {"number": to},
                           "titles": item.titles})
    item.number = to
    return item


@transaction.atomic
def agenda_item_remove(*, meeting: str, number, expected_version=None,
                       acting_user: Actor) -> None:
    """Take an item off the agenda (not one a decision was recorded on); the items after it
    move up one."""
    require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = meeting_for_write(meeting)
    _open(row)
    item = _item(row, number)
    if item.decisions.exists():
        raise Conflict(ITEM_DECIDED, field="number", number=item.number)
    check_version(row, expected_version, kind=MEETING)
    removed = {"number": item.number, "titles": item.titles,
               "decision_sought": item.decision_sought,
               "documents": list(item.documents.values_list("symbol", flat=True))}
    item.delete()
    _renumber(row, list(row.agenda.order_by("number").values_list("pk", flat=True)))
    bump(row)
    record_change(actor=acting_user, action=Action.AGENDA_SAVE, target_type="agenda_item",
                  target_id=f"{row.slug}#{removed['number']}", topic=row.topic,
                  summary={"before": removed, "after": None})
