"""`concilium exports prune [--days N]`: delete old export files and their jobs."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concilium.core.commands import ConciliumCommand
from concilium.core.errors import ValidationFailed
from concilium.outcomes.jobs import export_files_prune

BAD_DAYS = gettext_lazy("days: give a number of days of 0 or more (got {value}).")


class Command(ConciliumCommand):
    help = ("Delete export files (and their jobs) finished more than N days ago; the "
            "worker also does this on the schedule the settings give.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        prune = sub.add_parser("prune", help="delete old export files")
        prune.add_argument("--days", type=float, default=None,
                           help="older than this many days (default: "
                                "CONCILIUM_EXPORT_KEEP_DAYS)")

    def handle(self, *args, **options):
        days = options["days"]
        days = settings.CONCILIUM_EXPORT_KEEP_DAYS if days is None else days
        if days < 0:
            raise ValidationFailed(BAD_DAYS, field="days", value=days)
        count = export_files_prune(older_than_days=days)
        self.stdout.write(_("Deleted {count} export files older than {days} days.").format(
            count=count, days=f"{days:g}"))
