"""`concilium export SYMBOL --format html|pdf|docx|akn`: a document in a file, as the API gives it.

    concilium export SCO/CFM/2020/1 --format pdf --lang zh
    concilium export SCO/CFM/2020/1 --format docx --rev 2 --redline-from 1 -o redline.docx
    concilium export SCO/CFM/2020/1 --format pdf --certified
    concilium export SCO/CFM/2020/1 --format html -o -        (to standard output)

Without -o the file is written in the current directory under its suggested name. Refusals
(unknown format or language, a revision that does not exist) print one line and exit 2.
On a terminal, a large document's PDF or DOCX shows a progress bar naming the stage
(preparing text, laying out pages, writing PDF).
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from concilium.core.commands import ConciliumCommand
from concilium.outcomes.exporters import FORMATS, export_for, readable_document
from concilium.outcomes.exporters.progress import stage_label
from concilium.outcomes.selectors import export_is_large


def on_terminal(stream) -> bool:
    stream = getattr(stream, "_out", stream)
    return bool(getattr(stream, "isatty", lambda: False)())


@contextmanager
def progress_bar(stream):
    """A rich progress bar on `stream`; yields the exporters' `progress(stage, percent)`."""
    console = Console(file=getattr(stream, "_out", stream), force_terminal=True)
    with Progress(TextColumn("{task.description:<20}"), BarColumn(), TaskProgressColumn(),
                  TimeElapsedColumn(), console=console, transient=False) as bar:
        task = bar.add_task(stage_label("preparing text"), total=100)
        shown = {"stage": None}

        def report(stage: str, percent: int) -> None:
            # Redraw at once when the stage changes, so a short stage is still seen (the
            # periodic refresh alone may skip it); percentages within a stage can wait.
            new_stage = stage != shown["stage"]
            shown["stage"] = stage
            bar.update(task, description=stage_label(stage), completed=percent,
                       refresh=new_stage)

        yield report


class Command(ConciliumCommand):
    help = "Export a document (any revision, any language) as HTML, PDF, DOCX or Akoma Ntoso."

    def add_arguments(self, parser):
        parser.add_argument("symbol", help="document symbol, e.g. SCO/CFM/2020/1")
        parser.add_argument("--format", dest="fmt", default="pdf",
                            help=f"one of {', '.join(FORMATS)} (default pdf)")
        parser.add_argument("--lang", default=None,
                            help="language code (default: the document's original language)")
        parser.add_argument("--rev", type=int, default=None,
                            help="revision number (default: the current text)")
        parser.add_argument("--redline-from", type=int, default=None, dest="redline_from",
                            help="export the changes from this revision to --rev")
        parser.add_argument("--certified", action="store_true",
                            help="certified true copy of an adopted document (pdf or html)")
        parser.add_argument("-o", "--output", default=None,
                            help="file to write; '-' for standard output")

    def _shows_progress(self, options) -> bool:
        """A plain text in PDF or DOCX, of a large document, to a file, on a terminal."""
        fmt = FORMATS.get((options["fmt"] or "").strip().lower())
        if (fmt is None or not fmt.reports_progress or options["redline_from"] is not None
                or options["certified"] or options["output"] == "-"
                or not on_terminal(self.stderr)):
            return False
        document = readable_document(options["symbol"], actor=self.actor)
        return export_is_large(document, options["rev"])

    def handle(self, *args, **options):
        def export(progress=None):
            return export_for(
                options["symbol"], actor=self.actor, fmt=options["fmt"], lang=options["lang"],
                rev=options["rev"], redline_from=options["redline_from"],
                certified=options["certified"], progress=progress,
            )

        if self._shows_progress(options):
            with progress_bar(self.stderr) as progress:
                result = export(progress)
        else:
            result = export()
        output = options["output"]
        if output == "-":
            stream = getattr(self.stdout, "_out", sys.stdout)
            buffer = getattr(stream, "buffer", None)
            if buffer is not None:
                buffer.write(result.content)
                buffer.flush()
            else:  # a text stream (tests): only text formats can go there
                stream.write(result.content.decode("utf-8", errors="replace"))
            return
        path = Path(output) if output else Path.cwd() / result.filename
        path.write_bytes(result.content)
        self.stderr.write(_("Wrote %(path)s (%(size)d bytes).")
                          % {"path": path, "size": len(result.content)})
