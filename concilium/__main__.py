"""The `concilium` console command: Django's management entry point with the settings preset."""

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    """Run a management command (`concilium migrate`, `concilium members --on DATE`, ...)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "concilium.settings")
    execute_from_command_line(["concilium", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
