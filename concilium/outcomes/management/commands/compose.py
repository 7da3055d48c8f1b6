"""`concilium compose KIND SLUG --lang en|ru|zh [--format ...] [-o FILE] [--save]`."""

from pathlib import Path

from concilium.core.commands import ConciliumCommand
from concilium.outcomes.composer import KINDS, compose, composed_save, render


class Command(ConciliumCommand):
    help = ("Compose the press release, communique (declaration skeleton) or minutes of a "
            "meeting from its records; --save stores it as a draft document.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("meeting", help="the meeting's slug, e.g. cfm-2020-09-10")
        parser.add_argument("--lang", default="en", help="en, ru or zh (default en)")
        parser.add_argument("--format", default="txt", help="txt, html, pdf, docx or akn")
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")
        parser.add_argument("--save", action="store_true",
                            help="also save the text (in every language) as a draft document")

    def handle(self, *args, **options):
        text = compose(options["kind"], options["meeting"], lang=options["lang"],
                       actor=self.actor)
        content, _type, filename = render(text, options["format"])
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"Wrote {options['output']} ({len(content)} bytes).")
        elif options["format"] in ("txt", "html", "akn"):
            self.stdout.write(content.decode("utf-8"), ending="")
        else:
            Path(filename).write_bytes(content)
            self.stderr.write(f"Wrote {filename} ({len(content)} bytes).")
        if options["save"]:
            doc = composed_save(kind=options["kind"], meeting=options["meeting"],
                                acting_user=self.actor, lang=options["lang"])
            self.stderr.write(f"Saved as draft document {doc.symbol}.")
