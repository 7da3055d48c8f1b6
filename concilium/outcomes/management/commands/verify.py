"""`concilium verify FILE`: is the file a certified true copy the Secretariat issued?

    concilium verify copy.pdf            exit 0: genuine, naming the registry entry
                                         exit 1: altered, or not a certified copy
    concilium verify copy.pdf --lang ru  the answer in Russian

The answer comes from the registry of certified copies (the SHA-256 of every file issued),
as on the public page /verify/.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils import translation
from django.utils.translation import gettext_lazy

from concilium.core.commands import ConciliumCommand
from concilium.outcomes.exporters.html import DJANGO_LANGUAGE
from concilium.outcomes.selectors import certified_copy_verify

NO_FILE = gettext_lazy("file: '{path}' cannot be read; give the path of the copy to check.")


class Command(ConciliumCommand):
    help = "Check whether a file is a genuine certified copy, and of which registry entry."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the copy to check (PDF or HTML)")
        parser.add_argument("--lang", help="language of the answer: en, ru or zh")

    def handle(self, *args, **options):
        lang = (options.get("lang") or "").strip().lower()
        with translation.override(DJANGO_LANGUAGE.get(lang, lang) or translation.get_language()):
            path = Path(options["file"])
            try:
                data = path.read_bytes()
            except OSError:
                raise CommandError(str(NO_FILE).format(path=path), returncode=2) from None
            result = certified_copy_verify(data)
            if not result.genuine:
                raise CommandError(result.message(), returncode=1)
            self.stdout.write(result.message())
