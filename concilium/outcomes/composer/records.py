"""Gather what a composed text says from the records of one meeting, language by language.

Nothing here invents a fact: every value comes from a row (the meeting, its preparatory
meetings and side events, agenda items and their documents, decisions, delegations, the
registry of states, officials and presidencies) or from the consensus engine over the
positions recorded. The templates only phrase it. Change a record, and the text follows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from concilium.documents import models as dm
from concilium.documents.selectors import document_consensus
from concilium.meetings import models as m
from concilium.meetings.selectors import meeting_detail
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.organization.extras import charter_extras
from concilium.outcomes.composer import language
from concilium.outcomes.exporters.text import display_text
from concilium.rules.permissions import Actor

#: Meetings of a preparatory body that end this many days before (or on) a meeting's first
#: day are the meetings that prepared it.
PREPARATORY_WINDOW_DAYS = 30

#: The document types whose agreed paragraphs are the substance of each kind of text.
POINT_SOURCES = {
    "press-release": ("press-release",),
    "communique": ("declaration", "communique"),
    "minutes": ("press-release", "declaration", "communique"),
}


@dataclass
class Point:
    """An agreed paragraph: its text per language and who is named as supporting it.

    `named` is empty when every member takes part (the text then speaks for all); otherwise
    it holds the supporting states' codes (the proponent left out), to be listed by name.
    """

    texts: dict[str, str]
    named: list[str]
    number: int = 0  # the paragraph's place in its document
    document: dm.Document | None = None
    absent: list[str] = field(default_factory=list)  # states not taking part
    views: list[tuple[str, str]] = field(default_factory=list)  # (state, view) recorded


@dataclass
class Group:
    doc_type: str
    documents: list[dm.Document]
    partners: list[om.PartnerOrganization] = field(default_factory=list)


@dataclass
class Item:
    item: m.AgendaItem
    groups: list[Group]
    decisions: list[m.Decision]
    points: list[Point]
    total: int = 0  # every document on the item, the point sources included

    @property
    def kinds(self) -> set[str]:
        return {d.kind for d in self.decisions}

    @property
    def submitted_to(self) -> om.Body | None:
        return next((d.submitted_to for d in self.decisions if d.submitted_to_id), None)


@dataclass
class Records:
    meeting: m.Meeting
    organization: om.Organization
    preparatory: list[tuple[m.Meeting, int]]  # (meeting, documents it decided for this one)
    side_events: list[m.SideEvent]
    items: list[Item]
    delegations: list[m.Delegation]
    members: list[str]
    presidency: om.Presidency | None
    next_presidency: om.Presidency | None  # only when the presidency passes at its close
    draft_count: int
    sources: list[dm.Document]  # the documents whose paragraphs are the points
    names: dict[str, dict[str, str]]  # lang -> code -> state name
    order: dict[str, tuple[str, ...]]  # lang -> state codes in the order lists name them
    doc_type: om.DocumentType | None = None  # the registry's type of the text composed
    last_of_term: bool = False  # no later meeting of the body in the presidency's term
    extras: dict = field(default_factory=dict)  # charter.extras: places, officials' titles


def partners_named(title: str,
                   partners: list[om.PartnerOrganization]) -> list[om.PartnerOrganization]:
    """The partner organizations a (working-language) title names, longest names first, so
    that "United Nations Economic Commission for Europe" is not also read as "United Nations"."""
    found: list[tuple[int, om.PartnerOrganization]] = []
    rest = title
    candidates = sorted(
        ((name, p) for p in partners
         for name in {p.name("en"), p.short("en")} if name),
        key=lambda pair: -len(pair[0]))
    for name, partner in candidates:
        at = rest.find(name)
        if at < 0 or any(p.pk == partner.pk for _, p in found):
            continue
        before = rest[at - 1] if at else " "
        after = rest[at + len(name)] if at + len(name) < len(rest) else " "
        if before.isalnum() or after.isalnum():
            continue
        found.append((at, partner))
        rest = rest[:at] + "\0" * len(name) + rest[at + len(name):]
    return [p for _, p in found]


def _points(doc: dm.Document, day: dt.date, langs: tuple[str, ...]) -> list[Point]:
    """The document's agreed paragraphs with the states each names; one consensus run."""
    result = document_consensus(doc, on=day, lang="en")
    agreed = {p.key: p.outcome for p in result.paragraphs if p.outcome.adopted}
    rows = (dm.Paragraph.objects.filter(document=doc, deleted=False)
            .order_by("position").prefetch_related("texts"))
    out = []
    for number, par in enumerate(rows, start=1):
        outcome = agreed.get(par.key)
        if outcome is None:
            continue
        texts = {t.lang: display_text(t.text) for t in par.texts.all()}
        texts = {lang: texts.get(lang) or texts.get(doc.original_language, "") for lang in langs}
        named = list(outcome.supporters) if (outcome.not_participating or par.proponents) else []
        out.append(Point(texts, named, number=number, document=doc,
                         absent=list(outcome.not_participating), views=list(outcome.views)))
    return out


