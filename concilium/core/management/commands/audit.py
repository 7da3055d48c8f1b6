"""`concilium audit verify` and `concilium audit checkpoint`: check the audit log, and print
its signed head.

It lives here and not in the audit app because the audit app is the floor below `core`
(`core.services.record_change` appends to it) and every command derives from `core`'s
`ConciliumCommand`.
"""

import json

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from concilium.audit.checkpoints import signed_head
from concilium.audit.services import audit_verify
from concilium.core.commands import ConciliumCommand


class Command(ConciliumCommand):
    help = ("Check the audit log (hash chain, signed checkpoints, history rows): prints OK "
            "with the count, or the first break and exits 1; or print the signed head.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="verify the chain against its latest checkpoint")
        verify.add_argument("--json", action="store_true")
        sub.add_parser("checkpoint", help="sign the chain's head now and print it (JSON)")

    def handle(self, *args, **options):
        if options["action"] == "checkpoint":
            self.write_json(signed_head().as_dict())
            return
        report = audit_verify()
        if options.get("json"):
            self.stdout.write(json.dumps(report.__dict__))
        elif report.ok and report.checkpoint_seq is None:
            self.stdout.write(_("OK: {count} records, chain intact (no signed checkpoint yet: "
                                "run `concilium audit checkpoint`).").format(count=report.count))
        elif report.ok:
            self.stdout.write(_("OK: {count} records, chain intact up to the signed checkpoint "
                                "#{checkpoint}.").format(count=report.count,
                                                          checkpoint=report.checkpoint_seq))
        elif report.broken_seq is None:
            self.stdout.write(_("BROKEN: {problem}: {detail}.").format(
                problem=_(report.problem), detail=report.detail))
        else:
            detail = f" ({report.detail})" if report.detail else ""
            self.stdout.write(_(
                "BROKEN at record #{seq}: {problem}{detail}; {count} records before it are "
                "intact.").format(seq=report.broken_seq, problem=_(report.problem),
                                  detail=detail, count=report.count))
        if not report.ok:
            raise CommandError(_("audit chain broken at record #{seq}").format(
                seq=report.broken_seq or "-"), returncode=1)
