"""`concilium presidency [--on DATE] [--next] [--json]`: who presides, and who is next."""

from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from concilium.core.commands import ConciliumCommand
from concilium.organization import selectors


def term_json(p, lang):
    return {"state": p.state.code, "name": p.state.name(lang), "start": p.start,
            "end": p.end, "reason": p.reason}


class Command(ConciliumCommand):
    help = "Show the presidency on a date, the recorded sequence, or the default next holder."

    def add_arguments(self, parser):
        parser.add_argument("--on", help="the date, YYYY-MM-DD (default: today)")
        parser.add_argument("--next", action="store_true",
                            help="the default successor of the last recorded presidency "
                                 "(with --on: of the presidency on that date)")
        parser.add_argument("--lang", default="en")
        parser.add_argument("--json", action="store_true", help="print one JSON document")

    def handle(self, *args, **options):
        lang = options["lang"]
        day = selectors.parse_day(options["on"])
        if options["next"]:
            last, nxt = selectors.presidency_next(
                day if options["on"] not in (None, "") else None)
            state = selectors.state_get(nxt.state)
            if options["json"]:
                self.write_json({"after": term_json(last, lang), "next": {
                    "state": state.code, "name": state.name(lang), "rule": nxt.rule}})
            else:
                self.stdout.write(_(
                    "After {last} ({start}–{end}): {next} ({code}), by the rule: {rule}."
                ).format(last=last.state.name(lang), start=last.start, end=last.end or "…",
                         next=state.name(lang), code=state.code, rule=nxt.rule))
            return
        holder = selectors.presidency_on(day)
        sequence = selectors.presidency_sequence()
        if options["json"]:
            self.write_json({
                "date": day,
                "holder": term_json(holder, lang) if holder else None,
                "sequence": [{**term_json(t.presidency, lang), "default": t.default_state,
                              "deviates": t.deviates} for t in sequence],
            })
            return
        if holder:
            self.stdout.write(_("On {day}: {name} ({code}), presidency {start}–{end}.").format(
                day=day, name=holder.state.name(lang), code=holder.state.code,
                start=holder.start, end=holder.end or "…"))
        else:
            self.stdout.write(_("On {day}: no presidency is recorded.").format(day=day))
        table = Table(title=_("Recorded presidencies"))
        for col in (_("state"), _("from"), _("to"), _("note")):
            table.add_column(col)
        for t in sequence:
            p = t.presidency
            note = p.reason or (_("default was {state}").format(state=t.default_state)
                                if t.deviates else "")
            table.add_row(f"{p.state.name(lang)} ({p.state.code})", str(p.start),
                          str(p.end or "…"), note)
        Console(file=self.stdout, width=110).print(table)
