"""The caller's notifications over HTTP: the list with its unread count, read marks, what
they follow and how they are told, and their calendar feed's secret address.

Thin doors: parse, call one service or selector, shape the answer. Texts are worded in the
request's language; the feed's address is in the answer that made it and nowhere else.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation
from ninja import Router, Schema, Status

from concilium.accounts.auth import actor_of
from concilium.notifications import delivery, selectors, services, texts
from concilium.notifications import models as n

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    subject: str
    text: str
    document: str
    meeting: str
    link: str
    created_at: dt.datetime
    read: bool


class NotificationListOut(Schema):
    unread: int
    items: list[NotificationOut]


class ReadIn(Schema):
    ids: list[int] | None = None  # none: every notification


class ReadOut(Schema):
    marked: int
    unread: int


class FollowIn(Schema):
    kind: str
    key: str


class SettingsIn(Schema):
    language: str | None = None
    email: str | None = None
    defaults: bool | None = None


class SettingsOut(Schema):
    language: str
    email: str
    defaults: bool
    follows: list[FollowIn]
    calendar: bool


class FeedOut(Schema):
    token: str
    path: str


def notification_json(row: n.Notification, lang: str) -> dict:
    subject, sentence = texts.worded(row.kind, row.params, lang)
    return dict(id=row.pk, kind=row.kind, subject=subject, text=sentence,
                document=row.document, meeting=row.meeting, link=delivery.link_of(row),
                created_at=row.created_at, read=row.read_at is not None)


def _settings(user) -> dict:
    row = selectors.settings_of(user)
    return dict(language=row.language, email=row.email, defaults=row.defaults,
                follows=[dict(kind=f.kind, key=f.key) for f in selectors.follows_of(user)],
                calendar=n.CalendarFeed.objects.filter(user=user).exists())


@router.get("/notifications", response=NotificationListOut,
            summary="The caller's notifications, newest first, and how many are unread")
def notification_list(request, unread: bool = False, limit: int = 50):
    user = selectors.account_of(actor_of(request))
    lang = translation.get_language() or "en"
    rows = selectors.notification_list(user=user, unread_only=unread, limit=limit)
    return dict(unread=selectors.unread_count(user=user),
                items=[notification_json(r, lang) for r in rows])


@router.post("/notifications/read", response=ReadOut,
             summary="Mark the caller's notifications read (no ids: all of them)")
def mark_read(request, payload: ReadIn):
    actor = actor_of(request)
    user = selectors.account_of(actor)
    marked = services.notifications_mark_read(username=user.username, ids=payload.ids,
                                              acting_user=actor)
    return dict(marked=marked, unread=selectors.unread_count(user=user))


@router.get("/notifications/settings", response=SettingsOut,
            summary="What the caller follows and how they are told")
def get_settings(request):
    return _settings(selectors.account_of(actor_of(request)))


@router.patch("/notifications/settings", response=SettingsOut,
              summary="Change the language, the e-mail mode (each, daily, off), the defaults")
def update_settings(request, payload: SettingsIn):
    actor = actor_of(request)
    user = selectors.account_of(actor)
    services.notification_settings_update(username=user.username, acting_user=actor,
                                          **payload.dict())
    return _settings(selectors.user_for(user.username))


@router.post("/notifications/follows", response={201: SettingsOut},
             summary="Follow a state's documents, a body, a meeting or a document")
def follow(request, payload: FollowIn):
    actor = actor_of(request)
    user = selectors.account_of(actor)
    services.follow_add(username=user.username, kind=payload.kind, key=payload.key,
                        acting_user=actor)
    return Status(201, _settings(user))


@router.delete("/notifications/follows", response={204: None}, summary="Stop following")
def unfollow(request, kind: str, key: str):
    actor = actor_of(request)
    user = selectors.account_of(actor)
    services.follow_remove(username=user.username, kind=kind, key=key, acting_user=actor)
    return Status(204, None)


@router.post("/notifications/calendar", response={201: FeedOut},
             summary="A new secret calendar address (the old one stops working)")
def calendar_create(request):
    actor = actor_of(request)
    user = selectors.account_of(actor)
    token = services.calendar_feed_create(username=user.username, acting_user=actor)
    return Status(201, dict(token=token, path=f"/calendar/{token}.ics"))


@router.delete("/notifications/calendar", response={204: None},
               summary="Revoke the calendar address (it answers 404 from then on)")
def calendar_revoke(request):
    actor = actor_of(request)
    user = selectors.account_of(actor)
    services.calendar_feed_revoke(username=user.username, acting_user=actor)
    return Status(204, None)
