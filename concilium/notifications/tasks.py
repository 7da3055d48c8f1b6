"""The notifications app's background tasks (Django's tasks API; run by `concilium worker`).

Each gives the same result however often it runs: e-mails are claimed before sending, and a
reminder is one row per procedure, kind and account.
"""

from __future__ import annotations

from django_tasks import task

from concilium.notifications import delivery


@task()
def notifications_send(ids: list[int]) -> int:
    """Send the e-mails of these notifications (queued after the write that made them)."""
    return delivery.emails_send(ids)


@task()
def notifications_deliver() -> int:
    """Periodic: the 24-hour silence reminders due, then every e-mail due (new ones, and
    those to try again after the mail server failed); how many went out."""
    delivery.silence_reminders_create()
    return delivery.emails_send()


@task()
def notifications_digest() -> int:
    """Periodic: the daily digests due; how many went out."""
    return delivery.digests_send()
