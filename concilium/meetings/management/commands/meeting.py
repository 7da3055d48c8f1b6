"""`concilium meeting show|list|create|edit|agenda|delegation|side-event|circulate|ics|minutes|
history`: meetings from the command line."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from concilium.core.commands import ConciliumCommand
from concilium.core.errors import ValidationFailed
from concilium.documents.selectors import language_check
from concilium.meetings import selectors, services
from concilium.meetings.calendar import calendar
from concilium.meetings.minutes import minutes, minutes_dict, render_minutes
from concilium.meetings.wording import base_language, format_dates, venue
from concilium.organization import selectors as org

SLUG_OR_BODY = _("slug: give a meeting's slug or --body (one of the two).")
NO_DELEGATION = _("state: meeting '{slug}' has no delegation of {who}.")


def meeting_json(x, lang="en") -> dict:
    return {"slug": x.slug, "body": x.body.slug, "body_name": x.body.name(lang),
            "start": x.start, "end": x.end, "format": x.format, "city": x.city_name(lang),
            "host_state": x.host_state.code if x.host_state else None,
            "chair_state": x.chair_state.code if x.chair_state else None,
            "chair_official": x.chair_official.name(lang) if x.chair_official else None,
            "chair_override_reason": x.chair_override_reason, "status": x.status,
            "version": x.version, "sequence": x.sequence}


def detail_json(view, lang="en") -> dict:
    return {
        **meeting_json(view.meeting, lang),
        "warnings": [{"kind": w.kind, "other": w.other, "message": w.message}
                     for w in view.warnings],
        "agenda": [{"number": v.item.number, "title": v.item.title(lang),
                    "decision_sought": v.item.decision_sought,
                    "documents": [d.symbol for d in v.documents],
                    "reporter": v.item.reporter.name(lang) if v.item.reporter else None,
                    "package": v.item.package.symbol if v.item.package else None}
                   for v in view.agenda],
        "delegations": [{"state": d.state.code if d.state else None,
                         "organization": d.organization.slug if d.organization else None,
                         "head": d.head.name(lang) if d.head else d.head_name.get("en"),
                         "members": d.members, "attendance": d.attendance}
                        for d in view.delegations],
        "side_events": [{"id": e.pk, "date": e.date, "format": e.format, "titles": e.titles}
                        for e in view.side_events],
        "decisions": [{"item": d.agenda_item.number if d.agenda_item else None,
                       "document": d.document.symbol if d.document else None,
                       "package": d.package.symbol if d.package else None,
                       "kind": d.kind, "date": d.date} for d in view.decisions],
        "circulation_days": view.circulation_days,
        "late": [{"document": c.document.symbol, "circulated": c.circulated,
                  "days_before": c.days_before} for c in view.late],
    }


class Command(ConciliumCommand):
    help = "Show, list, plan and export meetings; their minutes; a document's path."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="one meeting: agenda, decisions, late documents")
        show.add_argument("slug")
        lst = sub.add_parser("list", help="meetings, by body and year")
        lst.add_argument("--body")
        lst.add_argument("--year")
        create = sub.add_parser("create", help="plan a meeting")
        create.add_argument("--body", required=True)
        create.add_argument("--start", required=True, help="first day, YYYY-MM-DD")
        create.add_argument("--end", help="last day, YYYY-MM-DD (default: the first)")
        create.add_argument("--format", default="in_person",
                            choices=["in_person", "video", "hybrid"])
        create.add_argument("--city", help="the city, in English")
        create.add_argument("--host", help="host state code")
        create.add_argument("--chair", help="chair state code, overriding the rule")
        create.add_argument("--reason", default="", help="why the chair differs from the rule")
        edit = sub.add_parser("edit", help="change a planned meeting (unchanged unless given)")
        edit.add_argument("slug")
        edit.add_argument("--start")
        edit.add_argument("--end")
        edit.add_argument("--format", choices=["in_person", "video", "hybrid"])
        edit.add_argument("--city", help="the city, in English")
        edit.add_argument("--host", help="host state code")
        edit.add_argument("--chair", help="chair state code; '' for the charter's rule")
        edit.add_argument("--reason", default="", help="why the chair differs from the rule")
        edit.add_argument("--cancel", action="store_true",
                          help="cancel the meeting (calendars show it cancelled)")
        agenda = sub.add_parser("agenda", help="add, move or remove agenda items")
        agenda.add_argument("op", choices=["add", "move", "remove"])
        agenda.add_argument("slug")
        agenda.add_argument("--title", help="the item's title in English (add)")
        agenda.add_argument("--document", action="append", default=[],
                            help="a document on the item (add; repeatable)")
        agenda.add_argument("--sought", default="discuss", help="the decision sought (add)")
        agenda.add_argument("--reporter", help="who reports (add)")
        agenda.add_argument("--number", help="the item (move, remove) or its number (add)")
        agenda.add_argument("--to", help="the new position (move)")
        dele = sub.add_parser("delegation", help="add, edit or remove a delegation")
        dele.add_argument("op", choices=["add", "edit", "remove"])
        dele.add_argument("slug")
        dele.add_argument("--state", help="the state's code (add), or the delegation's state")
        dele.add_argument("--organization", help="a partner organization (add)")
        dele.add_argument("--head")
        dele.add_argument("--member", action="append", help="a member (repeatable)")
        dele.add_argument("--attendance", choices=["expected", "present", "absent"])
        side = sub.add_parser("side-event", help="add or remove a side event")
        side.add_argument("op", choices=["add", "remove"])
        side.add_argument("slug")
        side.add_argument("--date")
        side.add_argument("--format", default="in_person",
                          choices=["in_person", "video", "hybrid"])
        side.add_argument("--title", help="the title in English (add)")
        side.add_argument("--host", help="the official who hosts (add)")
        side.add_argument("--id", help="the side event (remove)")
        circ = sub.add_parser("circulate", help="circulate agenda documents to the members")
        circ.add_argument("slug")
        circ.add_argument("--document", action="append", required=True)
        circ.add_argument("--date", help="YYYY-MM-DD (default: today)")
        circ.add_argument("--accept-late", action="store_true",
                          help="circulate even after the deadline")
        ics = sub.add_parser("ics", help="an iCalendar file of a meeting, or of a body")
        ics.add_argument("slug", nargs="?")
        ics.add_argument("--body")
        mins = sub.add_parser("minutes", help="the minutes, assembled from the records")
        mins.add_argument("slug")
        history = sub.add_parser("history", help="a document's steps through the councils")
        history.add_argument("symbol")
        for p in (show, lst, create, edit, agenda, dele, side, circ, mins, history):
            p.add_argument("--json", action="store_true", help="print one JSON document")
        for p in (show, lst, ics, history):
            p.add_argument("--lang", default="en")
        mins.add_argument("--lang", default=None,
                          help="one of the charter's languages (default: its first)")

    def handle(self, *args, **options):
        getattr(self, f"do_{options['action'].replace('-', '_')}")(options)

    def do_show(self, o):
        lang = o["lang"]
        view = selectors.meeting_detail(o["slug"], actor=self.actor)
        if o["json"]:
            return self.write_json(detail_json(view, lang))
        x = view.meeting
        w = self.stdout.write
        w(f"{x.slug}  {x.body.name(lang)}  {format_dates(x.start, x.end)}  "
          f"{venue(x, lang)}  [{x.status}]")
        if x.chair_state:
            chair = x.chair_official.name(lang) if x.chair_official else ""
            w(f"Chair: {x.chair_state.name(lang)} {chair}".rstrip()
              + (f" (override: {x.chair_override_reason})" if x.chair_override_reason else ""))
        for e in view.side_events:
            w(f"Side event {e.date}: {e.titles.get(lang) or e.titles.get('en', '')}")
        if view.delegations:
            w("Delegations:")
            for d in view.delegations:
                who = d.state.name(lang) if d.state else d.organization.name(lang)
                head = d.head.name(lang) if d.head else d.head_name.get("en", "")
                w(f"  {who}" + (f" — {head}" if head else ""))
        w("Agenda:")
        for v in view.agenda:
            w(f"  {v.item.number}. {v.item.title(lang)} [{v.item.decision_sought}]")
            for d in v.documents:
                w(f"       {d.symbol}  {d.title(lang)}  ({d.status})")
            for d in v.decisions:
                w(f"       → {d.kind} {d.date}" + (f" {d.document.symbol}" if d.document else ""))
        if view.late:
            w(f"Late (fewer than {view.circulation_days} days before the first day):")
            for c in view.late:
                when = f"circulated {c.circulated}, {c.days_before} days before" \
                    if c.circulated else "not circulated"
                w(f"  {c.document.symbol}: {when}")
        for warning in view.warnings:
            w(f"⚠ {warning.message}")

    def do_list(self, o):
        rows = selectors.meeting_list(actor=self.actor, body=o["body"], year=o["year"])
        if o["json"]:
            return self.write_json([meeting_json(x, o["lang"]) for x in rows])
        for x in rows:
            self.stdout.write(f"{x.slug:<22} {format_dates(x.start, x.end):<26} "
                              f"{venue(x, o['lang']):<28} {x.status}")

    def do_create(self, o):
        x = services.meeting_create(
            body=o["body"], start=o["start"], end=o["end"], format=o["format"],
            city={"en": o["city"]} if o["city"] else None, host_state=o["host"],
            chair_state=o["chair"], chair_override_reason=o["reason"], acting_user=self.actor)
        if o["json"]:
            return self.write_json({**meeting_json(x), "warnings": [
                {"kind": w.kind, "other": w.other, "message": w.message} for w in x.warnings]})
        self.stdout.write(f"Planned {x.slug}.")
        for warning in x.warnings:
            self.stderr.write(f"⚠ {warning.message}")

    def do_edit(self, o):
        if o["cancel"]:
            x = services.meeting_cancel(meeting=o["slug"], reason=o["reason"],
                                        acting_user=self.actor)
            if o["json"]:
                return self.write_json(meeting_json(x))
            return self.stdout.write(f"Cancelled {x.slug} (sequence {x.sequence}).")
        x = services.meeting_update(
            meeting=o["slug"], start=o["start"], end=o["end"], format=o["format"],
            city={"en": o["city"]} if o["city"] else None, host_state=o["host"],
            chair_state=o["chair"], chair_override_reason=o["reason"], acting_user=self.actor)
        if o["json"]:
            return self.write_json(meeting_json(x))
        self.stdout.write(f"Updated {x.slug} (version {x.version}).")

    def do_agenda(self, o):
        slug, op = o["slug"], o["op"]
        if op == "add":
            item = services.agenda_item_add(
                meeting=slug, titles={"en": o["title"]} if o["title"] else None,
                decision_sought=o["sought"], documents=o["document"], reporter=o["reporter"],
                number=o["number"], acting_user=self.actor)
            done = f"Added item {item.number} to {slug}."
        elif op == "move":
            item = services.agenda_item_move(meeting=slug, number=o["number"], to=o["to"],
                                             acting_user=self.actor)
            done = f"Moved item {o['number']} of {slug} to {item.number}."
        else:
            services.agenda_item_remove(meeting=slug, number=o["number"],
                                        acting_user=self.actor)
            done = f"Removed item {o['number']} from {slug}."
        if o["json"]:
            return self.write_json(detail_json(selectors.meeting_detail(slug,
                                                                        actor=self.actor)))
        self.stdout.write(done)

    def _delegation_of(self, o) -> int:
        view = selectors.meeting_detail(o["slug"], actor=self.actor)
        wanted = (o["state"] or o["organization"] or "").upper()
        for d in view.delegations:
            code = d.state.code if d.state else d.organization.slug.upper()
            if code == wanted:
                return d.pk
        raise ValidationFailed(NO_DELEGATION, field="state", slug=o["slug"], who=wanted)

    def do_delegation(self, o):
        slug, op = o["slug"], o["op"]
        if op == "add":
            services.delegation_add(meeting=slug, state=o["state"],
                                    organization=o["organization"], head=o["head"],
                                    members=o["member"] or [],
                                    attendance=o["attendance"] or "expected",
                                    acting_user=self.actor)
        elif op == "edit":
            services.delegation_update(meeting=slug, delegation=self._delegation_of(o),
                                       head=o["head"], members=o["member"],
                                       attendance=o["attendance"], acting_user=self.actor)
        else:
            services.delegation_remove(meeting=slug, delegation=self._delegation_of(o),
                                       acting_user=self.actor)
        if o["json"]:
            return self.write_json(detail_json(selectors.meeting_detail(slug,
                                                                        actor=self.actor)))
        self.stdout.write(f"Delegation of {o['state'] or o['organization']}: {op} done.")

    def do_side_event(self, o):
        if o["op"] == "add":
            e = services.side_event_add(meeting=o["slug"], date=o["date"], format=o["format"],
                                        titles={"en": o["title"] or ""}, host=o["host"],
                                        acting_user=self.actor)
            done = f"Added side event {e.pk} on {e.date}."
        else:
            services.side_event_remove(meeting=o["slug"], side_event=o["id"],
                                       acting_user=self.actor)
            done = f"Removed side event {o['id']}."
        if o["json"]:
            return self.write_json(detail_json(selectors.meeting_detail(o["slug"],
                                                                        actor=self.actor)))
        self.stdout.write(done)

    def do_circulate(self, o):
        rows = services.meeting_circulate(meeting=o["slug"], documents=o["document"],
                                          date=o["date"], accept_late=o["accept_late"],
                                          acting_user=self.actor)
        if o["json"]:
            return self.write_json([{"document": r.document.symbol, "date": r.date,
                                     "version": r.version} for r in rows])
        for r in rows:
            self.stdout.write(f"Circulated {r.document.symbol} on {r.date} (version "
                              f"{r.version}).")

    def do_ics(self, o):
        if bool(o["slug"]) == bool(o["body"]):
            raise ValidationFailed(SLUG_OR_BODY, field="slug")
        if o["slug"]:
            data = calendar([selectors.meeting_get(o["slug"])], lang=o["lang"])
        else:
            data = calendar(selectors.meeting_list(body=o["body"]), lang=o["lang"],
                            name=o["body"].upper())
        self.stdout.write(data.decode("utf-8"), ending="")

    def do_minutes(self, o):
        languages = org.charter().languages
        lang = language_check(base_language(o["lang"])) if o["lang"] else languages[0]
        record = minutes(selectors.meeting_get(o["slug"]), lang)
        if o["json"]:
            return self.write_json(minutes_dict(record))
        self.stdout.write(render_minutes(record), ending="")

    def do_history(self, o):
        steps = selectors.document_history(o["symbol"], actor=self.actor)
        if o["json"]:
            return self.write_json([s.__dict__ for s in steps])
        if not steps:
            self.stdout.write(f"{o['symbol']}: no decision yet.")
        for s in steps:
            where = s.meeting or "—"
            extra = "".join([f" to {s.submitted_to.upper()}" if s.submitted_to else "",
                             f" in package {s.package}" if s.package else "",
                             f", registry {s.registry_number}" if s.registry_number else "",
                             f" ({s.note})" if s.note else ""])
            self.stdout.write(f"{s.date}  {where:<18} {s.label}{extra}")
