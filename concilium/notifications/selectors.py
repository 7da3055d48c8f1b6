"""Reads: who follows a fact and may read it, an account's notifications and settings, and
the meetings of its calendar feed.

`followers` decides who is told: an account follows a document when it follows the
document itself, the state it concerns, a body that prepares or approves it, or a meeting
(or the body of a meeting) that has it on the agenda; of a meeting's own change (moved,
taken elsewhere, cancelled), the followers of the meeting and of its body; a delegate or
chair of a member state also follows, by default, their own state and every body (a
member sits in all of the organization's bodies). Nobody is told about a document their
role may not read (`rules.permissions.may_read`, the check `documents.selectors.
document_get` makes).
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from concilium.accounts.services import actor_for, actor_of
from concilium.core.errors import Forbidden, NotFound
from concilium.meetings import models as m
from concilium.meetings import selectors as meeting_selectors
from concilium.notifications import models as n
from concilium.notifications.events import Fact
from concilium.rules.permissions import Actor, follows_by_default, may_read

User = get_user_model()
NO_FEED = _("calendar: there is no calendar at this address.")
UNKNOWN_ACCOUNT = _("username: there is no account '{username}'.")
SIGN_IN_FIRST = _("Sign in to see your notifications.")


class Reader(NamedTuple):
    """An account that may be told: its user id and e-mail address, Actor, language and
    e-mail mode (a tuple: thousands are made for every told write)."""

    user_id: int
    address: str
    actor: Actor
    language: str
    email: str
    defaults: bool


def language_of(row: n.NotificationSettings | None) -> str:
    return (row.language if row and row.language else "") or settings.LANGUAGE_CODE


_READER_VALUES = ("pk", "username", "email", "profile__role", "profile__state__code",
                  "profile__organization__slug", "notification_settings__language",
                  "notification_settings__email", "notification_settings__defaults")


def readers() -> list[Reader]:
    """Every active account with a role, with its settings: one query of plain values.

    Every told write reads this in its transaction; with thousands of delegates, building
    a user, a profile, a state and settings per account took most of the write's time."""
    return [
        Reader(user_id=pk, address=address or "",
               actor=actor_of(username, role, state, organization),
               language=language or settings.LANGUAGE_CODE, email=email or n.EmailMode.EACH,
               defaults=True if defaults is None else defaults)
        for pk, username, address, role, state, organization, language, email, defaults in
        User.objects.filter(is_active=True, profile__isnull=False).values_list(*_READER_VALUES)
    ]


def anyone_to_tell() -> bool:
    """Whether any account could be told anything (a fresh installation, or the reference
    data loading, has none: its writes cost one query here and nothing more)."""
    return User.objects.filter(is_active=True, profile__isnull=False).exists()


def _following(touched: set[tuple[str, str]]) -> set[int]:
    """The accounts that chose to follow one of the `touched` things."""
    wanted = Q()
    for kind, key in touched:
        wanted |= Q(kind=kind, key=key)
    return set(n.Follow.objects.filter(wanted).values_list("user_id", flat=True))


