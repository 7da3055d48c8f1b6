"""A real SMTP server on 127.0.0.1 (aiosmtpd) that the tests mail to, and the queue run as
the worker runs it."""

from __future__ import annotations

import email
import email.policy
import threading

import pytest
from aiosmtpd.controller import Controller
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from concilium.accounts.services import user_update
from concilium.core.loadgen import free_port
from concilium.notifications import services
from concilium.rules.permissions import SYSTEM


class Inbox:
    """What the server received: parsed messages; `refuse` makes the next N fail (451)."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []
        self.refuse = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse:
                self.refuse -= 1
                return "451 4.3.0 Try again later"
            self.messages.append(email.message_from_bytes(envelope.content,
                                                          policy=email.policy.default))
        return "250 OK"

    def to(self, address: str) -> list:
        return [msg for msg in self.messages if address in msg["To"]]

    @staticmethod
    def text(msg) -> str:
        return msg.get_body(("plain",)).get_content()


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield inbox
    controller.stop()


def run_queue() -> int:
    """Run every task waiting in the database queue, as `concilium worker` would; how many."""
    ran = 0
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.READY).order_by("enqueued_at"):
        row.task.call(*row.args_kwargs["args"], **row.args_kwargs["kwargs"])
        row.status = TaskResultStatus.SUCCESSFUL
        row.save(update_fields=["status"])
        ran += 1
    return ran


def mail_to(actor, address: str, language: str = ""):
    """Give a persona an e-mail address and a language for notifications."""
    user_update(username=actor.username, role=actor.role.value, state=actor.state,
                email=address, acting_user=SYSTEM)
    if language:
        services.notification_settings_update(username=actor.username, language=language,
                                              acting_user=SYSTEM)
    return actor
