"""`concilium init --charter sco|PATH`: set up the database and load a charter's registry."""

from django.core.management import call_command
from django.utils.translation import gettext as _

from concilium.audit.checkpoints import instance_key
from concilium.core.commands import ConciliumCommand
from concilium.core.signing import signing_key_create
from concilium.organization.services import organization_init_from_file
from concilium.rules.charter import charter_path, load_charter


class Command(ConciliumCommand):
    help = ("Apply migrations and load a charter (rules and reference registry). "
            "Running it again changes nothing unless the charter changed.")

    def add_arguments(self, parser):
        parser.add_argument("--charter", default="sco",
                            help="a charter name shipped with Concilium (sco) or a TOML path")
        parser.add_argument("--no-migrate", action="store_true",
                            help="do not apply database migrations first")

    def handle(self, *args, **options):
        # Validate before touching the database: a broken charter writes nothing.
        load_charter(options["charter"])
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        instance_key(create=True)  # signs the audit checkpoints (audit/checkpoints.py)
        charter, report = organization_init_from_file(path=options["charter"],
                                                      acting_user=self.actor)
        name = charter.name.get("en") or next(iter(charter.name.values()))
        # Signs certified copies (core/signing.py): a self-signed pair unless configured.
        signing_key_create(organization=name)
        if not report.changed:
            self.stdout.write(_("{name}: already up to date ({path}).").format(
                name=name, path=charter_path(options["charter"])))
            return
        parts = [f"{n} {k}" for k, n in report.created.items()]
        parts += [_("{count} {kind} updated").format(count=n, kind=k)
                  for k, n in report.updated.items()]
        self.stdout.write(_("{name}: loaded {parts}.").format(name=name, parts=", ".join(parts)))