def followed(reader: Reader, explicit: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """What an account follows: what it chose, and its role's defaults unless it opted out."""
    out = set(explicit)
    if reader.defaults and follows_by_default(reader.actor):
        out.add((n.FollowKind.STATE, reader.actor.state))
        out.add((n.FollowKind.BODY, "*"))
    return out


def _touches(fact: Fact) -> set[tuple[str, str]]:
    """The things whose followers hear of `fact`."""
    doc = fact.document
    if doc is None:  # the meeting itself changed
        return {(n.FollowKind.MEETING, fact.meeting.slug), (n.FollowKind.BODY, "*"),
                (n.FollowKind.BODY, fact.meeting.body.slug)}
    out = {(n.FollowKind.DOCUMENT, doc.symbol), (n.FollowKind.BODY, "*")}
    if doc.concerned_state_id:
        out.add((n.FollowKind.STATE, doc.concerned_state.code))
    for body in (doc.origin_body, doc.approving_body):
        if body is not None:
            out.add((n.FollowKind.BODY, body.slug))
    meetings = set(m.AgendaItem.objects.filter(documents=doc)
                   .values_list("meeting__slug", "meeting__body__slug"))
    if fact.meeting is not None:
        meetings.add((fact.meeting.slug, fact.meeting.body.slug))
    for slug, body in meetings:
        out |= {(n.FollowKind.MEETING, slug), (n.FollowKind.BODY, body)}
    return out


def followers(fact: Fact) -> list[Reader]:
    """Who is told of `fact`: those who follow what it touches and may read the document
    (a meeting is public); never its own author.

    Whether an account may read the document and follows it by default depends on its
    role, what it stands for and whether it kept its role's defaults, not on the person:
    decided once for each such group (thousands of delegates, a dozen groups)."""
    level = fact.document.classification if fact.document is not None else None
    touched = _touches(fact)
    chosen = _following(touched)
    verdicts: dict[tuple, tuple[bool, bool]] = {}
    told = []
    for reader in readers():
        actor = reader.actor
        if actor.username == fact.actor:
            continue
        group = (actor.role, actor.state, actor.organization, reader.defaults)
        verdict = verdicts.get(group)
        if verdict is None:
            verdict = verdicts[group] = (level is None or may_read(actor, level),
                                         bool(followed(reader, set()) & touched))
        if verdict[0] and (verdict[1] or reader.user_id in chosen):
            told.append(reader)
    return told


def user_for(username: str):
    user = (User.objects.select_related("notification_settings", "profile__state")
            .filter(username=username or "").first())
    if user is None:
        raise NotFound(UNKNOWN_ACCOUNT, field="username", username=username)
    return user


def account_of(actor: Actor):
    """The signed-in account behind `actor`, with its settings; the public is refused."""
    if not actor.is_authenticated:
        raise Forbidden(SIGN_IN_FIRST)
    return user_for(actor.username)


def notification_list(*, user, unread_only: bool = False, limit: int = 50
                      ) -> list[n.Notification]:
    """An account's latest notifications, newest first (one query)."""
    qs = n.Notification.objects.filter(user=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return list(qs[:max(1, min(int(limit), 200))])


def unread_count(*, user) -> int:
    return n.Notification.objects.filter(user=user, read_at__isnull=True).count()


def settings_of(user) -> n.NotificationSettings:
    """The account's settings; unsaved defaults when it never changed them."""
    row = getattr(user, "notification_settings", None)
    return row if row is not None else n.NotificationSettings(user=user)


def follows_of(user) -> list[n.Follow]:
    return list(n.Follow.objects.filter(user=user))


def feed_digest(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def calendar_feed_meetings(token: str) -> tuple[object, list[m.Meeting]]:
    """The account behind a feed address and the meetings it shows: those of the bodies and
    meetings it follows, as its role may see them. An unknown or revoked address is NotFound."""
    feed = (n.CalendarFeed.objects.select_related("user__profile__state",
                                                  "user__notification_settings")
            .filter(digest=feed_digest(token)).first())
    if feed is None or not feed.user.is_active:
        raise NotFound(NO_FEED, field="calendar")
    user = feed.user
    reader = Reader(user_id=user.pk, address=user.email, actor=actor_for(user), language="",
                    email="", defaults=settings_of(user).defaults)
    follows = followed(reader, {(f.kind, f.key) for f in follows_of(user)})
    bodies = {key for kind, key in follows if kind == n.FollowKind.BODY}
    slugs = {key for kind, key in follows if kind == n.FollowKind.MEETING}
    meetings = [x for x in meeting_selectors.meeting_list(actor=reader.actor)
                if "*" in bodies or x.body.slug in bodies or x.slug in slugs]
    return user, meetings
