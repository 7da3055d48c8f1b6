"""`concilium delegation list|compose|credentials`: the delegations to a meeting, the
composition a state submits, the credentials the secretariat receives."""

from concilium.core.commands import ConciliumCommand
from concilium.meetings import selectors, services
from concilium.meetings.api_delegations import delegation_out


class Command(ConciliumCommand):
    help = ("List a meeting's delegations (complete: head named, credentials received), "
            "record a delegation's composition or its credentials.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        lst = sub.add_parser("list", help="every member state's delegation to a meeting")
        lst.add_argument("slug")
        lst.add_argument("--json", action="store_true")
        comp = sub.add_parser("compose", help="record the composition of a delegation")
        comp.add_argument("slug")
        comp.add_argument("state", help="the state's code, e.g. IND")
        comp.add_argument("--head", help="the head's name (an official on record is linked)")
        comp.add_argument("--head-title", help="the head's title, in English")
        comp.add_argument("--member", action="append", default=[],
                          help='a member, "Name | Title" (repeat)')
        comp.add_argument("--adviser", action="append", default=[],
                          help='an adviser, "Name | Title" (repeat)')
        cred = sub.add_parser("credentials", help="record the credentials received")
        cred.add_argument("slug")
        cred.add_argument("state")
        cred.add_argument("--received", help="the day they were received, YYYY-MM-DD")
        cred.add_argument("--withdraw", action="store_true",
                          help="the record was made by mistake: credentials missing again")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "compose":
            d = services.delegation_compose(
                meeting=options["slug"], state=options["state"], head=options["head"],
                head_title=options["head_title"], members=options["member"],
                advisers=options["adviser"], acting_user=self.actor)
            self.write_json(delegation_out(d.state.code, d))
        elif action == "credentials":
            d = services.delegation_credentials_record(
                meeting=options["slug"], state=options["state"], received=options["received"],
                withdraw=options["withdraw"], acting_user=self.actor)
            self.write_json(delegation_out(d.state.code, d))
        else:
            view = selectors.meeting_detail(options["slug"], actor=self.actor)
            rows = [delegation_out(s.state.code, s.delegation)
                    for s in selectors.delegation_statuses(view)]
            if options["json"]:
                self.write_json(rows)
                return
            for r in rows:
                mark = "complete" if r["complete"] else "incomplete"
                head = r["head"].get("en") or r["head_title"].get("en") or "—"
                creds = r["credentials_received"] or "missing"
                self.stdout.write(f"{r['state']}\t{mark}\thead: {head}\tcredentials: {creds}")
