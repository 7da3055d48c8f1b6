"""`concilium audit verify`: check the hash chain of the audit log.

It lives here and not in the audit app because the audit app is the floor below `core`
(`core.services.record_change` appends to it) and every command derives from `core`'s
`ConciliumCommand`.
"""

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from concilium.audit.services import audit_verify
from concilium.core.commands import ConciliumCommand


class Command(ConciliumCommand):
    help = "Check the audit log's hash chain: prints OK with the count, or the first break."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify the hash chain")
        verify.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        report = audit_verify()
        if options.get("json"):
            self.stdout.write(json.dumps(report.__dict__))
        elif report.ok:
            self.stdout.write(_("OK: {count} records, chain intact.").format(count=report.count))
        else:
            self.stdout.write(_(
                "BROKEN at record #{seq}: {problem} ({count} records before it are intact)."
            ).format(seq=report.broken_seq, problem=_(report.problem), count=report.count))
        if not report.ok:
            raise CommandError(_("audit chain broken"), returncode=1)
