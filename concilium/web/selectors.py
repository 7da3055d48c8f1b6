"""Reads that assemble a page from the apps' selectors, in a fixed number of queries.

Nothing here decides a rule: permissions come from the apps' selectors (`document_get`,
`document_list`), consensus from `concilium.rules.consensus` through them. What lives here is
the shape a page needs — a progress bar per document, a board of the pipeline — fetched in
bulk so that a page's query count depends on neither the number nor the size of documents.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max

from concilium.audit.models import AuditRecord
from concilium.core.conditional import make_etag
from concilium.documents import models as dm
from concilium.documents import selectors as docs
from concilium.documents.summary import document_last_change, today
from concilium.meetings import calendar as mc
from concilium.meetings import models as mm
from concilium.meetings import selectors as ms
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import consensus
from concilium.rules.permissions import Actor, may_plan_meetings, may_publish
from concilium.search.selectors import search as search_documents

OPEN_STATUSES = [s for s in dm.DocumentStatus if s not in dm.CLOSED_STATUSES]


def room_fragment_etag(symbol: str, *, actor: Actor, fragment: str, query: str,
                       ui_lang: str, csrf: str) -> str:
    """The ETag of one fragment of the room as this actor sees it: the audit record that
    last touched the document, the day, the actor, the page's query and language, and the
    CSRF secret its forms carry. NotFound, as for the room, for whoever may not read the
    document. Two queries."""
    change = document_last_change(symbol)
    document = docs.document_get(symbol, actor=actor)
    return make_etag("room", fragment, document.pk, *change, today(), repr(actor), query,
                     ui_lang, csrf)


def live_since() -> int:
    """The last audit seq: a page rendered now has seen every event up to it."""
    return AuditRecord.objects.aggregate(n=Max("seq"))["n"] or 0


def data_version() -> tuple[int, str] | None:
    """The latest audit record's (seq, hash): a version of everything stored.

    Every write goes through a service that appends an audit record in its transaction,
    under the chain's lock, so records commit in `seq` order and a higher `seq` means newer
    data; the hash tells apart two stores that happen to reach the same `seq` (a test
    database rolled back and rebuilt). None while nothing has been recorded. Read it before
    the data it versions: what is read after it is at least that new. One indexed query.
    """
    return AuditRecord.objects.order_by("-seq").values_list("seq", "hash").first()


def actions_since(version: tuple[int, str], *, at_most: int = 50) -> list[str] | None:
    """The actions recorded after `version` (from `data_version`), oldest first; None when
    `version` is not in this store's chain or more than `at_most` followed it. One query."""
    seq, digest = version
    rows = list(AuditRecord.objects.filter(seq__gte=seq).order_by("seq")
                .values_list("seq", "hash", "action")[:at_most + 2])
    if not rows or rows[0][:2] != (seq, digest) or len(rows) > at_most + 1:
        return None
    return [action for _seq, _hash, action in rows[1:]]


@dataclass
class Progress:
    """Each paragraph of a document in exactly one of: agreed, objected to, bracketed, under
    discussion (someone has spoken, no consensus yet), not yet discussed."""

    total: int = 0
    agreed: int = 0
    bracketed: int = 0
    objected: int = 0
    discussed: int = 0
    untouched: int = 0

    def pct(self, n: int) -> float:
        return round(100.0 * n / self.total, 1) if self.total else 0.0

    @property
    def agreed_pct(self) -> float:
        return self.pct(self.agreed)

    @property
    def bracketed_pct(self) -> float:
        return self.pct(self.bracketed)

    @property
    def objected_pct(self) -> float:
        return self.pct(self.objected)

    @property
    def discussed_pct(self) -> float:
        return self.pct(self.discussed)


