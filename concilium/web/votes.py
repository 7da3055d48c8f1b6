"""The votes at a meeting, where the charter says vote: for each document on the agenda a
form with each member state's vote (yes, no, abstain, absent) and the decision voted on; the
ballots taken, with their tallies.

A body that decides by consensus offers no vote, and the page says so; a step the charter
does not allow now is not offered, with the reason; someone who is not the chair (or the
Secretariat) sees the forms without working buttons, with the reason. Pressing the button
calls `meetings.services.vote_record`, which checks everything again. A fixed number of
queries, whatever the number of documents, ballots or states.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from concilium.core.errors import DomainError
from concilium.documents import models as dm
from concilium.documents.dates import act_day
from concilium.meetings import models as mm
from concilium.meetings import selectors as ms
from concilium.meetings import services
from concilium.meetings.services.decisions import CLOSED_MEETING, ONLY_CHAIR
from concilium.meetings.services.pipeline import context
from concilium.meetings.services.votes import VOTABLE, rule_for
from concilium.organization import selectors as org
from concilium.rules import pipeline, voting
from concilium.rules.permissions import Actor, may_chair
from concilium.web import selectors as pages
from concilium.web.desk import STATE_NAMES, STEP_NAMES, STEPS, Choice, explain
from concilium.web.views import page, ui_lang

CHOICE_NAMES = {voting.Choice.YES: gettext_lazy("yes"), voting.Choice.NO: gettext_lazy("no"),
                voting.Choice.ABSTAIN: gettext_lazy("abstain"),
                voting.Choice.ABSENT: gettext_lazy("absent")}
RULE_NAMES = {"majority": gettext_lazy("a majority of the states present and voting"),
              "two_thirds": gettext_lazy("two thirds of the states present and voting")}


@dataclass
class VoteForm:
    item: mm.AgendaItem
    document: dm.Document
    rule: str  # "" where the body decides this type of text by consensus
    steps: list[Choice]
    why: str = ""  # why no vote can be recorded on it now ("" when one can)


@dataclass
class VotesPage:
    meeting: mm.Meeting
    forms: list[VoteForm]
    states: list[tuple[str, str]]  # the member states on the day (code, name)
    ballots: list[mm.Ballot]
    refusal: str


def votes_page(slug: str, *, actor: Actor, lang: str) -> VotesPage:
    """A fixed number of queries, however many documents, ballots or member states (the
    charter is read once for every document's rule)."""
    view = ms.meeting_detail(slug, actor=actor)
    meeting = view.meeting
    chair = meeting.chair_state.code if meeting.chair_state else None
    refusal = ""
    if not may_chair(actor, chair):
        refusal = str(ONLY_CHAIR).format(state=chair or "-")
    elif meeting.status == mm.MeetingStatus.CLOSED:
        refusal = str(CLOSED_MEETING).format(slug=meeting.slug)
    full = pages.documents_for_decision(d.pk for v in view.agenda for d in v.documents)
    ch = org.charter()
    forms = []
    for v in view.agenda:
        for d in v.documents:
            doc = full[d.pk]
            rule = rule_for(meeting.body.slug, doc.doc_type.slug, ch)
            steps = []
            for step in STEPS:
                if step not in VOTABLE:
                    continue
                problem = pipeline.refusal(step, doc.status, context(meeting.body, doc))
                steps.append(Choice(step.value, str(STEP_NAMES[step]),
                                    explain(problem) if problem else ""))
            why = ""
            if rule is None:
                why = _("The {body} decides texts of this type by consensus under the "
                        "charter, without a vote: record the decision at the session desk."
                        ).format(body=meeting.body.name(lang))
            elif not any(s.enabled for s in steps):
                why = _("The document is {state}: no decision on it can be voted now.").format(
                    state=STATE_NAMES.get(doc.status, doc.status))
            forms.append(VoteForm(v.item, doc, str(RULE_NAMES.get(rule.value, rule.value)) if rule
                                  else "", steps, why))
    names = org.state_names(lang)
    day = act_day(meeting_start=meeting.start, meeting_end=meeting.end)
    members = set(org.member_codes_on(day)) if any(not f.why for f in forms) else set()
    order = org.state_order(lang) if members else ()
    return VotesPage(meeting=meeting, forms=forms,
                     states=[(c, names.get(c, c)) for c in order if c in members],
                     ballots=ms.ballots_of(meeting, actor=actor), refusal=refusal)


def _votes(post, states) -> dict[str, str]:
    return {code: post.get(f"vote-{code}", "") for code in states if post.get(f"vote-{code}")}


@require_http_methods(["GET", "POST"])
@page
def votes(request, slug):
    """The page; a POST records one vote (on the document named) and comes back to it."""
    error, status = None, 200
    if request.method == "POST":
        p = request.POST
        codes = [k.removeprefix("vote-") for k in p if k.startswith("vote-")]
        try:
            item = p.get("item", "")
            services.vote_record(
                meeting=slug, item=int(item) if item.isdigit() else item,
                kind=p.get("kind", ""), document=p.get("document", ""),
                votes=_votes(p, codes), expected_version=p.get("expected_version") or None,
                acting_user=request.actor)
        except DomainError as exc:
            error, status = exc, exc.status
        else:
            messages.success(request, _("The vote is recorded."))
            return redirect("web:meeting_votes", slug)
    v = votes_page(slug, actor=request.actor, lang=ui_lang())
    return render(request, "web/meetings/votes.html", {
        "section": "meetings", "v": v, "mt": v.meeting, "error": error,
        "typed": request.POST if error else {},
        "choices": [(c.value, CHOICE_NAMES[c]) for c in voting.Choice]}, status=status)
