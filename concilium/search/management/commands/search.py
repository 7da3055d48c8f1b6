"""`concilium search QUERY [filters] [--json]`, and `concilium search --reindex`."""

from __future__ import annotations

import html
import re

from django.utils.translation import gettext_lazy as _
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from concilium.core.commands import ConciliumCommand
from concilium.core.errors import ValidationFailed
from concilium.rules.permissions import PUBLIC, Actor, Role
from concilium.search import selectors, services

AS_ROLES = {"public": PUBLIC, "observer": Actor(username="observer", role=Role.OBSERVER)}
NOTHING_TO_DO = _("Give a QUERY to search for, or --reindex to rebuild the index.")
INDEXED = _("Indexed {count} documents and meeting records.")


class Command(ConciliumCommand):
    help = ("Search documents, paragraphs, decisions and agendas in English, Russian and "
            "Chinese; or rebuild the search index with --reindex.")

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="", help="the words to find")
        parser.add_argument("--lang", help="only texts in this language (one of the charter's)")
        parser.add_argument("--body", help="only documents of this body (slug, e.g. cfm)")
        parser.add_argument("--type", dest="doc_type", help="only this document type (slug)")
        parser.add_argument("--year", help="only this year")
        parser.add_argument("--status", help="only documents in this status (e.g. adopted)")
        parser.add_argument("--limit", type=int, default=selectors.DEFAULT_LIMIT)
        parser.add_argument("--as-role", choices=sorted(AS_ROLES),
                            help="search as the public or an observer would (default: the "
                                 "secretariat, who reads everything)")
        parser.add_argument("--json", action="store_true", help="print one JSON document")
        parser.add_argument("--reindex", action="store_true",
                            help="rebuild the whole index from the documents and meetings")

    def handle(self, *args, **options):
        if options["reindex"]:
            self._reindex()
            if not options["query"]:
                return
        elif not options["query"]:
            raise ValidationFailed(NOTHING_TO_DO)
        actor = AS_ROLES[options["as_role"]] if options["as_role"] else self.actor
        results = selectors.search(
            actor=actor, q=options["query"], lang=options["lang"], body=options["body"],
            doc_type=options["doc_type"], year=options["year"], status=options["status"],
            limit=options["limit"])
        if options["json"]:
            self.write_json({"q": options["query"], "results": [r.as_dict() for r in results]})
            return
        table = Table(title=f"{len(results)} found for “{escape(options['query'])}”")
        for column in ("kind", "symbol", "¶", "lang", "text"):
            table.add_column(column)
        for r in results:
            table.add_row(r.kind, r.symbol or r.meeting, str(r.paragraph or ""), r.lang,
                          _rich(r.snippet))
        Console(file=self.stdout, width=120).print(table)

    def _reindex(self) -> None:
        console = Console(file=self.stderr)
        with Progress(TextColumn("indexing documents"), BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console,
                      disable=not self.interactive_output) as bar:
            task = bar.add_task("index", total=None)
            changed = services.index_rebuild(
                progress=lambda done, total: bar.update(task, completed=done, total=total))
        self.stdout.write(str(INDEXED).format(count=changed))


def _rich(snippet: str) -> Text:
    """The HTML snippet for the terminal: <mark> as bold yellow, entities decoded."""
    text = Text()
    for i, part in enumerate(re.split(r"</?mark>", snippet)):
        text.append(html.unescape(part), style="bold yellow" if i % 2 else "")
    return text
