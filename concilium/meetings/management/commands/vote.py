"""`concilium vote record|list`: votes at a meeting, where the charter says vote."""

from __future__ import annotations

from concilium.core.commands import ConciliumCommand
from concilium.meetings import selectors, services


def _codes(value: str | None) -> list[str]:
    return [c.strip() for c in (value or "").split(",") if c.strip()]


class Command(ConciliumCommand):
    help = ("Record a state-by-state vote on a document at a meeting (where the charter "
            "names a majority or two thirds) and show the outcome; list a meeting's votes.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rec = sub.add_parser("record", help="record a vote and derive its outcome")
        rec.add_argument("slug")
        rec.add_argument("--item", type=int, required=True)
        rec.add_argument("--kind", required=True, help="the decision sought, e.g. adopted")
        rec.add_argument("--document", required=True)
        for choice in ("yes", "no", "abstain", "absent"):
            rec.add_argument(f"--{choice}", help="state codes, comma-separated")
        rec.add_argument("--on", help="the day of the vote (YYYY-MM-DD)")
        lst = sub.add_parser("list", help="the votes taken at a meeting")
        lst.add_argument("slug")
        for p in (rec, lst):
            p.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action']}")(options)

    def _show(self, ballot):
        t = ballot.tally
        self.stdout.write(
            f"{ballot.document.symbol}: {ballot.result} ({t['rule']}; {len(t['yes'])} yes, "
            f"{len(t['no'])} no, {len(t['abstain'])} abstaining, {len(t['absent'])} absent; "
            f"quorum {t['present']} of {t['entitled']}, {t['quorum_needed']} needed; "
            f"{t['yes_needed']} yes needed)")

    def do_record(self, o):
        votes = {code: choice for choice in ("yes", "no", "abstain", "absent")
                 for code in _codes(o[choice])}
        ballot = services.vote_record(meeting=o["slug"], item=o["item"], kind=o["kind"],
                                      document=o["document"], votes=votes, on=o["on"],
                                      acting_user=self.actor)
        if o["json"]:
            return self.write_json({"document": ballot.document.symbol, **ballot.tally})
        self._show(ballot)

    def do_list(self, o):
        ballots = selectors.ballots_of(selectors.meeting_get(o["slug"]), actor=self.actor)
        if o["json"]:
            return self.write_json([{"document": b.document.symbol, "date": b.date,
                                     **b.tally} for b in ballots])
        if not ballots:
            self.stdout.write(f"{o['slug']}: no vote taken.")
        for ballot in ballots:
            self._show(ballot)
