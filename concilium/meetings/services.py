"""Writes for meetings: planning, agendas, delegations, circulation, decisions, packages,
silence procedures and the registry of adopted documents.

Every write checks a `may_*` rule, validates (messages name the field), runs in one
transaction, takes the meeting's version where two people may edit it, and appends an
audit record. Decisions are checked twice before they are written: by the pipeline table
(concilium.rules.pipeline: may this body take this step?) and by the consensus engine
(does any member object, do brackets remain?).
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action
from concilium.core.dates import parse_date
from concilium.core.errors import (
    NOT_FOUND,
    Conflict,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from concilium.core.services import check_version, record_change
from concilium.documents import models as dm
from concilium.documents.services import document_status_follow
from concilium.meetings import models as m
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import pipeline
from concilium.rules.consensus import Outcome, Status, decide_package
from concilium.rules.permissions import (
    Actor,
    acts_on_behalf,
    may_act_for_state,
    may_chair,
    may_draft,
    may_plan_meetings,
)

ONLY_PLANNERS = _("Only the secretariat plans meetings, agendas and delegations.")
ONLY_CIRCULATORS = _("Only the secretariat circulates documents.")
ONLY_CHAIR = _("Only the chair of this meeting ({state}) or the secretariat records decisions.")
ONLY_CHAIR_SILENCE = _(
    "Only the chair of the {body} ({state}) or the secretariat opens a silence procedure.")
ONLY_OWN_STATE = _("state: you speak for {own}; you may not break silence for {state}.")
UNKNOWN_MEETING = _("meeting: there is no meeting '{slug}', or you may not see it.")
UNKNOWN_FORMAT = _("{field}: '{value}' is not one of in_person, video, hybrid.")
UNKNOWN_STATUS = _("status: '{value}' is not one of planned, in_session, closed.")
UNKNOWN_SOUGHT = _("decision_sought: '{value}' is not one of {known}.")
UNKNOWN_KIND = _("kind: '{value}' is not a decision; the decisions are: {known}.")
UNKNOWN_ITEM = _("item: meeting '{slug}' has no agenda item {number}.")
UNKNOWN_DOCUMENT = _("{field}: there is no document '{symbol}'.")
MEETING = _("Meeting")
UNKNOWN_PACKAGE = _("package: there is no package '{symbol}'.")
UNKNOWN_ORGANIZATION = _("organization: there is no partner organization '{slug}'.")
UNKNOWN_OFFICIAL = _("{field}: no official named '{name}' is on record on {day}.")
END_BEFORE_START = _("end: the meeting ends on {end}, before it starts on {start}.")
TOO_LONG_MEETING = _("end: a meeting lasts at most {limit} days; this one lasts {days}.")
CITY_REQUIRED = _("city: a meeting in person or hybrid needs the city where it is held.")
SLUG_TAKEN = _("start: the {body} already has a meeting on {start} ({slug}).")
OVERRIDE_NEEDS_REASON = _(
    "chair_override_reason: the rule gives the chair to {default}; say why {state} chairs "
    "instead.")
BACKWARDS_STATUS = _("status: a meeting {current} cannot become {new}.")
CLOSED_MEETING = _("meeting: '{slug}' is closed; nothing more is recorded at it.")
TITLES_REQUIRED = _("titles: give the title in at least one language.")
BAD_TITLES = _("titles: give a title per language, e.g. {{\"en\": \"...\"}}.")
REPORTER_REQUIRED = _("reporter: hearing a report needs the official who reports.")
ITEM_NUMBER_TAKEN = _("number: meeting '{slug}' already has an agenda item {number}.")
BAD_NUMBER = _("{field}: '{value}' is not a positive whole number.")
DELEGATION_WHO = _("state: a delegation is of a state or of a partner organization (one).")
DELEGATION_EXISTS = _("state: meeting '{slug}' already has a delegation of {who}.")
BAD_MEMBERS = _("members: give the members as a list of names.")
DATE_OUTSIDE = _("on: {day} is not a day of meeting '{slug}' ({start} to {end}).")
SIDE_EVENT_FAR = _("date: a side event is held within {days} days of the meeting.")
NOT_ON_ITEM = _("document: '{symbol}' is not on agenda item {number} of '{slug}'.")
NOTHING_TO_DECIDE = _(
    "document: item {number} of '{slug}' has no document; name one, or record taking note "
    "or hearing a report.")
REFUSED_BY_CHARTER = _("kind: {symbol}: {reason}")
NOT_AGREED = _("document: {symbol} cannot be {step}: {reasons}")
PACKAGE_BLOCKED = _("package: the package cannot be {step}: {reasons}")
OBJECTION_BY = _("{name} ({code}) objects{where}: {reason}")
ON_PARAGRAPH = _(" to paragraph {number}")
BRACKETS_LEFT = _("{count} bracket(s) remain in paragraph(s) {numbers}")
STILL_PENDING = _("not yet agreed ({reasons})")
SYMBOL_REQUIRED = _("symbol: a package needs a symbol.")
PACKAGE_EXISTS = _("symbol: there is already a package '{symbol}'.")
NO_HIGHER_BODY = _("meeting: the {body} prepares for no other body; it submits nothing.")
EMPTY_PACKAGE = _("documents: a package must contain at least one document.")
DEADLINE_REQUIRED = _("{field}: give an ISO date and time, e.g. 2020-10-04T09:00+00:00.")
NO_OPEN_SILENCE = _("document: '{symbol}' is not under a silence procedure.")
SILENCE_OVER = _("deadline: the silence procedure on '{symbol}' ended at {deadline}.")
REASON_REQUIRED = _("reason: say what the objection or the amendment is.")
BREAK_KIND = _("kind: '{value}' is not one of objection, amendment.")
NOT_A_MEMBER = _("state: {code} is not a member state on {day}; only members break silence.")
NO_CHAIR = _("the {body} has no chair on {day}.")
AUTO_ITEM_TITLE = _("Documents agreed by the {body}")
PACKAGE_ITEM_TITLE = _("Package of documents submitted by the {body}")

MAX_MEETING_DAYS = 31
SIDE_EVENT_WINDOW_DAYS = 14
MAX_TITLE = 500


# --- helpers ----------------------------------------------------------------------------


def _now() -> dt.datetime:
    return timezone.now()


def _require(ok: bool, message) -> None:
    if not ok:
        raise Forbidden(message)


def _meeting_for_write(slug: str) -> m.Meeting:
    meeting = (m.Meeting.objects.select_for_update(of=("self",))
               .select_related("body", "body__prepares_for", "chair_state", "host_state")
               .filter(slug=slug or "").first())
    if meeting is None:
        raise NotFound(UNKNOWN_MEETING, field="meeting", slug=slug)
    return meeting


def _bump(meeting: m.Meeting) -> None:
    meeting.version += 1
    meeting.save(update_fields=["version"])


def _audit(actor: Actor, action: Action, target_type: str, target_id, topic: str,
           summary: dict, **kw):
    return record_change(actor=actor, action=action, target_type=target_type,
                         target_id=target_id, topic=topic, summary=summary, **kw)


def _titles(value, field: str = "titles") -> dict[str, str]:
    if isinstance(value, str):
        value = {"en": value}
    if not isinstance(value, dict):
        raise ValidationFailed(BAD_TITLES, field=field)
    out = {}
    for lang, text in value.items():
        if not isinstance(lang, str) or not isinstance(text, str):
            raise ValidationFailed(BAD_TITLES, field=field)
        if text.strip():
            if len(text) > MAX_TITLE:
                raise ValidationFailed(BAD_TITLES, field=field)
            out[lang] = text.strip()
    if not out:
        raise ValidationFailed(TITLES_REQUIRED, field=field)
    return out


def _positive(value, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(BAD_NUMBER, field=field, value=value) from None
    if number < 1 or str(value).strip() not in (str(number), f"+{number}"):
        raise ValidationFailed(BAD_NUMBER, field=field, value=value)
    return number


def _format(value: str, field: str = "format") -> str:
    if value not in m.MeetingFormat.values:
        raise ValidationFailed(UNKNOWN_FORMAT, field=field, value=value)
    return value


def _state(code: str | None, field: str) -> om.State | None:
    if code in (None, ""):
        return None
    state = om.State.objects.filter(code=str(code).upper()).first()
    if state is None:
        raise ValidationFailed(org.UNKNOWN_STATE, field=field, code=code)
    return state


def _body(slug: str) -> om.Body:
    try:
        return org.body_get(slug)
    except NotFound as error:
        raise ValidationFailed(error.template, **error.params) from None


def _official(name: str | None, day: dt.date, field: str) -> om.Official | None:
    """An official on record on `day`, by name in any language."""
    if not name:
        return None
    wanted = name.strip().casefold()
    for row in org.officials_on(day):
        if any(str(n).casefold() == wanted for n in row.names.values()):
            return row
    raise ValidationFailed(UNKNOWN_OFFICIAL, field=field, name=name, day=day.isoformat())


def _document(symbol: str, field: str = "document") -> dm.Document:
    doc = (dm.Document.objects.select_for_update(of=("self",))
           .select_related("doc_type__approved_by", "approving_body")
           .filter(symbol=(symbol or "").strip()).first())
    if doc is None:
        raise ValidationFailed(UNKNOWN_DOCUMENT, field=field, symbol=symbol)
    return doc


def slug_for(body: om.Body, start: dt.date) -> str:
    """The stable slug of a meeting: `<body>-<yyyy>-<mm>-<dd>` of its first day."""
    return f"{body.slug}-{start:%Y-%m-%d}"


# --- meetings ---------------------------------------------------------------------------


def _chair_official(body: om.Body, state: om.State | None, day: dt.date):
    if state is None or not body.chair_office:
        return None
    return (om.Official.objects.filter(office__slug=body.chair_office, state=state,
                                       start__lte=day)
            .exclude(end__lt=day).first())


@transaction.atomic
def meeting_create(
    *, body: str, start, end=None, format: str = m.MeetingFormat.IN_PERSON,
    city: dict | str | None = None, host_state: str | None = None,
    chair_state: str | None = None, chair_override_reason: str = "",
    extraordinary: bool = False, acting_user: Actor,
) -> m.Meeting:
    """Plan a meeting of a body; the chair follows the charter unless overridden with a reason.

    Documents already agreed below and waiting for this body (and packages submitted to it)
    go onto the new meeting's agenda.
    """
    _require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    body_row = _body(body)
    start = parse_date(start, field="start")
    if start is None:
        raise ValidationFailed(_("start: the first day is required."), field="start")
    end = parse_date(end, field="end", default=start)
    if end < start:
        raise ValidationFailed(END_BEFORE_START, field="end", start=start, end=end)
    days = (end - start).days + 1
    if days > MAX_MEETING_DAYS:
        raise ValidationFailed(TOO_LONG_MEETING, field="end", limit=MAX_MEETING_DAYS, days=days)
    _format(format)
    city = _titles(city, "city") if city else {}
    if format != m.MeetingFormat.VIDEO and not city:
        raise ValidationFailed(CITY_REQUIRED, field="city")
    host = _state(host_state, "host_state")
    chair, official, reason = _chair(body_row, start, host, chair_state, chair_override_reason)
    slug = slug_for(body_row, start)
    if m.Meeting.objects.filter(slug=slug).exists():
        raise ValidationFailed(SLUG_TAKEN, field="start", body=body_row.short("en"),
                               start=start, slug=slug)
    try:
        with transaction.atomic():
            meeting = m.Meeting.objects.create(
                slug=slug, body=body_row, start=start, end=end, format=format, city=city,
                host_state=host, chair_state=chair, chair_official=official,
                chair_override_reason=reason,
                extraordinary=bool(extraordinary))
    except IntegrityError:
        raise ValidationFailed(SLUG_TAKEN, field="start", body=body_row.short("en"),
                               start=start, slug=slug) from None
    _audit(acting_user, Action.MEETING_SAVE, "meeting", slug, meeting.topic,
           {"after": {"body": body_row.slug, "start": start, "end": end, "format": format,
                      "city": city, "host_state": host.code if host else None,
                      "chair_state": chair.code if chair else None,
                      "chair_override_reason": meeting.chair_override_reason}})
    _pull_waiting(meeting, acting_user)
    return meeting


def _chair(body_row: om.Body, start: dt.date, host: om.State | None, chair_state: str | None,
           reason: str | None) -> tuple[om.State | None, om.Official | None, str]:
    """The chair by the charter's rule, or another state with the reason for overriding it:
    (state, official, reason kept on record; empty when the rule decides)."""
    derived = org.chair_of(body_row, start, host)
    chair = _state(chair_state, "chair_state") or derived.state
    reason = (reason or "").strip()
    overridden = chair is not None and (derived.state is None or chair.pk != derived.state.pk)
    if overridden and not reason:
        default = derived.state.code if derived.state else gettext("nobody")
        raise ValidationFailed(OVERRIDE_NEEDS_REASON, field="chair_override_reason",
                               default=default, state=chair.code)
    if not overridden:
        return chair, derived.official, ""
    return chair, _chair_official(body_row, chair, start), reason


@transaction.atomic
def meeting_chair_set(*, meeting: str, chair_state: str | None, reason: str = "",
                      expected_version=None, acting_user: Actor) -> m.Meeting:
    """Change who chairs a meeting, or correct the record of a past one: back to the
    charter's rule (no state), or another state with the reason for departing from it.
    The audit record keeps who chaired before."""
    _require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = _meeting_for_write(meeting)
    check_version(row, expected_version, kind=MEETING)
    before = row.chair_state.code if row.chair_state else None
    chair, official, kept = _chair(row.body, row.start, row.host_state, chair_state, reason)
    row.chair_state, row.chair_official, row.chair_override_reason = chair, official, kept
    row.save(update_fields=["chair_state", "chair_official", "chair_override_reason"])
    _bump(row)
    _audit(acting_user, Action.MEETING_SAVE, "meeting", row.slug, row.topic,
           {"before": {"chair_state": before},
            "after": {"chair_state": chair.code if chair else None,
                      "chair_override_reason": kept}})
    return row


_FORWARD = {
    m.MeetingStatus.PLANNED: {m.MeetingStatus.IN_SESSION, m.MeetingStatus.CLOSED},
    m.MeetingStatus.IN_SESSION: {m.MeetingStatus.CLOSED},
    m.MeetingStatus.CLOSED: set(),
}


@transaction.atomic
def meeting_status_set(*, meeting: str, status: str, expected_version=None,
                       acting_user: Actor) -> m.Meeting:
    """Open or close a meeting; a meeting only moves forward (planned → in session → closed)."""
    _require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = _meeting_for_write(meeting)
    if status not in m.MeetingStatus.values:
        raise ValidationFailed(UNKNOWN_STATUS, field="status", value=status)
    check_version(row, expected_version, kind=MEETING)
    if status == row.status:
        return row
    if status not in _FORWARD[m.MeetingStatus(row.status)]:
        raise Conflict(BACKWARDS_STATUS, field="status",
                       current=m.MeetingStatus(row.status).label,
                       new=m.MeetingStatus(status).label)
    before = row.status
    row.status = status
    row.version += 1
    row.save(update_fields=["status", "version"])
    _audit(acting_user, Action.MEETING_SAVE, "meeting", row.slug, row.topic,
           {"before": {"status": before}, "after": {"status": status}})
    return row


@transaction.atomic
def side_event_add(*, meeting: str, date, format: str, titles, host: str | None = None,
                   expected_version=None, acting_user: Actor) -> m.SideEvent:
    """Record something held around a meeting (e.g. the President meeting the ministers)."""
    _require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = _meeting_for_write(meeting)
    day = parse_date(date, field="date")
    if day is None:
        raise ValidationFailed(_("date: the day of the side event is required."), field="date")
    window = dt.timedelta(days=SIDE_EVENT_WINDOW_DAYS)
    if not (row.start - window <= day <= row.end + window):
        raise ValidationFailed(SIDE_EVENT_FAR, field="date", days=SIDE_EVENT_WINDOW_DAYS)
    _format(format)
    titles = _titles(titles)
    official = _official(host, day, "host")
    check_version(row, expected_version, kind=MEETING)
    event = m.SideEvent.objects.create(meeting=row, date=day, format=format, titles=titles,
                                       host_official=official)
    _bump(row)
    _audit(acting_user, Action.MEETING_SAVE, "side_event", event.pk, row.topic,
           {"after": {"meeting": row.slug, "date": day, "format": format, "titles": titles}})
    return event


@transaction.atomic
def delegation_add(
    *, meeting: str, state: str | None = None, organization: str | None = None,
    head: str | None = None, members: list[str] | None = None, expected_version=None,
    acting_user: Actor,
) -> m.Delegation:
    """Record who attends: a state or a partner organization, its head and members.

    A head on record as an official (by name, in any language) is linked; otherwise the name
    is kept as given.
    """
    _require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = _meeting_for_write(meeting)
    if bool(state) == bool(organization):
        raise ValidationFailed(DELEGATION_WHO, field="state")
    state_row = _state(state, "state")
    org_row = None
    if organization:
        org_row = om.PartnerOrganization.objects.filter(slug=organization).first()
        if org_row is None:
            raise ValidationFailed(UNKNOWN_ORGANIZATION, field="organization",
                                   slug=organization)
    if members is None:
        members = []
    if not isinstance(members, list) or not all(isinstance(x, str) for x in members):
        raise ValidationFailed(BAD_MEMBERS, field="members")
    official, head_name = None, {}
    if head:
        try:
            official = _official(head, row.start, "head")
        except ValidationFailed:
            head_name = {"en": head.strip()}
    existing = row.delegations.filter(state=state_row, organization=org_row)
    if existing.exists():
        who = state_row.code if state_row else org_row.slug
        raise ValidationFailed(DELEGATION_EXISTS, field="state" if state_row else "organization",
                               slug=row.slug, who=who)
    check_version(row, expected_version, kind=MEETING)
    delegation = m.Delegation.objects.create(
        meeting=row, state=state_row, organization=org_row, head=official,
        head_name=head_name, members=[x.strip() for x in members if x.strip()])
    _bump(row)
    _audit(acting_user, Action.DELEGATION_SAVE, "delegation", delegation.pk, row.topic,
           {"after": {"meeting": row.slug, "state": state_row.code if state_row else None,
                      "organization": org_row.slug if org_row else None,
                      "head": official.name("en") if official else head_name.get("en")}})
    return delegation


@transaction.atomic
def agenda_item_add(
    *, meeting: str, titles, decision_sought: str, documents: list[str] | None = None,
    reporter: str | None = None, number=None, notes: dict | None = None,
    expected_version=None, acting_user: Actor,
) -> m.AgendaItem:
    """Add a numbered item to a meeting's agenda, with its documents and the decision sought."""
    _require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    row = _meeting_for_write(meeting)
    titles = _titles(titles)
    if decision_sought not in m.DecisionSought.values:
        raise ValidationFailed(UNKNOWN_SOUGHT, field="decision_sought", value=decision_sought,
                               known=", ".join(m.DecisionSought.values))
    docs = [_document(s, "documents") for s in (documents or [])]
    official = _official(reporter, row.start, "reporter")
    if decision_sought == m.DecisionSought.HEAR_REPORT and official is None:
        raise ValidationFailed(REPORTER_REQUIRED, field="reporter")
    if number in (None, ""):
        number = (row.agenda.aggregate(n=Max("number"))["n"] or 0) + 1
    else:
        number = _positive(number, "number")
        if row.agenda.filter(number=number).exists():
            raise ValidationFailed(ITEM_NUMBER_TAKEN, field="number", slug=row.slug,
                                   number=number)
    check_version(row, expected_version, kind=MEETING)
    item = m.AgendaItem.objects.create(meeting=row, number=number, titles=titles,
                                       decision_sought=decision_sought, reporter=official,
                                       notes=notes or {})
    if docs:
        item.documents.add(*docs)
    _bump(row)
    _audit(acting_user, Action.AGENDA_SAVE, "agenda_item", f"{row.slug}#{number}", row.topic,
           {"after": {"number": number, "titles": titles, "decision_sought": decision_sought,
                      "documents": [d.symbol for d in docs],
                      "reporter": official.name("en") if official else None}})
    return item


