"""`concilium demo`: set up the SCO and its 2020 meetings, create demo accounts, and serve."""

from django.contrib.auth import get_user_model
from django.core.management import call_command, get_commands

from concilium.accounts.services import user_create
from concilium.core.commands import ConciliumCommand

DEMO_PASSWORD = "concilium-demo"
# username, role, state, who they are
ACCOUNTS = [
    ("officer", "secretariat", None, "Secretariat officer"),
    ("lavrov", "chair", "RUS", "the Russian chair (presidency 2019-20)"),
    ("india", "delegate", "IND", "the Indian delegate"),
    ("mongolia", "observer", "MNG", "an observer (Mongolia)"),
    ("china", "delegate", "CHN", "the Chinese delegate"),
    ("kazakhstan", "delegate", "KAZ", "the Kazakh delegate"),
    ("kyrgyzstan", "delegate", "KGZ", "the Kyrgyz delegate"),
    ("pakistan", "delegate", "PAK", "the Pakistani delegate"),
    ("russia", "delegate", "RUS", "the Russian delegate"),
    ("tajikistan", "delegate", "TJK", "the Tajik delegate"),
    ("uzbekistan", "delegate", "UZB", "the Uzbek delegate"),
]


class Command(ConciliumCommand):
    help = "Set up the demo (SCO charter, 2020 scenario, demo accounts) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="set up only")

    def handle(self, *args, **options):
        call_command("init", "--charter", "sco", stdout=self.stdout)
        if "load-scenario" in get_commands():
            call_command("load-scenario", "sco-2020", stdout=self.stdout)
        users = get_user_model().objects
        for username, role, state, _ in ACCOUNTS:
            if not users.filter(username=username).exists():
                user_create(username=username, password=DEMO_PASSWORD, role=role, state=state,
                            acting_user=self.actor)
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(f"Concilium is ready at {url}  (admin: {url}admin/)")
        self.stdout.write(f"Demo accounts, all with the password '{DEMO_PASSWORD}':")
        for username, _, _, who in ACCOUNTS[:4]:
            self.stdout.write(f"  {username:<11} {who}")
        self.stdout.write("  (and a delegate for each member: china, kazakhstan, kyrgyzstan, "
                          "pakistan, russia, tajikistan, uzbekistan)")
        if options["no_serve"]:
            return
        import uvicorn

        uvicorn.run("concilium.asgi:application", host=options["host"], port=options["port"],
                    log_level="warning")
