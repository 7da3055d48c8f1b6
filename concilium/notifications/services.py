"""Writes: telling the followers of a write (a record hook), an account's settings and
follows, read marks, and the calendar feed's secret address.

`notify_record` runs inside the writing transaction (registered from `apps.py` as a record
hook of `core.services.record_change`): the notification rows commit or roll back with the
write, and their e-mails are queued once it commits (`tasks.notifications_send`). Marking
notifications read is the reader's own bookkeeping, not a record of the institution: it is
not audited (it would add a chain record per click); settings, follows and feed addresses are.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concilium.audit.models import Action, AuditRecord
from concilium.core.errors import Forbidden, NotFound, ValidationFailed
from concilium.core.services import record_change
from concilium.documents import models as dm
from concilium.meetings import models as m
from concilium.notifications import delivery, selectors, tasks
from concilium.notifications import models as n
from concilium.notifications.events import event_of
from concilium.organization import models as om
from concilium.rules.permissions import Actor, may_manage_notifications

NOT_YOURS = _("Only the account itself or the secretariat changes its notifications.")
BAD_LANGUAGE = _("language: '{value}' is not one of the site's languages ({languages}).")
BAD_EMAIL_MODE = _("email: '{value}' is not one of each, daily, off.")
BAD_FOLLOW_KIND = _("kind: '{value}' is not one of state, body, meeting, document.")
UNKNOWN_FOLLOWED = _("key: there is no {kind} '{key}'.")
NOT_FOLLOWED = _("key: you do not follow {kind} '{key}'.")
BAD_ID = _("ids: '{value}' is not the number of a notification.")

_EXISTS = {
    n.FollowKind.STATE: lambda key: om.State.objects.filter(code=key.upper()).exists(),
    n.FollowKind.BODY: lambda key: om.Body.objects.filter(slug=key).exists(),
    n.FollowKind.MEETING: lambda key: m.Meeting.objects.filter(slug=key).exists(),
    n.FollowKind.DOCUMENT: lambda key: dm.Document.objects.filter(symbol=key).exists(),
}


def notify_record(record: AuditRecord) -> None:
    """The record hook: tell the followers of what `record` wrote, if anyone is told of it."""
    fact = event_of(record)
    if fact is None:
        return
    made = delivery.notifications_create(fact, key=f"{fact.kind}:{record.seq}")
    due = [row.pk for row in made if row.email_state == n.EmailState.PENDING]
    if due:
        transaction.on_commit(lambda: tasks.notifications_send.enqueue(due))


def _owner(username: str, acting_user: Actor):
    if not may_manage_notifications(acting_user, username):
        raise Forbidden(NOT_YOURS)
    return selectors.user_for(username)


@transaction.atomic
def notification_settings_update(*, username: str, language: str | None = None,
                                 email: str | None = None, defaults: bool | None = None,
                                 acting_user: Actor) -> n.NotificationSettings:
    """Change an account's language for notifications ("": the site's), its e-mail mode
    (each, daily, off) and whether it follows its role's defaults (None: unchanged)."""
    user = _owner(username, acting_user)
    row, _created = n.NotificationSettings.objects.select_for_update().get_or_create(user=user)
    before = {"language": row.language, "email": row.email, "defaults": row.defaults}
    if language is not None:
        codes = [code for code, _name in settings.LANGUAGES]
        if language and language not in codes:
            raise ValidationFailed(BAD_LANGUAGE, field="language", value=language,
                                   languages=", ".join(codes))
        row.language = language
    if email is not None:
        if email not in n.EmailMode.values:
            raise ValidationFailed(BAD_EMAIL_MODE, field="email", value=email)
        row.email = email
    if defaults is not None:
        row.defaults = bool(defaults)
    row.save()
    after = {"language": row.language, "email": row.email, "defaults": row.defaults}
    if after != before:
        record_change(actor=acting_user, action=Action.FOLLOW_SAVE, target_type="user",
                      target_id=user.username, summary={"before": before, "after": after})
    return row


def _follow_key(kind: str, key: str) -> tuple[str, str]:
    if kind not in n.FollowKind.values:
        raise ValidationFailed(BAD_FOLLOW_KIND, field="kind", value=kind)
    key = (key or "").strip()
    key = key.upper() if kind == n.FollowKind.STATE else key
    if not key or not _EXISTS[kind](key):
        raise ValidationFailed(UNKNOWN_FOLLOWED, field="key", kind=n.FollowKind(kind).label,
                               key=key)
    return kind, key


@transaction.atomic
def follow_add(*, username: str, kind: str, key: str, acting_user: Actor) -> n.Follow:
    """Follow a state's documents, a body, a meeting or a document (twice is once)."""
    user = _owner(username, acting_user)
    kind, key = _follow_key(kind, key)
    row, created = n.Follow.objects.get_or_create(user=user, kind=kind, key=key)
    if created:
        record_change(actor=acting_user, action=Action.FOLLOW_SAVE, target_type="user",
                      target_id=user.username, summary={"follow": f"{kind}:{key}"})
    return row


@transaction.atomic
def follow_remove(*, username: str, kind: str, key: str, acting_user: Actor) -> None:
    user = _owner(username, acting_user)
    deleted, _rows = n.Follow.objects.filter(user=user, kind=kind, key=(key or "").strip()
                                             ).delete()
    if not deleted:
        raise NotFound(NOT_FOLLOWED, field="key", kind=kind, key=key)
    record_change(actor=acting_user, action=Action.FOLLOW_SAVE, target_type="user",
                  target_id=user.username, summary={"unfollow": f"{kind}:{key}"})


def notifications_mark_read(*, username: str, ids: list[int] | None = None,
                            acting_user: Actor) -> int:
    """Mark notifications read (None: all of them); how many changed. Not audited."""
    user = _owner(username, acting_user)
    qs = n.Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        wanted = []
        for value in ids:
            try:
                wanted.append(int(value))
            except (TypeError, ValueError):
                raise ValidationFailed(BAD_ID, field="ids", value=value) from None
        qs = qs.filter(pk__in=[i for i in wanted if 0 < i < 2 ** 63])
    return qs.update(read_at=timezone.now())


@transaction.atomic
def calendar_feed_create(*, username: str, acting_user: Actor) -> str:
    """A new secret calendar address for the account, replacing any earlier one (which stops
    working at once); the token, shown once."""
    user = _owner(username, acting_user)
    token = secrets.token_urlsafe(32)
    n.CalendarFeed.objects.filter(user=user).delete()
    n.CalendarFeed.objects.create(user=user, digest=selectors.feed_digest(token))
    record_change(actor=acting_user, action=Action.CALENDAR_FEED, target_type="user",
                  target_id=user.username, summary={"feed": "created"})
    return token


@transaction.atomic
def calendar_feed_revoke(*, username: str, acting_user: Actor) -> bool:
    """Revoke the account's calendar address (it answers 404 from now on); False if none."""
    user = _owner(username, acting_user)
    deleted, _rows = n.CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        record_change(actor=acting_user, action=Action.CALENDAR_FEED, target_type="user",
                      target_id=user.username, summary={"feed": "revoked"})
    return bool(deleted)
