"""`concilium compose KIND SLUG [--lang L] [--format ...] [-o FILE] [--save]`.

The text is composed in `--lang` (by default the charter's first language), and the
command's own messages are given in it too.
"""

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from concilium.core.commands import ConciliumCommand
from concilium.organization.selectors import charter
from concilium.outcomes.composer import KINDS, compose, composed_save, render
from concilium.outcomes.exporters.html import DJANGO_LANGUAGE

WROTE = _("Wrote {path} ({size} bytes).")
SAVED = _("Saved as draft document {symbol}.")


class Command(ConciliumCommand):
    help = ("Compose the press release, communique (declaration skeleton) or minutes of a "
            "meeting from its records; --save stores it as a draft document.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("meeting", help="the meeting's slug, e.g. cfm-2020-09-10")
        parser.add_argument("--lang", help="a language of the charter, e.g. en, ru or zh "
                                           "(default: the charter's first)")
        parser.add_argument("--format", default="txt", help="txt, html, pdf, docx or akn")
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")
        parser.add_argument("--save", action="store_true",
                            help="also save the text (in every language) as a draft document")

    def handle(self, *args, **options):
        lang = (options["lang"] or charter().languages[0]).strip().lower()
        with translation.override(DJANGO_LANGUAGE.get(lang, lang)):
            self._compose(lang, options)

    def _compose(self, lang: str, options) -> None:
        text = compose(options["kind"], options["meeting"], lang=lang, actor=self.actor)
        content, _type, filename = render(text, options["format"])
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(str(WROTE).format(path=options["output"], size=len(content)))
        elif options["format"] in ("txt", "html", "akn"):
            self.stdout.write(content.decode("utf-8"), ending="")
        else:
            Path(filename).write_bytes(content)
            self.stderr.write(str(WROTE).format(path=filename, size=len(content)))
        if options["save"]:
            doc = composed_save(kind=options["kind"], meeting=options["meeting"],
                                acting_user=self.actor, lang=lang)
            self.stderr.write(str(SAVED).format(symbol=doc.symbol))
