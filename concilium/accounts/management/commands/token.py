"""`concilium token create USERNAME`: print a new API token for scripts."""

from concilium.accounts.services import token_create
from concilium.core.commands import ConciliumCommand


class Command(ConciliumCommand):
    help = "Create an API token for a user and print it (it is shown only once)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a token")
        create.add_argument("username")
        create.add_argument("--label", default="")

    def handle(self, *args, **options):
        token = token_create(username=options["username"], label=options["label"],
                             acting_user=self.actor)
        self.stdout.write(token)