def gather(meeting: m.Meeting, *, kind: str, actor: Actor) -> Records:
    """Everything a composed text of `kind` may say about `meeting`."""
    view = meeting_detail(meeting.slug, actor=actor)
    meeting = view.meeting
    langs = org.charter().languages
    partners = list(om.PartnerOrganization.objects.all())
    sources = POINT_SOURCES.get(kind, ())
    items = []
    source_docs: dict[int, dm.Document] = {}
    for v in view.agenda:
        groups: dict[str, Group] = {}
        points: list[Point] = []
        for doc in v.documents:
            if doc.doc_type.slug in sources:
                if doc.pk not in source_docs:
                    source_docs[doc.pk] = doc
                    points += _points(doc, meeting.end, langs)
                continue
            group = groups.setdefault(doc.doc_type.slug, Group(doc.doc_type.slug, []))
            group.documents.append(doc)
            if doc.doc_type.slug == "memorandum":
                group.partners += partners_named(doc.title("en"), partners)
        for group in groups.values():
            # Partners in the charter's order, as the organization lists them.
            group.partners = sorted({p.pk: p for p in group.partners}.values(),
                                    key=lambda p: p.pk)
        items.append(Item(v.item, list(groups.values()), v.decisions, points,
                          total=len(v.documents)))
    on_agenda = {d.pk for v in view.agenda for d in v.documents}
    window = meeting.start - dt.timedelta(days=PREPARATORY_WINDOW_DAYS)
    preparatory = []
    for prep in (m.Meeting.objects.select_related("body", "chair_state", "chair_official")
                 .filter(body__prepares_for=meeting.body, end__lte=meeting.start,
                         end__gte=window).order_by("start")):
        decided = set(prep.decisions.filter(document__in=on_agenda)
                      .values_list("document", flat=True))
        preparatory.append((prep, len(decided)))
    draft_count = len({d.pk for v in view.agenda for d in v.documents
                       if d.doc_type.slug not in sources})
    # The presidency passes at the close of the meeting on whose last day its term ends (the
    # summit, for the SCO); the outgoing presidency is commended at the last meeting of a
    # body in its term, as far as the records know.
    next_term = None
    term = org.presidency_on(meeting.end)
    last_of_term = term is not None
    if term and term.end:
        if term.end == meeting.end:
            next_term = org.presidency_on(term.end + dt.timedelta(days=1))
        # The last such meeting: the term closes at this meeting, or at a meeting on record
        # after it, with no later meeting of this body before that close.
        closes = meeting.end == term.end or m.Meeting.objects.filter(
            start__gt=meeting.end, end=term.end).exists()
        last_of_term = closes and not m.Meeting.objects.filter(
            body=meeting.body, start__gt=meeting.end, start__lte=term.end).exists()
    elif term:
        last_of_term = False  # an open term: nothing on record says where it ends
    return Records(
        meeting=meeting, organization=org.organization(), preparatory=preparatory,
        side_events=view.side_events, items=items, delegations=view.delegations,
        members=org.member_codes_on(meeting.end), presidency=term,
        next_presidency=next_term, last_of_term=last_of_term, draft_count=draft_count,
        sources=list(source_docs.values()),
        names={lang: org.state_names(lang) for lang in langs},
        order={lang: org.state_order(lang) for lang in langs},
        doc_type=om.DocumentType.objects.filter(slug=kind).first(),
        extras=charter_extras())


__all__ = ["Group", "Item", "Point", "Records", "gather", "language", "partners_named"]
