"""`concilium exception ladder|languages|list`: the secretariat sets a rule aside for one
document, with the reason; the decisions that rely on it say so in the minutes."""

from __future__ import annotations

from concilium.core.commands import ConciliumCommand
from concilium.documents.selectors import document_get
from concilium.meetings import selectors, services


class Command(ConciliumCommand):
    help = ("Exceptions to the rules for one document: skip a step of the charter's path "
            "between the bodies, or waive an official language; always with the reason.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        ladder = sub.add_parser("ladder", help="let a document skip a body's step")
        ladder.add_argument("symbol")
        ladder.add_argument("--body", required=True, help="the body whose step is skipped")
        ladder.add_argument("--reason", required=True)
        waiver = sub.add_parser("languages", help="waive an official language for a document")
        waiver.add_argument("symbol")
        waiver.add_argument("--lang", required=True, help="the official language waived")
        waiver.add_argument("--reason", required=True)
        lst = sub.add_parser("list", help="the exceptions recorded for a document")
        lst.add_argument("symbol")
        lst.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def do_ladder(self, o):
        row = services.ladder_exception_record(document=o["symbol"], body=o["body"],
                                               reason=o["reason"], acting_user=self.actor)
        self.stdout.write(f"Recorded: {o['symbol']} may skip the step of the {row.subject} "
                          f"(exception {row.pk}).")

    def do_languages(self, o):
        row = services.language_waiver_record(document=o["symbol"], lang=o["lang"],
                                              reason=o["reason"], acting_user=self.actor)
        self.stdout.write(f"Recorded: {o['symbol']} may be agreed without a complete, current "
                          f"text in '{row.subject}' (exception {row.pk}).")

    def do_list(self, o):
        doc = document_get(o["symbol"], actor=self.actor)
        rows = selectors.rule_exceptions(doc)
        if o["json"]:
            return self.write_json([{"rule": x.rule, "subject": x.subject, "reason": x.reason,
                                     "recorded_by": x.recorded_by,
                                     "recorded_at": x.recorded_at} for x in rows])
        if not rows:
            self.stdout.write(f"{doc.symbol}: no exception recorded.")
        for x in rows:
            self.stdout.write(f"{x.rule}  {x.subject}  {x.reason}  "
                              f"({x.recorded_by}, {x.recorded_at:%Y-%m-%d})")
