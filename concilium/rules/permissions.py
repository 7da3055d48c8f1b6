"""Who may do what: one function per action, over plain data, in one place.

Views, API endpoints and commands never decide permissions themselves; services call these.
A delegate acts only for the state the account is bound to; the secretariat may record on a
state's behalf (and the record says so). Observers and the public only read what is released.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    SECRETARIAT = "secretariat"
    CHAIR = "chair"
    DELEGATE = "delegate"
    OBSERVER = "observer"
    PUBLIC = "public"


class Classification(StrEnum):
    """Who may read a document."""

    MEMBERS = "members"  # member states' delegations and the secretariat only
    RELEASED = "released"  # also observers and partners
    PUBLIC = "public"  # everyone


@dataclass(frozen=True)
class Actor:
    """The person acting: account name, role, and the state or organization they stand for."""

    username: str
    role: Role
    state: str | None = None
    organization: str | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.role is not Role.PUBLIC

    @property
    def speaks_for_member(self) -> bool:
        return self.role in (Role.CHAIR, Role.DELEGATE) and self.state is not None


PUBLIC = Actor(username="", role=Role.PUBLIC)
SYSTEM = Actor(username="system", role=Role.SECRETARIAT)


def may_manage_registry(actor: Actor) -> bool:
    """Keep the registry of states, bodies, officials and presidencies."""
    return actor.role is Role.SECRETARIAT


def may_read(actor: Actor, classification: Classification | str) -> bool:
    """Read a document of this classification."""
    level = Classification(classification)
    if level is Classification.PUBLIC:
        return True
    if level is Classification.RELEASED:
        return actor.role is not Role.PUBLIC
    return actor.role is Role.SECRETARIAT or actor.speaks_for_member


def may_act_for_state(actor: Actor, state: str) -> bool:
    """Record a position or make a proposal in the name of `state`."""
    if actor.role is Role.SECRETARIAT:
        return True
    return actor.speaks_for_member and actor.state == state


def states_to_act_for(actor: Actor, members: Iterable[str]) -> list[str]:
    """The member states (of `members`, in their order) `actor` may record positions and
    make proposals for: every member for the secretariat, the delegation's own state when it
    is a member for a delegate or the chair, none for observers and the public."""
    return [state for state in members if may_act_for_state(actor, state)]


def acts_on_behalf(actor: Actor, state: str) -> bool:
    """True when the record must say the secretariat recorded it for the state."""
    return actor.role is Role.SECRETARIAT and actor.state != state


def may_draft(actor: Actor) -> bool:
    """Create documents, import drafts, set classification and circulate."""
    return actor.role is Role.SECRETARIAT


def may_chair(actor: Actor, chair_state: str | None) -> bool:
    """Run a meeting or a negotiation: table chair's texts, accept proposals, record decisions.

    The chair role belongs to the delegation of the state chairing the body; the secretariat
    may record what the chair decided.
    """
    if actor.role is Role.SECRETARIAT:
        return True
    return actor.role is Role.CHAIR and chair_state is not None and actor.state == chair_state


def may_plan_meetings(actor: Actor) -> bool:
    """Plan meetings, agendas and delegations."""
    return actor.role is Role.SECRETARIAT


def may_record_exception(actor: Actor) -> bool:
    """Only the secretariat sets a rule aside for a document (the ladder, the languages),
    and it says why."""
    return actor.role is Role.SECRETARIAT


def may_publish(actor: Actor) -> bool:
    """Compose outcome texts and release them."""
    return actor.role in (Role.SECRETARIAT, Role.CHAIR)


def may_verify_audit(actor: Actor) -> bool:
    return actor.role is Role.SECRETARIAT


def may_follow_export_job(actor: Actor, requested_by: str) -> bool:
    """See an export job's progress and fetch its file: whoever asked for it, or the
    Secretariat."""
    if actor.role is Role.SECRETARIAT:
        return True
    return actor.is_authenticated and bool(requested_by) and actor.username == requested_by


def may_manage_notifications(actor: Actor, username: str) -> bool:
    """Change what an account follows, how it is told, and its calendar feed: the account
    itself, or the Secretariat for it. The public has no notifications."""
    if actor.role is Role.SECRETARIAT:
        return True
    return actor.is_authenticated and actor.username == username


def follows_by_default(actor: Actor) -> bool:
    """A member state's delegate or chair follows, unless they opt out, their state's
    documents and the meetings of the bodies their state sits in; observers and the
    Secretariat follow only what they choose."""
    return actor.role in (Role.DELEGATE, Role.CHAIR) and bool(actor.state)


def may_ask_for_floor(actor: Actor, state: str) -> bool:
    """Put `state` on the list of speakers (or take it off): its own delegation, or the
    secretariat on its behalf."""
    return may_act_for_state(actor, state)


def may_give_floor(actor: Actor, chair_state: str | None) -> bool:
    """Give the floor and close it: the chair of the meeting (or the secretariat for it)."""
    return may_chair(actor, chair_state)


def may_record_delegation(actor: Actor, state: str) -> bool:
    """Record the composition of `state`'s delegation to a meeting (head, members, advisers):
    that state's own delegation, or the secretariat for it."""
    return may_act_for_state(actor, state)


def may_record_credentials(actor: Actor) -> bool:
    """Record that a delegation's credentials were received (or withdraw the record): the
    secretariat, which receives them."""
    return actor.role is Role.SECRETARIAT


def may_issue_notes(actor: Actor) -> bool:
    """Issue a note verbale and so take a number in the registry of correspondence."""
    return actor.role is Role.SECRETARIAT