# --- circulation ------------------------------------------------------------------------


@transaction.atomic
def circulation_record(*, document: str, date=None, acting_user: Actor) -> m.Circulation:
    """Record that a document (at its current version) reached the member states on a date."""
    _require(may_draft(acting_user), ONLY_CIRCULATORS)
    doc = _document(document)
    day = parse_date(date, field="date", default=timezone.localdate())
    row = m.Circulation.objects.create(document=doc, date=day, version=doc.version,
                                       recorded_by=acting_user.username)
    _audit(acting_user, Action.CIRCULATION, "document", doc.symbol, doc.topic,
           {"circulated": day, "version": doc.version})
    return row


# --- the pipeline: where an agreed document goes next -----------------------------------


def _context(meeting: m.Meeting, doc: dm.Document) -> pipeline.Context:
    approver = doc.doc_type.approved_by or doc.approving_body
    prepares = meeting.body.prepares_for
    return pipeline.Context(body=meeting.body.slug,
                            prepares_for=prepares.slug if prepares else None,
                            approver=approver.slug if approver else None)


def _sought_at(body: om.Body, doc: dm.Document) -> str:
    approver = doc.doc_type.approved_by or doc.approving_body
    prepares = body.prepares_for
    ctx = pipeline.Context(body=body.slug, prepares_for=prepares.slug if prepares else None,
                           approver=approver.slug if approver else None)
    step = pipeline.final_step_for(ctx)
    return {pipeline.Step.APPROVE: m.DecisionSought.APPROVE,
            pipeline.Step.AGREE_SUBMIT: m.DecisionSought.AGREE_SUBMIT}.get(
                step, m.DecisionSought.DISCUSS)


