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
from concilium.organization import selectors as org
from concilium.rules.permissions import (
    Actor,
    may_plan_meetings,
    may_record_credentials,
    may_record_delegation,
)
from concilium.web import meetings_admin
from concilium.web.views import page, ui_lang


@dataclass
class InLanguage:
    """The composition's names and titles in one more of the charter's languages."""

    lang: str
    head: str
    head_title: str
    members: str  # one "Name | Title" a line, in the order of the English list
    advisers: str


@dataclass
class Row:
    status: ms.DelegationStatus
    may_compose: bool
    head: str
    head_title: str
    members: str  # one "Name | Title" a line, as the form takes them
    advisers: str
    others: list[InLanguage]


@dataclass
class DelegationsPage:
    meeting: mm.Meeting
    rows: list[Row]
    may_credentials: bool


def _lines(people: list[dict], lang: str) -> str:
    """The people as the form's lines in `lang`; blank where none is given in it (English
    is the form's first language, where every name is)."""
    out = []
    for p in people or []:
        name = (p.get("name") or {}).get(lang, "")
        title = (p.get("title") or {}).get(lang, "")
        out.append(f"{name} | {title}" if title else name)
    return "\n".join(out) if any(line.strip() for line in out) else ""


def other_languages() -> list[str]:
    """The charter's languages after English, the form's first."""
    return [lang for lang in org.charter().languages if lang != FIRST]


FIRST = "en"


def delegations_page(slug: str, *, actor: Actor, lang: str) -> DelegationsPage:
    """Every member state with its delegation, and what the actor may record; the
    meeting's reads and two more queries, whatever the number of delegations."""
    view = ms.meeting_detail(slug, actor=actor)
    others = other_languages()
    rows = []
    for s in ms.delegation_statuses(view, lang):
        d = s.delegation
        members = (d.member_list or [{"name": {"en": n}} for n in d.members]) if d else []
        rows.append(Row(status=s, may_compose=may_record_delegation(actor, s.state.code),
                        **_in(d, members, FIRST),
                        others=[InLanguage(lang=lang, **_in(d, members, lang))
                                for lang in others]))
    return DelegationsPage(meeting=view.meeting, rows=rows,
                           may_credentials=may_record_credentials(actor))


def _in(d, members: list[dict], lang: str) -> dict:
    """The form's fields for `lang`: the head (an official on record: by their name in it),
    the head's title, members and advisers."""
    if d is None:
        return {"head": "", "head_title": "", "members": "", "advisers": ""}
    head = d.head.names.get(lang, "") if d.head_id else (d.head_name or {}).get(lang, "")
    if d.head_id and lang == FIRST:
        head = d.head.name(FIRST)
    return {"head": head, "head_title": (d.head_title or {}).get(lang, ""),
            "members": _lines(members, lang), "advisers": _lines(d.advisers, lang)}


def _typed(row: Row, typed) -> None:
    """After a refusal, the state's form shows what was typed, in every language."""
    for target, suffix in [(row, ""), *((o, f"_{o.lang}") for o in row.others)]:
        for name in ("head", "head_title", "members", "advisers"):
            setattr(target, name, typed.get(name + suffix, ""))


def _composition(p) -> dict[str, dict[str, str]]:
    """The composition's fields per language as the form posts them (`members`,
    `members_ru`, ...): the first language unsuffixed, the charter's others after it."""
    others = other_languages()
    return {name: {FIRST: p.get(name, ""), **{lang: p.get(f"{name}_{lang}", "")
                                              for lang in others}}
            for name in ("head", "head_title", "members", "advisers")}


def _allowed(request) -> None:
    """The secretariat, or a member state's delegation (for its own state)."""
    if not (may_plan_meetings(request.actor) or request.actor.speaks_for_member):
        raise Forbidden(ONLY_OWN_DELEGATION)


def _page(request, slug, error=None, status=200):
    d = delegations_page(slug, actor=request.actor, lang=ui_lang())
    state = request.POST.get("state", "") if error else ""
    for row in d.rows:
        if error and row.status.state.code == state:
            _typed(row, request.POST)
    field = getattr(error, "field", "") or ""
    lang = field.split(".")[1] if field.count(".") == 1 and not field[-1].isdigit() else ""
    return render(request, "web/meetings/delegations.html", {
        "section": "meetings", "d": d, "error": error, "error_state": state,
        "error_lang": lang, "error_name": field.split(".")[0]}, status=status)


@require_GET
@page
def delegations(request, slug):
    _allowed(request)
    return _page(request, slug)


ACTIONS = {
    "compose": lambda slug, p, actor: services.delegation_compose(
        meeting=slug, state=p.get("state", ""), **_composition(p),
        expected_version=p.get("expected_version") or None, acting_user=actor),
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
