"""`concilium demo`: set up the SCO and its 2020 meetings, create demo accounts, and serve,
with a background worker (`concilium worker`) beside the server for exports and deadlines."""

import subprocess
import sys

import uvicorn
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from concilium.accounts.services import user_create
from concilium.core.commands import ConciliumCommand
from concilium.organization.selectors import presidency_on

DEMO_PASSWORD = "concilium-demo"
# username, role, state, who they are
ACCOUNTS = [
    ("officer", "secretariat", None, gettext_noop("Secretariat officer")),
    ("lavrov", "chair", "RUS", gettext_noop("the Russian chair (presidency 2019-20)")),
    ("india", "delegate", "IND", gettext_noop("the Indian delegate")),
    ("mongolia", "observer", "MNG", gettext_noop("an observer (Mongolia)")),
    ("china", "delegate", "CHN", gettext_noop("the Chinese delegate")),
    ("kazakhstan", "delegate", "KAZ", gettext_noop("the Kazakh delegate")),
    ("kyrgyzstan", "delegate", "KGZ", gettext_noop("the Kyrgyz delegate")),
    ("pakistan", "delegate", "PAK", gettext_noop("the Pakistani delegate")),
    ("russia", "delegate", "RUS", gettext_noop("the Russian delegate")),
    ("tajikistan", "delegate", "TJK", gettext_noop("the Tajik delegate")),
    ("uzbekistan", "delegate", "UZB", gettext_noop("the Uzbek delegate")),
]


#: The account of the chair of today's presidency (beside the 2020 chair, lavrov).
CURRENT_CHAIR = "chair"
CURRENT_CHAIR_WHO = gettext_noop("the chair of the current presidency ({state})")


class Command(ConciliumCommand):
    help = "Set up the demo (SCO charter, 2020 scenario, demo accounts) and serve it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="set up only")

    def handle(self, *args, **options):
        call_command("init", "--charter", "sco", stdout=self.stdout)
        call_command("load-scenario", "sco-2020", stdout=self.stdout)
        users = get_user_model().objects
        for username, role, state, _who in ACCOUNTS:
            if not users.filter(username=username).exists():
                user_create(username=username, password=DEMO_PASSWORD, role=role, state=state,
                            acting_user=self.actor)
        term = presidency_on(timezone.localdate())
        if term is not None and not users.filter(username=CURRENT_CHAIR).exists():
            user_create(username=CURRENT_CHAIR, password=DEMO_PASSWORD, role="chair",
                        state=term.state.code, acting_user=self.actor)
        url = f"http://{options['host']}:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(_("Concilium is ready at {url}  (admin: {url}admin/)").format(url=url))
        self.stdout.write(_("Demo accounts, all with the password '{password}':").format(
            password=DEMO_PASSWORD))
        for username, _role, _state, who in ACCOUNTS[:4]:
            self.stdout.write(f"  {username:<11} {_(who)}")
        if term is not None:
            self.stdout.write(f"  {CURRENT_CHAIR:<11} "
                              f"{_(CURRENT_CHAIR_WHO).format(state=term.state.code)}")
        self.stdout.write(_("  (and a delegate for each member: {names})").format(
            names=", ".join(username for username, *_rest in ACCOUNTS[4:])))
        if options["no_serve"]:
            return
        # The landing page shows the demo accounts and what to try with each.
        settings.CONCILIUM_DEMO = True
        # The worker stops with this process, even when uvicorn ends it by re-raising
        # SIGINT or SIGTERM (the `finally` below does not run then).
        worker = subprocess.Popen([sys.executable, "-m", "concilium", "worker",
                                   "--with-parent"])
        try:
            uvicorn.run("concilium.asgi:application", host=options["host"],
                        port=options["port"], log_level="warning")
        finally:
            worker.terminate()
            try:
                worker.wait(10)
            except subprocess.TimeoutExpired:
                worker.kill()
