"""The meetings app's background tasks (Django's tasks API; run by `concilium worker`)."""

from __future__ import annotations

from django_tasks import task

from concilium.meetings.services import silence_process
from concilium.rules.permissions import SYSTEM


@task()
def silence_expire() -> list[str]:
    """Adopt the silence procedures past their deadline (periodic); the symbols adopted.
    The same as `concilium silence process`, run as the Secretariat's system account."""
    return [p.document.symbol for p in silence_process(acting_user=SYSTEM)]
