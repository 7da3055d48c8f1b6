"""`concilium members --on DATE [--json]`: who belongs to the organization on a date."""

from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from concilium.core.commands import ConciliumCommand
from concilium.organization import selectors


class Command(ConciliumCommand):
    help = "List members, observers, dialogue partners and partners on a date."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")
        parser.add_argument("--lang", default="en", help="language of the names (en, ru, zh)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options):
        day = selectors.parse_day(options["on"])
        selectors.organization()
        lang = options["lang"]
        by_status = selectors.memberships_on(day, lang)
        if options["json"]:
            self.write_json({"date": day.isoformat(), **{
                status: [{"code": s.code, "name": s.name(lang), "names": s.names}
                         for s in states]
                for status, states in by_status.items()}})
            return
        charter = selectors.charter()
        table = Table(title=f"{charter.name.get(lang, charter.name['en'])} — {day.isoformat()}")
        table.add_column(_("status"))
        table.add_column(_("code"))
        table.add_column(_("name"))
        for status, states in by_status.items():
            label = charter.status_names.get(status, {}).get(lang, status)
            for s in states:
                table.add_row(label, s.code, s.name(lang))
        Console(file=self.stdout, width=100).print(table)