def _titles_all(template, **params) -> dict[str, str]:
    """A fixed phrase in every language of the charter."""
    out = {}
    for lang in org.charter().languages:
        with translation.override(lang):
            out[lang] = str(template).format(
                **{k: (v(lang) if callable(v) else v) for k, v in params.items()})
    return out


def _next_meeting(body: om.Body, after: dt.date) -> m.Meeting | None:
    return (m.Meeting.objects.select_for_update(of=("self",))
            .filter(body=body, status=m.MeetingStatus.PLANNED, start__gte=after)
            .order_by("start").first())


def _enqueue(doc: dm.Document, target: m.Meeting, source_body: om.Body, actor: Actor) -> None:
    """Put a document agreed below onto the agenda of the target body's meeting."""
    if target.agenda.filter(documents=doc).exists():
        return
    sought = _sought_at(target.body, doc)
    item = target.agenda.filter(origin="pipeline", decision_sought=sought,
                                package__isnull=True).first()
    if item is None:
        number = (target.agenda.aggregate(n=Max("number"))["n"] or 0) + 1
        item = m.AgendaItem.objects.create(
            meeting=target, number=number, decision_sought=sought, origin="pipeline",
            titles=_titles_all(AUTO_ITEM_TITLE, body=source_body.short))
    item.documents.add(doc)
    _bump(target)
    _audit(actor, Action.AGENDA_SAVE, "agenda_item", f"{target.slug}#{item.number}",
           target.topic, {"added": doc.symbol, "origin": "pipeline"})


