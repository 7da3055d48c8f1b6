"""Telling people: the notification rows, their e-mails (one each, or a daily digest) and
the reminders that are due, all safe to run again.

An e-mail is claimed before it is sent (`pending` → `sending`, one UPDATE that only one
worker wins), so two workers never send it twice. A failure of the mail server puts it
back as `pending` with the next attempt later (1, 2, 4… minutes); after
CONCILIUM_TASK_ATTEMPTS failures it is `failed`, and stays in the list. A claim older than
CLAIM_TIMEOUT (a worker that died while sending) is taken up again.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from typing import NamedTuple

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection as db
from django.db.models import Q
from django.utils import timezone, translation

from concilium.meetings import models as m
from concilium.notifications import models as n
from concilium.notifications import selectors, texts
from concilium.notifications.events import Fact, document_params

log = logging.getLogger(__name__)
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
REMIND_BEFORE = dt.timedelta(hours=24)
DIGEST_EVERY = dt.timedelta(hours=20)


def _email_state(reader: selectors.Reader) -> str:
    if not reader.address or reader.email == n.EmailMode.OFF:
        return n.EmailState.NONE
    return n.EmailState.DIGEST if reader.email == n.EmailMode.DAILY else n.EmailState.PENDING


class Told(NamedTuple):
    """A notification row just made: its id and the state of its e-mail."""

    pk: int
    email_state: str


INSERT_BATCH = 5_000
"""Rows per INSERT statement: two values each, within SQLite's 32,766 and PostgreSQL's
65,535 parameters."""


def notifications_create(fact: Fact, *, key: str, racing: bool = False) -> list[Told]:
    """Tell every follower of `fact` once (`key` is unique per account); the rows made.

    `racing`: the same rows may exist already or be made by another worker at the same
    moment (the periodic reminders): those told are skipped by the unique key. Otherwise
    the key is new (an audit seq)."""
    readers = selectors.followers(fact)
    if not readers:
        return []
    now = timezone.now()
    shared = {"kind": fact.kind, "key": key,
              "document": fact.document.symbol if fact.document else "",
              "meeting": fact.meeting.slug if fact.meeting else "", "params": fact.params,
              "created_at": now, "attempts": 0, "next_attempt_at": now, "last_error": ""}
    return _insert([(r.user_id, _email_state(r)) for r in readers], shared, racing=racing)


def _insert(told: list[tuple[int, str]], shared: dict, *, racing: bool) -> list[Told]:
    """The rows of `told` (user id, e-mail state) with the `shared` values: one INSERT of
    the rows as a VALUES list, the shared values given once beside it.

    Not `bulk_create`: a write can tell thousands of delegates, in its own transaction, and
    the ORM prepared every value of every row (0.15 ms a row, most of such a write's time);
    a VALUES list of every column still cost PostgreSQL's client-side binding 0.24 ms a row.
    Here each row is two values."""
    meta = n.Notification._meta
    quote = db.ops.quote_name
    values = [meta.get_field(name).get_db_prep_save(value, db)
              for name, value in shared.items()]
    columns = ", ".join(quote(meta.get_field(name).column)
                        for name in ("user", "email_state", *shared))
    picked = ", ".join(["v.column1", "v.column2", *(["%s"] * len(values))])
    returning = db.features.can_return_rows_from_bulk_insert
    # WHERE true: SQLite reads ON CONFLICT after a bare FROM as a join's constraint.
    tail = " WHERE true" + (" ON CONFLICT DO NOTHING" if racing else "") + (
        f" RETURNING {quote(meta.pk.column)}, {quote('email_state')}" if returning else "")
    made: list[tuple[int, str]] = []
    with db.cursor() as cursor:
        for start in range(0, len(told), INSERT_BATCH):
            batch = told[start:start + INSERT_BATCH]
            cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({columns}) SELECT {picked} "
                           f"FROM (VALUES {', '.join(['(%s, %s)'] * len(batch))}) AS v{tail}",
                           [*values, *(v for pair in batch for v in pair)])
            if returning:
                made += cursor.fetchall()
    if not returning:  # an SQLite before 3.35
        made = list(n.Notification.objects.filter(
            key=shared["key"], created_at=shared["created_at"],
            user_id__in=[user_id for user_id, _state in told]).values_list("pk", "email_state"))
    return [Told(pk, state) for pk, state in made]


def silence_reminders_create(now: dt.datetime | None = None) -> list[Told]:
    """The 24-hour reminders of open silence procedures: each follower told once per
    procedure (the key), however often this runs."""
    now = now or timezone.now()
    made = []
    for procedure in (m.SilenceProcedure.objects.filter(
            status=m.SilenceStatus.OPEN, deadline__gt=now, deadline__lte=now + REMIND_BEFORE)
            .select_related("document__concerned_state", "document__origin_body",
                            "document__approving_body")):
        doc = procedure.document
        deadline = timezone.localtime(procedure.deadline).strftime("%Y-%m-%d %H:%M")
        fact = Fact(kind="silence_closing", document=doc,
                    params={**document_params(doc, None), "deadline": deadline})
        made += notifications_create(fact, key=f"silence_closing:{procedure.pk}", racing=True)
    return made


def _site(path: str) -> str:
    base = getattr(settings, "CONCILIUM_SITE_URL", "")
    return f"{base}{path}" if base else path


def link_of(row: n.Notification) -> str:
    if row.document:
        return f"/room/{row.document}"
    return f"/meetings/{row.meeting}/" if row.meeting else "/notifications/"


def _letter(user, lang: str, lines: list[str]) -> str:
    with translation.override(lang):
        name = user.get_full_name() or user.get_username()
        return "\n\n".join([str(texts.GREETING).format(name=name), *lines,
                            str(texts.SETTINGS_HINT).format(url=_site("/notifications/settings/")),
                            str(texts.SIGN_OFF)]) + "\n"


def message_of(row: n.Notification, lang: str) -> EmailMessage:
    subject, sentence = texts.worded(row.kind, row.params, lang)
    with translation.override(lang):
        opened = str(texts.OPEN_AT).format(url=_site(link_of(row)))
    return EmailMessage(subject=subject, body=_letter(row.user, lang, [sentence, opened]),
                        to=[row.user.email], headers={"Content-Language": lang})


def _claim(qs) -> list[n.Notification]:
    """Claim the due e-mails of `qs` for this worker; those it won."""
    now = timezone.now()
    due = qs.filter(Q(email_state=n.EmailState.PENDING, next_attempt_at__lte=now)
                    | Q(email_state=n.EmailState.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT))
    won = []
    for pk in list(due.values_list("pk", flat=True)):
        if (n.Notification.objects.filter(pk=pk).filter(
                Q(email_state=n.EmailState.PENDING) | Q(email_state=n.EmailState.SENDING,
                                                       claimed_at__lt=now - CLAIM_TIMEOUT))
                .update(email_state=n.EmailState.SENDING, claimed_at=now)):
            won.append(pk)
    return list(n.Notification.objects.filter(pk__in=won)
                .select_related("user__notification_settings"))


def _failed(row: n.Notification, error: Exception) -> None:
    attempts = row.attempts + 1
    limit = int(getattr(settings, "CONCILIUM_TASK_ATTEMPTS", 3))
    state = n.EmailState.FAILED if attempts >= limit else n.EmailState.PENDING
    later = timezone.now() + dt.timedelta(minutes=2 ** (attempts - 1))
    n.Notification.objects.filter(pk=row.pk).update(
        email_state=state, attempts=attempts, next_attempt_at=later, claimed_at=None,
        last_error=f"{type(error).__name__}: {error}"[:300])
    log.warning("notification %s not sent (attempt %s): %s", row.pk, attempts, error)


def emails_send(ids: list[int] | None = None) -> int:
    """Send the e-mails due (of `ids`, or all of them); how many went out."""
    qs = n.Notification.objects.all() if ids is None else \
        n.Notification.objects.filter(pk__in=ids)
    rows = _claim(qs)
    if not rows:
        return 0
    sent = 0
    connection = get_connection()
    for row in rows:
        lang = selectors.language_of(getattr(row.user, "notification_settings", None))
        try:
            connection.send_messages([message_of(row, lang)])
        except (smtplib.SMTPException, OSError) as error:
            _failed(row, error)
            connection.close()
            continue
        n.Notification.objects.filter(pk=row.pk).update(
            email_state=n.EmailState.SENT, emailed_at=timezone.now(), claimed_at=None,
            attempts=row.attempts + 1, last_error="")
        sent += 1
    connection.close()
    return sent


def digests_send(now: dt.datetime | None = None) -> int:
    """One e-mail per account on the daily digest with notifications waiting, at most once
    in DIGEST_EVERY; how many digests went out. A failure leaves them waiting."""
    now = now or timezone.now()
    waiting = (n.Notification.objects.filter(email_state=n.EmailState.DIGEST)
               .exclude(user__notification_settings__digest_sent_at__gt=now - DIGEST_EVERY)
               .select_related("user__notification_settings").order_by("user_id", "created_at"))
    by_user: dict[int, list[n.Notification]] = {}
    for row in waiting:
        by_user.setdefault(row.user_id, []).append(row)
    sent = 0
    for rows in by_user.values():
        user = rows[0].user
        row_settings = selectors.settings_of(user)
        lang = selectors.language_of(row_settings)
        lines = [f"- {texts.worded(r.kind, r.params, lang)[1]}" for r in rows]
        with translation.override(lang):
            subject = str(texts.DIGEST_SUBJECT).format(count=len(rows))
        message = EmailMessage(subject=subject, body=_letter(user, lang, ["\n".join(lines)]),
                               to=[user.email], headers={"Content-Language": lang})
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            log.warning("digest for %s not sent: %s", user.get_username(), error)
            continue
        n.Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
            email_state=n.EmailState.SENT, emailed_at=now)
        n.NotificationSettings.objects.filter(pk=row_settings.pk).update(digest_sent_at=now)
        sent += 1
    return sent