def progress_of(documents: list[dm.Document], *, on: dt.date) -> dict[int, Progress]:
    """Where each paragraph of each document stands on the day `on`, in six queries
    whatever their number.

    Agreed: the chair recorded an outcome on it (or on the whole text), or consensus is
    reached on it: no bracket left and, by the charter's rule for meetings, the members on
    `on` agree (`rules.consensus.decide`). A clean paragraph nobody has spoken on is not
    agreed: it is "not yet discussed". Otherwise objected to (some member's latest position),
    bracketed (in any language), or under discussion.
    """
    ids = [d.pk for d in documents]
    out = {pk: Progress() for pk in ids}
    if not ids:
        return out
    brackets = dict(dm.ParagraphText.objects
                    .filter(paragraph__document_id__in=ids, paragraph__deleted=False)
                    .values_list("paragraph_id").annotate(n=Max("bracket_count"))
                    .values_list("paragraph_id", "n"))
    paragraphs = list(dm.Paragraph.objects.filter(document_id__in=ids, deleted=False)
                      .values_list("pk", "document_id"))
    recorded = set(dm.TextOutcome.objects.filter(document_id__in=ids)
                   .values_list("document_id", "paragraph_id"))
    # Each paragraph's history, after what each state said on the whole text (which
    # carries to every paragraph, as `document_consensus` reads it).
    rows: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    on_whole: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for doc_id, par_id, code, stance, text in (
            dm.Position.objects.filter(document_id__in=ids).order_by("id")
            .values_list("document_id", "paragraph_id", "state__code", "stance", "text")):
        (rows[par_id] if par_id else on_whole[doc_id]).append((code, stance, text))
    whole = {doc_id: docs.whole_stances(history) for doc_id, history in on_whole.items()}
    members = org.member_codes_on(on)
    silence_counts = org.charter().decisions.silence_counts_at_meeting
    decided: dict[tuple, consensus.Outcome] = {}  # most paragraphs share a few histories
    for pk, doc_id in paragraphs:
        p = out[doc_id]
        p.total += 1
        history = tuple(docs.with_whole(rows.get(pk, []), whole.get(doc_id, {})))
        memo = (history, brackets.get(pk) or 0)
        outcome = decided.get(memo)
        if outcome is None:
            outcome = decided[memo] = consensus.decide(
                entitled=members, brackets=memo[1], silence_counts=silence_counts,
                positions=[consensus.Position(c, consensus.Stance(st), t)
                           for c, st, t in history])
        if (doc_id, pk) in recorded or (doc_id, None) in recorded:
            p.agreed += 1
        elif outcome.objecting:
            p.objected += 1
        elif brackets.get(pk):
            p.bracketed += 1
        elif outcome.adopted and history:
            p.agreed += 1
        elif history:
            p.discussed += 1
        else:
            p.untouched += 1
    return out


@dataclass
class Column:
    """One council's column: the live documents it has, and how many it has adopted or
    otherwise closed (shown as a count that links to the registry, not as cards)."""

    body: om.Body
    cards: list[tuple[dm.Document, Progress]] = field(default_factory=list)
    closed: int = 0


def pipeline(documents: list[dm.Document], progress: dict[int, Progress]) -> list[Column]:
    """The coordinators → ministers → heads of state board, each document where it now is.

    A document sits with the body it was last submitted to, else with its originating body.
    """
    charter = org.charter()
    chain = charter.pipeline_chain()
    bodies = {b.slug: b for b in om.Body.objects.filter(slug__in=chain)}
    columns = {slug: Column(bodies[slug]) for slug in chain if slug in bodies}
    by_id = {b.pk: b.slug for b in bodies.values()}
    at: dict[int, str] = {}
    for doc_id, body_id in (mm.Decision.objects
                            .filter(document_id__in=[d.pk for d in documents],
                                    submitted_to__isnull=False)
                            .order_by("date", "id").values_list("document_id", "submitted_to_id")):
        if body_id in by_id:
            at[doc_id] = by_id[body_id]
    for doc in documents:
        slug = at.get(doc.pk)
        if slug is None:
            slug = doc.origin_body.slug
            if doc.status in dm.CLOSED_STATUSES:
                slug = doc.approving_body.slug
        if slug not in columns:
            continue
        if doc.status in dm.CLOSED_STATUSES:
            columns[slug].closed += 1
        else:
            columns[slug].cards.append((doc, progress.get(doc.pk, Progress())))
    return list(columns.values())


def upcoming_meetings(day: dt.date, limit: int = 6) -> tuple[list[mm.Meeting], bool]:
    """Meetings from `day` on; when there are none, the latest before it (flag False)."""
    qs = mm.Meeting.objects.select_related("body", "host_state", "chair_state")
    upcoming = list(qs.filter(end__gte=day).order_by("start")[:limit])
    if upcoming:
        return upcoming, True
    return list(qs.order_by("-start")[:limit])[::-1], False


@dataclass
class Dashboard:
    day: dt.date
    presidency: om.Presidency | None
    meetings: list[mm.Meeting]
    meetings_upcoming: bool
    negotiating: list[tuple[dm.Document, Progress]]
    board: list[Column]


def dashboard(*, actor: Actor, day: dt.date) -> Dashboard:
    documents = [d for d in docs.document_list(actor=actor)]
    progress = progress_of(documents, on=day)
    negotiating = [(d, progress[d.pk]) for d in documents
                   if d.status in (dm.DocumentStatus.NEGOTIATION, dm.DocumentStatus.DRAFT,
                                   dm.DocumentStatus.AGREED_AD_REF)]
    meetings, upcoming = upcoming_meetings(day)
    return Dashboard(day=day, presidency=org.presidency_on(day), meetings=meetings,
                     meetings_upcoming=upcoming, negotiating=negotiating,
                     board=pipeline(documents, progress))


@dataclass
class OrganizationPage:
    day: dt.date
    members: list[om.State]
    observers: list[om.State]
    partners: list[om.State]
    organizations: list[om.PartnerOrganization]
    bodies: list[om.Body]
    officials: list[om.Official]
    timeline: list
    current_presidency: om.Presidency | None
    sco_partners: list[om.State] = field(default_factory=list)
    status_names: dict[str, str] = field(default_factory=dict)
    rotation_rule: str = ""