def _enqueue_package(package: m.Package, target: m.Meeting, source_body: om.Body,
                     actor: Actor) -> None:
    if target.agenda.filter(package=package).exists():
        return
    number = (target.agenda.aggregate(n=Max("number"))["n"] or 0) + 1
    titles = {lang: f"{text}: {package.title(lang)}" for lang, text in
              _titles_all(PACKAGE_ITEM_TITLE, body=source_body.short).items()}
    item = m.AgendaItem.objects.create(
        meeting=target, number=number, decision_sought=m.DecisionSought.ADOPT,
        origin="pipeline", package=package, titles=titles)
    item.documents.add(*package.documents.all())
    _bump(target)
    _audit(actor, Action.AGENDA_SAVE, "agenda_item", f"{target.slug}#{number}", target.topic,
           {"added_package": package.symbol, "origin": "pipeline"})


def _pull_waiting(meeting: m.Meeting, actor: Actor) -> None:
    """Documents agreed below before this meeting, still waiting, join its agenda."""
    decided = (m.Decision.objects
               .filter(meeting__body__prepares_for=meeting.body, date__lte=meeting.start,
                       kind__in=[m.DecisionKind.AGREED_AD_REF, m.DecisionKind.AGREED_SUBMITTED],
                       document__isnull=False)
               .select_related("document__doc_type__approved_by", "document__approving_body",
                               "meeting__body", "package")
               .order_by("date", "id"))
    on_agenda = set(m.AgendaItem.objects.filter(meeting__body=meeting.body)
                    .exclude(meeting=meeting).values_list("documents", flat=True))
    for decision in decided:
        doc = decision.document
        waiting = {m.DecisionKind.AGREED_AD_REF: dm.DocumentStatus.AGREED_AD_REF,
                   m.DecisionKind.AGREED_SUBMITTED: dm.DocumentStatus.SUBMITTED}[decision.kind]
        if doc.status != waiting or doc.pk in on_agenda:
            continue
        if decision.package is not None:
            _enqueue_package(decision.package, meeting, decision.meeting.body, actor)
        else:
            _enqueue(doc, meeting, decision.meeting.body, actor)


