"""The base for the project's management commands: domain errors become exit code 2."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.db.utils import OperationalError, ProgrammingError
from django.utils.translation import gettext_lazy

from concilium.core.errors import DomainError
from concilium.core.text import check_strings
from concilium.rules.charter import CharterError
from concilium.rules.permissions import SYSTEM, Actor

NOT_SET_UP = gettext_lazy(
    "The database is not set up: run `concilium init --charter sco` first.")


class ConciliumCommand(BaseCommand):
    """A command whose refusals print one line and exit 2, never a traceback."""

    def execute(self, *args, **options):
        try:
            check_strings(list(args), field="argument")
            for name, value in options.items():
                check_strings(value, field=name)
            return super().execute(*args, **options)
        except (DomainError, CharterError) as error:
            raise CommandError(str(getattr(error, "message", error)), returncode=2) from None
        except (OperationalError, ProgrammingError) as error:
            if "no such table" in str(error) or "does not exist" in str(error):
                raise CommandError(str(NOT_SET_UP), returncode=2) from None
            raise
        except (ValueError, LookupError) as error:
            # Refusals from the pure rules (notation, positions) carry a person's message.
            if type(error).__module__.startswith("concilium.rules"):
                raise CommandError(str(error), returncode=2) from None
            raise

    def write_json(self, data) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))

    @property
    def actor(self) -> Actor:
        """Commands run with the secretariat's authority of the machine's operator."""
        return SYSTEM

    @property
    def interactive_output(self) -> bool:
        return sys.stdout.isatty()