def organization_page(*, day: dt.date, lang: str) -> OrganizationPage:
    by_status = org.memberships_on(day, lang)
    return OrganizationPage(
        day=day,
        members=by_status.get("member", []),
        observers=by_status.get("observer", []),
        partners=by_status.get("dialogue_partner", []),
        organizations=list(om.PartnerOrganization.objects.all()),
        bodies=list(om.Body.objects.select_related("prepares_for").order_by("position")),
        officials=org.officials_on(day),
        timeline=org.presidency_sequence(),
        current_presidency=org.presidency_on(day),
        sco_partners=by_status.get("partner", []),
        status_names={status.value: om.pick_name(names, lang)
                      for status, names in org.charter().status_names.items()},
        rotation_rule=org.rotation_rule_text(),
    )


# --- meetings, registry, search -----------------------------------------------------------


def meetings_list() -> list[mm.Meeting]:
    return ms.meeting_list()


@dataclass
class MeetingPage:
    meeting: mm.Meeting
    view: ms.MeetingView
    can_publish: bool
    can_plan: bool = False
    delegations: list = field(default_factory=list)  # ms.DelegationStatus per member state
    can_record_delegation: bool = False


def meeting_page(slug: str, *, actor: Actor, lang: str) -> MeetingPage:
    """The meeting with its agenda, delegations, decisions and circulation, in a fixed
    number of queries. The minutes (`meetings_data.minutes_text`) load when asked for, and
    the press release is composed on the publishing page: both read every decided
    document's consensus, which would make this page grow with the meeting."""
    view = ms.meeting_detail(slug, actor=actor)
    return MeetingPage(meeting=view.meeting, view=view, can_publish=may_publish(actor),
                       can_plan=may_plan_meetings(actor),
                       delegations=ms.delegation_statuses(view, lang),
                       can_record_delegation=bool(
                           may_plan_meetings(actor) or actor.speaks_for_member))


def meeting_calendar(slug: str | None, *, lang: str) -> bytes:
    meetings = [ms.meeting_get(slug)] if slug else ms.meeting_list()
    return mc.calendar(meetings, lang=lang, name=slug or "")


@dataclass
class RegistryPage:
    entries: list
    documents: list[dm.Document]


def registry_page(*, actor: Actor) -> RegistryPage:
    return RegistryPage(entries=ms.registry_list(actor=actor),
                        documents=docs.document_list(actor=actor))


def search(query: str, *, lang: str, actor: Actor):
    return search_documents(actor=actor, q=query, lang=lang or None)


# --- the negotiation room -----------------------------------------------------------------


def paragraph_texts(document: dm.Document, languages, shown) -> list[docs.ParagraphView]:
    """The current paragraphs with the shown languages' texts and every language's status.

    The same views as `documents.selectors.document_paragraphs`, read as plain tuples (the
    room shows a thousand paragraphs; model instances would cost more than the page): three
    queries whatever the length.
    """
    pars = list(document.paragraphs.filter(deleted=False).order_by("position")
                .values_list("pk", "key", "number", "proponents"))
    rows = dm.ParagraphText.objects.filter(paragraph__document=document,
                                           paragraph__deleted=False)
    meta: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for par_id, lang, edit_seq, brackets in rows.values_list(
            "paragraph_id", "lang", "edit_seq", "bracket_count"):
        meta[par_id][lang] = (edit_seq, brackets)
    texts = {(par_id, lang): text for par_id, lang, text in
             rows.filter(lang__in=list(shown)).values_list("paragraph_id", "lang", "text")}
    out = []
    for pk, key, number, proponents in pars:
        langs = meta.get(pk, {})
        newest = max((seq for seq, _b in langs.values()), default=0)
        views = {}
        for lang in languages:
            if lang not in langs:
                views[lang] = docs.TextView(lang, "", 0, docs.Translation.MISSING, 0)
                continue
            seq, brackets = langs[lang]
            status = docs.Translation.OUTDATED if seq < newest else docs.Translation.CURRENT
            views[lang] = docs.TextView(lang, texts.get((pk, lang), ""), brackets, status, seq)
        out.append(docs.ParagraphView(
            key=key, number=number, texts=views,
            bracket_count=max((b for _s, b in langs.values()), default=0),
            proponents=list(proponents or [])))
    return out


# --- the chair's desk ---------------------------------------------------------------------


def documents_for_decision(ids) -> dict[int, dm.Document]:
    """Documents with what the pipeline needs to judge a step (their type's approver and
    approving body), by id. One query."""
    return {d.pk: d for d in dm.Document.objects.filter(pk__in=list(ids))
            .select_related("doc_type__approved_by", "approving_body", "origin_body")}


def states_heard(documents: list[dm.Document]) -> dict[int, set[str]]:
    """The states that have recorded any position on each document, by id. One query."""
    out: dict[int, set[str]] = {d.pk: set() for d in documents}
    for doc_id, code in (dm.Position.objects.filter(document_id__in=list(out))
                         .values_list("document_id", "state__code").distinct()):
        out[doc_id].add(code)
    return out
