"""`concilium compose KIND SLUG [--lang L] [--format ...] [-o FILE] [--save]`.

KIND is press-release, communique, minutes, participants (the list of participants from
the delegations recorded) or note-verbale (with `--kind convocation|circulation`; `--issue`
issues it, taking the next number of the registry of correspondence; `--number` composes
one issued before; otherwise a preview dated `--date`, today by default, without a number).
The text is composed in `--lang` (by default the charter's first language), and the
command's own messages are given in it too.
"""

from pathlib import Path

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from concilium.core.commands import ConciliumCommand
from concilium.core.dates import parse_date
from concilium.organization.selectors import charter
from concilium.outcomes.composer import KINDS, compose, composed_save, render
from concilium.outcomes.correspondence import note_compose, note_issue
from concilium.outcomes.exporters.html import DJANGO_LANGUAGE
from concilium.outcomes.models import NoteKind

WROTE = _("Wrote {path} ({size} bytes).")
SAVED = _("Saved as draft document {symbol}.")
ISSUED = _("Issued as note {number}.")


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
        parser.add_argument("--kind", dest="note", choices=NoteKind.values,
                            help="for a note verbale: convocation or circulation")
        parser.add_argument("--date", help="for a note verbale: the day of issue, YYYY-MM-DD "
                                           "(default: today)")
        parser.add_argument("--number", default="",
                            help="for a note verbale: the number of a note issued before")
        parser.add_argument("--issue", action="store_true",
                            help="issue the note verbale: it takes the next number")

    def handle(self, *args, **options):
        lang = (options["lang"] or charter().languages[0]).strip().lower()
        with translation.override(DJANGO_LANGUAGE.get(lang, lang)):
            self._compose(lang, options)

    def _compose(self, lang: str, options) -> None:
        if options["kind"] == "note-verbale":
            text = self._note(lang, options)
        else:
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

    def _note(self, lang: str, options):
        day = parse_date(options["date"], field="date", default=timezone.localdate())
        number = options["number"]
        if options["issue"]:
            issued = note_issue(meeting=options["meeting"], note=options["note"], date=day,
                                acting_user=self.actor)
            number = issued.number
            self.stderr.write(str(ISSUED).format(number=number))
        return note_compose(options["meeting"], note=options["note"], lang=lang,
                            actor=self.actor, number=number, date=day)