# --- decisions --------------------------------------------------------------------------


def _item(meeting: m.Meeting, number) -> m.AgendaItem:
    number = _positive(number, "item")
    item = meeting.agenda.select_related("package", "reporter").filter(number=number).first()
    if item is None:
        raise ValidationFailed(UNKNOWN_ITEM, field="item", slug=meeting.slug, number=number)
    return item


def _kind(kind: str) -> pipeline.Step:
    if kind not in m.DecisionKind.values:
        raise ValidationFailed(UNKNOWN_KIND, field="kind", value=kind,
                               known=", ".join(m.DecisionKind.values))
    return pipeline.Step(kind)


def _day(meeting: m.Meeting, on) -> dt.date:
    if on in (None, ""):
        today = timezone.localdate()
        return today if meeting.start <= today <= meeting.end else meeting.end
    day = parse_date(on, field="on")
    if not (meeting.start <= day <= meeting.end):
        raise ValidationFailed(DATE_OUTSIDE, field="on", day=day, slug=meeting.slug,
                               start=meeting.start, end=meeting.end)
    return day


def _outcome_json(outcome: Outcome | None) -> dict:
    if outcome is None:
        return {}
    return {"status": str(outcome.status), "supporters": list(outcome.supporters),
            "objecting": list(outcome.objecting), "views": [list(v) for v in outcome.views],
            "not_participating": list(outcome.not_participating),
            "brackets": outcome.brackets, "reasons": [str(r) for r in outcome.reasons]}


def why_not_agreed(dc, names: dict[str, str]) -> str:
    """The reasons a document cannot be agreed: who objects (by name and code), what remains."""
    parts = []
    for code, number, reason in dc.objections:
        where = str(ON_PARAGRAPH).format(number=number) if number is not None else ""
        parts.append(str(OBJECTION_BY).format(name=names.get(code, code), code=code,
                                              where=where, reason=reason.strip().rstrip(".")))
    if dc.brackets:
        numbers = ", ".join(str(n) for n in dc.bracketed) or "-"
        parts.append(str(BRACKETS_LEFT).format(count=dc.brackets, numbers=numbers))
    if not parts and dc.outcome.status is not Status.ADOPTED:
        parts.append(str(STILL_PENDING).format(reasons="; ".join(map(str, dc.outcome.reasons))))
    return "; ".join(parts) + "."


