"""Notifications: what each account follows, how it is told, what it was told, and the
secret address of its calendar feed.

A notification row is written in the same transaction as the write it reports (a record
hook), so nobody is told of a write that rolled back; its e-mail goes out afterwards through
the background queue. The row keeps the event's facts (symbol, names per language, dates),
not a rendered text: the list and the e-mail are worded in the reader's language when shown.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailMode(models.TextChoices):
    EACH = "each", _("an e-mail for each notification")
    DAILY = "daily", _("one e-mail a day (digest)")
    OFF = "off", _("no e-mail, only the list here")


class FollowKind(models.TextChoices):
    STATE = "state", _("a state's documents")
    BODY = "body", _("a body's meetings and documents")
    MEETING = "meeting", _("a meeting")
    DOCUMENT = "document", _("a document")


class NotificationSettings(models.Model):
    """How one account is told; absent, the defaults (site language, each by e-mail)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_settings")
    language = models.CharField(max_length=8, blank=True)  # "": the site's language
    email = models.CharField(max_length=8, choices=EmailMode.choices, default=EmailMode.EACH)
    defaults = models.BooleanField(default=True)  # follow what the role follows by default
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.email}, {self.language or 'site language'}"


class Follow(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="follows")
    kind = models.CharField(max_length=10, choices=FollowKind.choices)
    key = models.CharField(max_length=80)  # a state code, body or meeting slug, a symbol

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"],
                                               name="one_follow_per_thing")]
        ordering = ["kind", "key"]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.kind}:{self.key}"


class EmailState(models.TextChoices):
    NONE = "none", _("not sent by e-mail")
    PENDING = "pending", _("to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    DIGEST = "digest", _("waiting for the daily digest")
    FAILED = "failed", _("could not be sent")


class Notification(models.Model):
    """One thing one account was told. `key` makes telling twice impossible: an event's
    audit seq, or a reminder's procedure and kind (the 24-hour silence reminder)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notifications")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=80)
    document = models.CharField(max_length=80, blank=True)  # its symbol
    meeting = models.CharField(max_length=60, blank=True)  # its slug
    params = models.JSONField(default=dict)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices,
                                   default=EmailState.NONE)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"],
                                               name="tell_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"]),
                   models.Index(fields=["email_state", "next_attempt_at"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} {self.document or self.meeting}"


class CalendarFeed(models.Model):
    """The secret address of an account's calendar; only its SHA-256 is kept (like API
    tokens), so the address is shown once, when made. Revoking deletes the row."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="calendar_feed")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"
