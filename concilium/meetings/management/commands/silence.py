"""`concilium silence process [--now ISO]`: adopt the silence procedures past their deadline;
`concilium silence list [--status S] [--json]`: the procedures."""

from __future__ import annotations

from concilium.core.commands import ConciliumCommand
from concilium.meetings import selectors, services


class Command(ConciliumCommand):
    help = ("Process silence procedures: adopt those past their deadline and unbroken. "
            "Gives the same result whenever it runs; a second run does nothing.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        process = sub.add_parser("process", help="adopt expired, unbroken procedures")
        process.add_argument("--now", help="the time to process at, ISO 8601 (default: now)")
        lst = sub.add_parser("list", help="silence procedures")
        lst.add_argument("--status", choices=["open", "broken", "adopted"])
        lst.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options):
        if options["action"] == "list":
            procedures = selectors.silence_list(actor=self.actor, status=options["status"])
            if options["json"]:
                return self.write_json([selectors.silence_as_dict(p) for p in procedures])
            for p in procedures:
                self.stdout.write(f"{p.document.symbol}  {p.status}  deadline "
                                  f"{p.deadline.isoformat()}"
                                  + (f"  broken by {p.broken_by.code}" if p.broken_by else ""))
            return
        done = services.silence_process(now=options["now"], acting_user=self.actor)
        if not done:
            self.stdout.write("Nothing to do: no open silence procedure is past its deadline.")
        for p in done:
            self.stdout.write(f"Adopted {p.document.symbol}: silence unbroken at "
                              f"{p.deadline.isoformat()}.")