def _consensus(doc: dm.Document, day: dt.date):
    from concilium.documents.selectors import document_consensus

    return document_consensus(doc, on=day)


def _register(doc: dm.Document, decision: m.Decision, body: om.Body, day: dt.date,
              actor: Actor) -> m.RegistryEntry | None:
    """Give an adopted (or finally approved) document its registry number, once."""
    if m.RegistryEntry.objects.filter(document=doc).exists():
        return None
    org_short = (org.organization().short_names.get("en") or org.organization().slug).upper()
    body_short = (body.short_names.get("en") or body.slug).upper().replace(" ", "-")
    prefix = f"{org_short}-{body_short}-{day.year}-"
    taken = m.RegistryEntry.objects.filter(number__startswith=prefix).count()
    number = f"{prefix}{taken + 1:03d}"
    while m.RegistryEntry.objects.filter(number=number).exists():
        taken += 1
        number = f"{prefix}{taken + 1:03d}"
    entry = m.RegistryEntry.objects.create(document=doc, number=number, date=day, body=body,
                                           decision=decision)
    _audit(actor, Action.REGISTRY_ENTRY, "document", doc.symbol, doc.topic,
           {"number": number, "date": day, "body": body.slug})
    return entry


def _write_decision(*, meeting: m.Meeting | None, item: m.AgendaItem | None,
                    doc: dm.Document | None, step: pipeline.Step, kind: str, day: dt.date,
                    outcome, package: m.Package | None, actor: Actor, body: om.Body | None,
                    texts: dict | None = None, extra: dict | None = None) -> m.Decision:
    """Write one decision and its effects, chosen by the document's (old, new) state."""
    old = pipeline.DocState(doc.status) if doc else None
    new = old
    submitted_to = None
    if doc is not None:
        ctx = _context(meeting, doc) if meeting else pipeline.Context()
        new = pipeline.check(step, old, ctx)
        if step is pipeline.Step.AGREE_SUBMIT and meeting:
            submitted_to = meeting.body.prepares_for
    decision = m.Decision.objects.create(
        meeting=meeting, agenda_item=item, document=doc, package=package, kind=kind, date=day,
        submitted_to=submitted_to, outcome={**_outcome_json(outcome), **(extra or {})},
        texts=texts or {}, recorded_by=actor.username,
        document_version=doc.version if doc else None)
    topic = meeting.topic if meeting else (doc.topic if doc else "")
    _audit(actor, Action.DECISION_RECORD, "decision", decision.pk, topic,
           {"meeting": meeting.slug if meeting else None,
            "item": item.number if item else None, "document": doc.symbol if doc else None,
            "package": package.symbol if package else None, "kind": kind, "date": day,
            "before": str(old) if old else None, "after": str(new) if new else None})
    if doc is None or new == old:
        return decision
    document_status_follow(document=doc, status=new, acting_user=actor,
                           cause={"decision": decision.pk})
    match (old, new):
        case (_, pipeline.DocState.AGREED_AD_REF | pipeline.DocState.SUBMITTED) if (
                meeting and meeting.body.prepares_for and package is None):
            target = _next_meeting(meeting.body.prepares_for, meeting.end)
            if target is not None:
                _enqueue(doc, target, meeting.body, actor)
        case (_, pipeline.DocState.ADOPTED | pipeline.DocState.APPROVED):
            _register(doc, decision, body or doc.approving_body, day, actor)
    return decision


def _docs_for(meeting: m.Meeting, item: m.AgendaItem, document: str | None,
              package: str | None) -> tuple[list[dm.Document], m.Package | None]:
    lock = dm.Document.objects.select_for_update(of=("self",)).select_related(
        "doc_type__approved_by", "approving_body")
    if package:
        pkg = m.Package.objects.filter(symbol=package).first()
        if pkg is None:
            raise ValidationFailed(UNKNOWN_PACKAGE, field="package", symbol=package)
        return list(lock.filter(packages=pkg).order_by("symbol")), pkg
    if document:
        doc = _document(document)
        if not item.documents.filter(pk=doc.pk).exists():
            raise ValidationFailed(NOT_ON_ITEM, field="document", symbol=doc.symbol,
                                   number=item.number, slug=meeting.slug)
        return [doc], None
    docs = list(lock.filter(agenda_items=item).order_by("symbol"))
    return docs, item.package


def _decide(*, meeting: m.Meeting, item: m.AgendaItem, step: pipeline.Step,
            docs: list[dm.Document], package: m.Package | None, day: dt.date,
            actor: Actor) -> list[m.Decision]:
    """Check every document against the pipeline and the consensus engine, then write."""
    names = org.state_names("en")
    for doc in docs:
        try:
            pipeline.check(step, doc.status, _context(meeting, doc))
        except pipeline.PipelineRefused as refusal:
            raise ValidationFailed(REFUSED_BY_CHARTER, field="kind", symbol=doc.symbol,
                                   reason=str(refusal)) from None
    outcomes = {}
    if step in pipeline.NEEDS_CONSENSUS:
        checked = {doc.symbol: _consensus(doc, day) for doc in docs}
        outcomes = {symbol: dc.outcome for symbol, dc in checked.items()}
        label = pipeline.STEP_LABELS[step]
        if len(docs) > 1 or package is not None:
            result = decide_package(outcomes)
            if result.status is not Status.ADOPTED:
                reasons = " ".join(
                    f"{symbol}: {why_not_agreed(checked[symbol], names)}"
                    for symbol in (*result.blocked_items, *result.pending_items))
                raise Conflict(PACKAGE_BLOCKED, field="package", step=label, reasons=reasons)
        elif docs and not outcomes[docs[0].symbol].adopted:
            raise Conflict(NOT_AGREED, field="document", symbol=docs[0].symbol, step=label,
                           reasons=why_not_agreed(checked[docs[0].symbol], names))
    if not docs:
        return [_write_decision(meeting=meeting, item=item, doc=None, step=step, kind=step.value,
                                day=day, outcome=None, package=package, actor=actor,
                                body=meeting.body)]
    return [_write_decision(meeting=meeting, item=item, doc=doc, step=step, kind=step.value,
                            day=day, outcome=outcomes.get(doc.symbol), package=package,
                            actor=actor, body=meeting.body)
            for doc in docs]


