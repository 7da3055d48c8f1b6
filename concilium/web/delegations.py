"""The delegations' composition and credentials at a meeting: every member state, complete
or not; the composition form for each state the reader may record it for (a delegate: their
own; the secretariat: every one); the credentials form for the secretariat.

Each write is one service call; a refusal is shown beside the field it names, with the
service's status code, nothing written. Who may do what is asked of `rules.permissions`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from concilium.core.errors import Forbidden
from concilium.meetings import models as mm
from concilium.meetings import selectors as ms
from concilium.meetings import services
from concilium.meetings.services.credentials import ONLY_OWN_DELEGATION
from concilium.rules.permissions import (
    Actor,
    may_plan_meetings,
    may_record_credentials,
    may_record_delegation,
)
from concilium.web import meetings_admin
from concilium.web.views import page, ui_lang


@dataclass
class Row:
    status: ms.DelegationStatus
    may_compose: bool
    head: str
    head_title: str
    members: str  # one "Name | Title" a line, as the form takes them
    advisers: str


@dataclass
class DelegationsPage:
    meeting: mm.Meeting
    rows: list[Row]
    may_credentials: bool


def _lines(people: list[dict], lang: str) -> str:
    out = []
    for p in people or []:
        name = (p.get("name") or {}).get(lang) or (p.get("name") or {}).get("en", "")
        title = (p.get("title") or {}).get(lang) or (p.get("title") or {}).get("en", "")
        out.append(f"{name} | {title}" if title else name)
    return "\n".join(out)


def delegations_page(slug: str, *, actor: Actor, lang: str) -> DelegationsPage:
    """Every member state with its delegation, and what the actor may record; the
    meeting's reads and two more queries, whatever the number of delegations."""
    view = ms.meeting_detail(slug, actor=actor)
    rows = []
    for s in ms.delegation_statuses(view, lang):
        d = s.delegation
        members = (d.member_list or [{"name": {"en": n}} for n in d.members]) if d else []
        head = ""
        if d is not None:
            head = d.head.name("en") if d.head_id else (d.head_name or {}).get("en", "")
        rows.append(Row(status=s, may_compose=may_record_delegation(actor, s.state.code),
                        head=head, head_title=(d.head_title or {}).get("en", "") if d else "",
                        members=_lines(members, "en"),
                        advisers=_lines(d.advisers if d else [], "en")))
    return DelegationsPage(meeting=view.meeting, rows=rows,
                           may_credentials=may_record_credentials(actor))


def _allowed(request) -> None:
    """The secretariat, or a member state's delegation (for its own state)."""
    if not (may_plan_meetings(request.actor) or request.actor.speaks_for_member):
        raise Forbidden(ONLY_OWN_DELEGATION)


def _page(request, slug, error=None, status=200):
    return render(request, "web/meetings/delegations.html", {
        "section": "meetings", "d": delegations_page(slug, actor=request.actor, lang=ui_lang()),
        "error": error, "typed": request.POST if error else {},
        "error_state": request.POST.get("state", "") if error else ""}, status=status)


@require_GET
@page
def delegations(request, slug):
    _allowed(request)
    return _page(request, slug)


ACTIONS = {
    "compose": lambda slug, p, actor: services.delegation_compose(
        meeting=slug, state=p.get("state", ""), head=p.get("head", ""),
        head_title=p.get("head_title", ""), members=p.get("members", ""),
        advisers=p.get("advisers", ""), expected_version=p.get("expected_version") or None,
        acting_user=actor),
    "credentials": lambda slug, p, actor: services.delegation_credentials_record(
        meeting=slug, state=p.get("state", ""), received=p.get("received", ""),
        withdraw=p.get("withdraw") == "on", expected_version=p.get("expected_version") or None,
        acting_user=actor),
}


@require_POST
@page
def delegations_act(request, slug, action):
    """The composition or the credentials; a refusal is the page with the message at its
    field (a delegate writing for another state: 403), the same dispatch as the workspace's."""
    def done():
        messages.success(request, _("Saved."))
        return redirect(reverse("web:meeting_delegations", args=[slug])
                        + f"#state-{request.POST.get('state', '')}")
    return meetings_admin._act(request, slug, action, ACTIONS, again=_page, done=done,
                               check=_allowed)
