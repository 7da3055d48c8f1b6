"""`concilium export SYMBOL --format html|pdf|docx|akn`: a document in a file, as the API gives it.

    concilium export SCO/CFM/2020/1 --format pdf --lang zh
    concilium export SCO/CFM/2020/1 --format docx --rev 2 --redline-from 1 -o redline.docx
    concilium export SCO/CFM/2020/1 --format pdf --certified
    concilium export SCO/CFM/2020/1 --format html -o -        (to standard output)

Without -o the file is written in the current directory under its suggested name. Refusals
(unknown format or language, a revision that does not exist) print one line and exit 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.utils.translation import gettext as _

from concilium.core.commands import ConciliumCommand
from concilium.outcomes.exporters import FORMATS, export_for


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

    def handle(self, *args, **options):
        result = export_for(
            options["symbol"], actor=self.actor, fmt=options["fmt"], lang=options["lang"],
            rev=options["rev"], redline_from=options["redline_from"],
            certified=options["certified"],
        )
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