def _open_for_decisions(meeting: m.Meeting, actor: Actor) -> None:
    chair = meeting.chair_state.code if meeting.chair_state else None
    if not may_chair(actor, chair):
        raise Forbidden(ONLY_CHAIR, state=chair or "-")
    if meeting.status == m.MeetingStatus.CLOSED:
        raise Conflict(CLOSED_MEETING, field="meeting", slug=meeting.slug)


@transaction.atomic
def decision_record(
    *, meeting: str, item: int, kind: str, document: str | None = None,
    package: str | None = None, acting_user: Actor, on=None, expected_version=None,
) -> list[m.Decision]:
    """Record what the meeting decided on an agenda item; one Decision per document decided.

    Without `document` the decision covers every document of the item (or the item's
    package) as one decision: nothing is decided unless every document may be. The chair
    (or the secretariat) records it; the pipeline and the consensus engine on the day of the
    decision must both allow it, or nothing is written and the refusal says why (which
    states object, where brackets remain).
    """
    row = _meeting_for_write(meeting)
    _open_for_decisions(row, acting_user)
    agenda_item = _item(row, item)
    step = _kind(kind)
    day = _day(row, on)
    docs, pkg = _docs_for(row, agenda_item, document, package)
    if not docs and step not in (pipeline.Step.TAKE_NOTE, pipeline.Step.HEAR_REPORT):
        raise ValidationFailed(NOTHING_TO_DECIDE, field="document", number=agenda_item.number,
                               slug=row.slug)
    check_version(row, expected_version, kind=MEETING)
    decisions = _decide(meeting=row, item=agenda_item, step=step, docs=docs, package=pkg,
                        day=day, actor=acting_user)
    _bump(row)
    return decisions


@transaction.atomic
def package_submit(
    *, meeting: str, item: int, symbol: str, titles, documents: list[str] | None = None,
    acting_user: Actor, on=None, expected_version=None,
) -> m.Package:
    """The meeting agrees a package of documents and submits it to the body it prepares for.

    One decision over all the documents (none is submitted unless all may be); the package
    goes onto the next planned meeting of the higher body, or waits for it.
    """
    row = _meeting_for_write(meeting)
    _open_for_decisions(row, acting_user)
    agenda_item = _item(row, item)
    higher = row.body.prepares_for
    if higher is None:
        raise ValidationFailed(NO_HIGHER_BODY, field="meeting", body=row.body.short("en"))
    symbol = (symbol or "").strip()
    if not symbol or len(symbol) > 80:
        raise ValidationFailed(SYMBOL_REQUIRED, field="symbol")
    if m.Package.objects.filter(symbol=symbol).exists():
        raise ValidationFailed(PACKAGE_EXISTS, field="symbol", symbol=symbol)
    titles = _titles(titles)
    day = _day(row, on)
    if documents is None:
        docs = list(dm.Document.objects.select_for_update(of=("self",))
                    .select_related("doc_type__approved_by", "approving_body")
                    .filter(agenda_items=agenda_item).order_by("symbol"))
    else:
        docs = [_document(s, "documents") for s in documents]
        for doc in docs:
            if not agenda_item.documents.filter(pk=doc.pk).exists():
                raise ValidationFailed(NOT_ON_ITEM, field="documents", symbol=doc.symbol,
                                       number=agenda_item.number, slug=row.slug)
    if not docs:
        raise ValidationFailed(EMPTY_PACKAGE, field="documents")
    check_version(row, expected_version, kind=MEETING)
    pkg = m.Package.objects.create(symbol=symbol, titles=titles, submitted_to=higher,
                                   meeting=row)
    pkg.documents.add(*docs)
    _decide(meeting=row, item=agenda_item, step=pipeline.Step.AGREE_SUBMIT, docs=docs,
            package=pkg, day=day, actor=acting_user)
    _bump(row)
    target = _next_meeting(higher, row.end)
    if target is not None:
        _enqueue_package(pkg, target, row.body, acting_user)
    return pkg


# --- silence procedure ------------------------------------------------------------------


def _deadline(value, field: str = "deadline") -> dt.datetime:
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise ValidationFailed(DEADLINE_REQUIRED, field=field) from None
    if not isinstance(value, dt.datetime):
        raise ValidationFailed(DEADLINE_REQUIRED, field=field)
    if timezone.is_naive(value):
        value = timezone.make_aware(value, dt.UTC)
    return value


