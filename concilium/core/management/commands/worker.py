"""`concilium worker [--batch]`: run background tasks (exports, silence deadlines, pruning)."""

from __future__ import annotations

from concilium.core.commands import ConciliumCommand
from concilium.core.worker import run_worker


class Command(ConciliumCommand):
    help = ("Run background tasks from the database queue: exports, silence procedures past "
            "their deadline, pruning old export files. Run one or more beside the web "
            "server, on any machine that shares the database. A task whose worker was "
            "killed is taken up again by another worker.")

    def add_arguments(self, parser):
        parser.add_argument("--queue", default="default",
                            help="queues to take tasks from, separated by commas")
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between looks at an empty queue (default 1)")
        parser.add_argument("--batch", action="store_true",
                            help="run what is queued (and due), then stop")
        parser.add_argument("--max-tasks", type=int, default=None,
                            help="stop after this many tasks")
        parser.add_argument("--with-parent", action="store_true",
                            help="stop when the process that started this worker stops")

    def handle(self, *args, **options):
        run_worker(queue_names=options["queue"].split(","), interval=options["interval"],
                   batch=options["batch"], max_tasks=options["max_tasks"],
                   with_parent=options["with_parent"])
