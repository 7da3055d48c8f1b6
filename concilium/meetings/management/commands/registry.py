"""`concilium registry [--body B] [--year Y] [--json]`: adopted documents and their numbers."""

from __future__ import annotations

from concilium.core.commands import ConciliumCommand
from concilium.meetings import selectors


class Command(ConciliumCommand):
    help = "List adopted (or finally approved) documents with their registry numbers."

    def add_arguments(self, parser):
        parser.add_argument("--body")
        parser.add_argument("--year")
        parser.add_argument("--lang", default="en")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options):
        rows = selectors.registry_list(actor=self.actor, body=options["body"],
                                       year=options["year"])
        lang = options["lang"]
        if options["json"]:
            return self.write_json([
                {"number": e.number, "date": e.date, "body": e.body.slug,
                 "document": e.document.symbol, "title": e.document.title(lang),
                 "meeting": e.decision.meeting.slug if e.decision.meeting else None}
                for e in rows])
        if not rows:
            self.stdout.write("The registry has no entry for this selection.")
        for e in rows:
            self.stdout.write(f"{e.number:<18} {e.date}  {e.document.symbol:<28} "
                              f"{e.document.title(lang)}")