@transaction.atomic
def silence_open(*, document: str, deadline, acting_user: Actor,
                 now: dt.datetime | None = None) -> m.SilenceProcedure:
    """The chair circulates a clean text under silence until a deadline the charter allows."""
    now = now or _now()
    doc = _document(document)
    body = doc.doc_type.approved_by or doc.approving_body
    chair = org.chair_of(body, now.date())
    code = chair.state.code if chair.state else None
    if not may_chair(acting_user, code):
        raise Forbidden(ONLY_CHAIR_SILENCE, body=body.short("en"), state=code or "-")
    deadline = _deadline(deadline)
    rules = org.charter().decisions
    ctx = pipeline.Context(body=body.slug, approver=body.slug,
                           silence_allowed=rules.silence_allowed,
                           silence_minimum_hours=rules.silence_minimum_hours,
                           silence_hours=(deadline - now).total_seconds() / 3600)
    try:
        pipeline.check(pipeline.Step.OPEN_SILENCE, doc.status, ctx)
    except pipeline.PipelineRefused as refusal:
        raise ValidationFailed(str(refusal), field="deadline") from None
    dc = _consensus(doc, now.date())
    if not dc.outcome.adopted:
        raise Conflict(NOT_AGREED, field="document", symbol=doc.symbol,
                       step=pipeline.STEP_LABELS[pipeline.Step.OPEN_SILENCE],
                       reasons=why_not_agreed(dc, org.state_names("en")))
    procedure = m.SilenceProcedure.objects.create(
        document=doc, opened_by=acting_user.username, opened_at=now, deadline=deadline,
        chair_state=chair.state)
    document_status_follow(document=doc, status=dm.DocumentStatus.SILENCE,
                           acting_user=acting_user)
    _audit(acting_user, Action.SILENCE_OPEN, "silence", procedure.pk, doc.topic,
           {"document": doc.symbol, "deadline": deadline.isoformat()})
    return procedure


@transaction.atomic
def silence_break(*, document: str, state: str, reason: str, kind: str = "objection",
                  acting_user: Actor, now: dt.datetime | None = None) -> m.SilenceProcedure:
    """A member breaks silence before the deadline; the text returns to negotiation.

    A delegate breaks it for their own state only; the secretariat may on a state's behalf.
    """
    now = now or _now()
    code = (state or "").strip().upper()
    if not may_act_for_state(acting_user, code):
        raise Forbidden(ONLY_OWN_STATE, field="state", own=acting_user.state or "-",
                        state=state)
    state_row = _state(code, "state")
    if state_row is None:
        raise ValidationFailed(org.UNKNOWN_STATE, field="state", code=state)
    if code not in org.member_codes_on(now.date()):
        raise ValidationFailed(NOT_A_MEMBER, field="state", code=code, day=now.date())
    if kind not in ("objection", "amendment"):
        raise ValidationFailed(BREAK_KIND, field="kind", value=kind)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(REASON_REQUIRED, field="reason")
    doc = _document(document)
    procedure = (m.SilenceProcedure.objects.select_for_update()
                 .filter(document=doc, status=m.SilenceStatus.OPEN).first())
    if procedure is None:
        raise Conflict(NO_OPEN_SILENCE, field="document", symbol=doc.symbol)
    if now >= procedure.deadline:
        raise Conflict(SILENCE_OVER, field="deadline", symbol=doc.symbol,
                       deadline=procedure.deadline.isoformat())
    decision = _write_decision(
        meeting=None, item=None, doc=doc, step=pipeline.Step.RETURN,
        kind=m.DecisionKind.RETURNED, day=now.date(), outcome=None, package=None,
        actor=acting_user, body=None,
        extra={"silence": procedure.pk, "broken_by": code, "break": kind, "reason": reason})
    procedure.status = m.SilenceStatus.BROKEN
    procedure.broken_by = state_row
    procedure.broken_reason = reason
    procedure.closed_at = now
    procedure.decision = decision
    procedure.save()
    _audit(acting_user, Action.SILENCE_BREAK, "silence", procedure.pk, doc.topic,
           {"document": doc.symbol, "state": code, "kind": kind, "reason": reason},
           acting_for=code, on_behalf=acts_on_behalf(acting_user, code))
    return procedure


@transaction.atomic
def silence_process(*, acting_user: Actor, now: dt.datetime | None = None
                    ) -> list[m.SilenceProcedure]:
    """Adopt every open procedure whose deadline has passed unbroken; the same result whenever
    it runs (a second run finds nothing to do). The decision is dated the deadline's day."""
    _require(may_plan_meetings(acting_user), ONLY_PLANNERS)
    now = _deadline(now, "now") if now not in (None, "") else _now()
    due = list(m.SilenceProcedure.objects.select_for_update(of=("self",))
               .filter(status=m.SilenceStatus.OPEN, deadline__lte=now)
               .select_related("document__doc_type__approved_by", "document__approving_body")
               .order_by("deadline", "id"))
    for procedure in due:
        doc = procedure.document
        day = timezone.localdate(procedure.deadline)
        body = doc.doc_type.approved_by or doc.approving_body
        decision = _write_decision(
            meeting=None, item=None, doc=doc, step=pipeline.Step.ADOPT_BY_SILENCE,
            kind=m.DecisionKind.ADOPTED, day=day, outcome=None, package=None,
            actor=acting_user, body=body, extra={"silence": procedure.pk})
        procedure.status = m.SilenceStatus.ADOPTED
        procedure.closed_at = procedure.deadline
        procedure.decision = decision
        procedure.save()
        _audit(acting_user, Action.SILENCE_CLOSE, "silence", procedure.pk, doc.topic,
               {"document": doc.symbol, "result": "adopted", "date": day})
    return due


__all__ = [
    "NOT_FOUND", "agenda_item_add", "circulation_record", "decision_record", "delegation_add",
    "meeting_create", "meeting_status_set", "package_submit", "side_event_add",
    "silence_break", "silence_open", "silence_process", "slug_for", "why_not_agreed",
]
