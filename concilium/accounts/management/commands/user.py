"""`concilium user`: accounts with a role, from the shell.

    concilium user create USERNAME --role delegate --state IND [--email E]
    concilium user update USERNAME --role observer --state MNG [--inactive | --active]
    concilium user reset-password USERNAME
    concilium user list

`create` and `reset-password` print a one-time password (shown once, not stored); every
change is audited like the same change made in the browser.
"""

from concilium.accounts import selectors, services
from concilium.core.commands import ConciliumCommand


class Command(ConciliumCommand):
    help = "Create, change and list accounts with their role (secretariat, chair, delegate, " \
           "observer) and state or organization."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create an account; prints its password")
        update = sub.add_parser("update", help="change an account's role, binding or state")
        for p in (create, update):
            p.add_argument("username")
            p.add_argument("--role", required=True,
                           help="secretariat, chair, delegate or observer")
            p.add_argument("--state", default=None, help="ISO code of the state it acts for")
            p.add_argument("--organization", default=None, help="a partner organization")
            p.add_argument("--email", default=None)
        active = update.add_mutually_exclusive_group()
        active.add_argument("--active", dest="active", action="store_true", default=None)
        active.add_argument("--inactive", dest="active", action="store_false")
        reset = sub.add_parser("reset-password", help="a new one-time password")
        reset.add_argument("username")
        sub.add_parser("list", help="every account with its role")

    def handle(self, *args, **options):
        action = options["action"]
        if action == "create":
            password = services.new_password()
            user = services.user_create(
                username=options["username"], password=password, role=options["role"],
                state=options["state"], organization=options["organization"],
                email=options["email"] or "", acting_user=self.actor)
            self.stdout.write(f"{user.username}\t{password}")
        elif action == "update":
            services.user_update(
                username=options["username"], role=options["role"], state=options["state"],
                organization=options["organization"], email=options["email"],
                active=options["active"], acting_user=self.actor)
        elif action == "reset-password":
            self.stdout.write(services.user_password_reset(username=options["username"],
                                                           acting_user=self.actor))
        else:
            for a in selectors.user_list(actor=self.actor):
                bound = a.state or a.organization or "-"
                self.stdout.write(f"{a.username}\t{a.role}\t{bound}\t"
                                  f"{'active' if a.active else 'inactive'}")
