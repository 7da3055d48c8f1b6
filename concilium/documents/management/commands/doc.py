"""`concilium doc ...`: list, show, import, record positions, consensus and redlines.

Acts as the secretariat (SYSTEM); refusals print one line and exit 2.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext_lazy as _
from rich.console import Console
from rich.table import Table

from concilium.core.commands import ConciliumCommand
from concilium.core.dates import parse_date
from concilium.documents import selectors, services
from concilium.rules import negotiation

CANNOT_READ = _("file: cannot read '{path}': {reason}.")
OUTDATED_MARK = _("[outdated: another language version changed since] ")
MISSING_MARK = _("[missing: no {lang} version yet]")
NOT_CURRENT = _("{count} paragraph(s) not current in {lang}: the translation is outdated or "
                "missing.")
CLEAN_OR_BRACKETS = _("--clean and --brackets cannot be used together.")
AUTHOR_KNOWN = _("Tracked changes by '{name}' ({count}): proposals of {state}.")
AUTHOR_UNKNOWN = _("Tracked changes by '{name}' ({count}): no state has this name, so they "
                   "are the secretariat's proposals; to assign them, import again with "
                   "--author \"{name}=STATE CODE\".")


class Command(ConciliumCommand):
    help = "Negotiated documents: list, show, import, position, consensus, redline."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)

        p = sub.add_parser("list", help="documents, with status and version")
        p.add_argument("--json", action="store_true")

        p = sub.add_parser("show", help="a document's text")
        p.add_argument("symbol")
        p.add_argument("--lang")
        p.add_argument("--rev", type=int, help="a version number (0 is the original)")
        mode = p.add_mutually_exclusive_group()
        mode.add_argument("--clean", action="store_true", help="bracket marks removed")
        mode.add_argument("--brackets", action="store_true",
                          help="only the paragraphs that hold brackets")
        p.add_argument("--json", action="store_true")

        p = sub.add_parser("import", help="create a draft from .txt, .md or .docx")
        p.add_argument("path")
        p.add_argument("--type", required=True, dest="doc_type")
        p.add_argument("--body", required=True)
        p.add_argument("--lang", required=True)
        p.add_argument("--symbol")
        p.add_argument("--title")
        p.add_argument("--classification", default="members",
                       choices=["members", "released", "public"])
        p.add_argument("--author", action="append", default=[], dest="authors",
                       metavar="NAME=STATE",
                       help="whose tracked changes are whose: 'Indian delegation=IND' "
                            "(repeatable; names and aliases of the states are recognised)")

        p = sub.add_parser("position", help="record a state's position (on its behalf)")
        p.add_argument("symbol")
        p.add_argument("--state", required=True)
        p.add_argument("--paragraph", type=int)
        p.add_argument("--on", help="the date (YYYY-MM-DD); default: the session of the act")
        p.add_argument("--ad-referendum", action="store_true")
        stance = p.add_mutually_exclusive_group(required=True)
        stance.add_argument("--agree", action="store_true")
        stance.add_argument("--view", metavar="TEXT")
        stance.add_argument("--not-participating", action="store_true")
        stance.add_argument("--object", metavar="REASON")

        p = sub.add_parser("consensus", help="the outcome per paragraph and as a whole")
        p.add_argument("symbol")
        p.add_argument("--on")
        p.add_argument("--lang")
        p.add_argument("--json", action="store_true")

        p = sub.add_parser("redline", help="compare two versions")
        p.add_argument("symbol")
        p.add_argument("--from", dest="from_rev", type=int, required=True)
        p.add_argument("--to", dest="to_rev", type=int, required=True)
        p.add_argument("--lang")
        p.add_argument("--format", choices=["txt", "html", "json"], default="txt")

    def handle(self, *args, **options):
        getattr(self, "do_" + options["action"])(options)

    @property
    def console(self) -> Console:
        return Console(file=self.stdout, soft_wrap=True, highlight=False,
                       force_terminal=False, width=120)

    # --- subcommands ---

    def do_list(self, o):
        docs = selectors.document_list(actor=self.actor)
        rows = [{"symbol": d.symbol, "type": d.doc_type.slug, "body": d.origin_body.slug,
                 "title": d.title("en"), "status": d.status,
                 "classification": d.classification, "version": d.version} for d in docs]
        if o["json"]:
            return self.write_json(rows)
        table = Table("symbol", "type", "body", "title", "status", "classification", "version")
        for r in rows:
            table.add_row(*(str(v) for v in r.values()))
        self.console.print(table)

    def do_show(self, o):
        doc = selectors.document_get(o["symbol"], actor=self.actor)
        lang = o["lang"] or doc.original_language
        selectors.language_check(lang)
        version = selectors.version_get(doc, o["rev"]) if o["rev"] is not None else None
        if version is not None:
            pars = [(p["number"], p["texts"].get(lang, ""), None) for p in version.snapshot]
            label = version.label
        else:
            # The working text says, per paragraph, whether this language version is current,
            # outdated (another language changed since) or missing: a stale translation is
            # never shown as if it were the text.
            pars = [(p.number, p.texts[lang].text, p.texts[lang].status)
                    for p in selectors.document_paragraphs(doc)]
            label = doc.revision_label or "original"
        out = []
        for number, text, status in pars:
            tree = negotiation.parse(text) if text else negotiation.ParagraphText()
            if o["brackets"] and tree.is_clean:
                continue
            shown = tree.clean_text() if o["clean"] else text
            row = {"number": number, "text": shown, "brackets": tree.bracket_count,
                   "owners": sorted(tree.owners())}
            if status is not None:
                row["translation"] = status
            out.append(row)
        if o["json"]:
            return self.write_json({"symbol": doc.symbol, "title": doc.title(lang),
                                    "version": label, "lang": lang, "status": doc.status,
                                    "paragraphs": out})
        self.stdout.write(f"{doc.symbol} ({label}, {lang}) — {doc.title(lang)}")
        marks = {selectors.Translation.OUTDATED: OUTDATED_MARK,
                 selectors.Translation.MISSING: MISSING_MARK}
        stale = 0
        for p in out:
            self.stdout.write("")
            mark = str(marks.get(p.get("translation"), "")).format(lang=lang)
            stale += bool(mark)
            self.stdout.write(f"{p['number']}. {mark}{p['text']}")
        if stale:
            self.stderr.write(str(NOT_CURRENT).format(count=stale, lang=lang))

    def do_import(self, o):
        path = Path(o["path"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(str(CANNOT_READ).format(path=path, reason=error.strerror
                                                       or error), returncode=2) from None
        doc = services.document_import(
            content=content, filename=path.name, doc_type=o["doc_type"], body=o["body"],
            lang=o["lang"], symbol=o["symbol"], title=o["title"],
            classification=o["classification"], authors=o["authors"], acting_user=self.actor)
        self.stdout.write(doc.symbol)
        # The symbol alone on stdout, for scripts; who made the tracked changes on stderr.
        for author in doc.tracked_authors:
            if author.known:
                self.stderr.write(str(AUTHOR_KNOWN).format(
                    name=author.name, state=author.state, count=author.changes))
            else:
                self.stderr.write(str(AUTHOR_UNKNOWN).format(
                    name=author.name, count=author.changes))

    def do_position(self, o):
        if o["agree"]:
            stance, text = "agree", ""
        elif o["view"] is not None:
            stance, text = "view", o["view"]
        elif o["not_participating"]:
            stance, text = "not_participating", ""
        else:
            stance, text = "object", o["object"]
        row = services.position_record(
            symbol=o["symbol"], state=o["state"], stance=stance, text=text,
            paragraph=o["paragraph"], ad_referendum=o["ad_referendum"],
            on=parse_date(o["on"], field="on"), acting_user=self.actor)
        where = f"paragraph {o['paragraph']}" if o["paragraph"] else "the document"
        self.stdout.write(f"Recorded: {row.state.code} {stance} on {where} "
                          f"(position {row.pk}, on behalf).")

    def do_consensus(self, o):
        doc = selectors.document_get(o["symbol"], actor=self.actor)
        result = selectors.document_consensus(doc, on=parse_date(o["on"], field="on"),
                                              lang=o["lang"])
        data = selectors.consensus_as_dict(result)
        if o["json"]:
            return self.write_json(data)
        table = Table("¶", "status", "agreeing", "with a view", "not participating",
                      "objecting", "silent", "brackets")
        for p in data["paragraphs"]:
            table.add_row(str(p["number"]), p["status"], ", ".join(p["agreeing"]),
                          "; ".join(f"{x['state']}: {x['text']}" for x in p["views"]),
                          ", ".join(p["not_participating"]),
                          "; ".join(f"{x['state']}: {x['reason']}" for x in p["objections"]),
                          ", ".join(p["silent"]), str(p["brackets"]))
        self.console.print(table)
        whole = data["outcome"]
        self.stdout.write(f"Document {doc.symbol}: {whole['status']} under {data['rule']} "
                          f"on {data['on']}; {data['brackets']} bracket(s); agreed "
                          f"{len(data['agreed'])}/{len(data['paragraphs'])} paragraphs"
                          + ("; agreed ad referendum" if data["ad_referendum"] else "") + ".")
        for label, key in (("agreeing", "agreeing"), ("with a view", "with_view"),
                           ("not participating", "not_participating"),
                           ("objecting", "objecting"), ("silent", "silent")):
            self.stdout.write(f"  {label}: {', '.join(whole[key]) or '-'}")
        for reason in whole["reasons"]:
            self.stdout.write(f"  - {reason}")

    def do_redline(self, o):
        doc = selectors.document_get(o["symbol"], actor=self.actor)
        result = selectors.document_redline(doc, from_rev=o["from_rev"], to_rev=o["to_rev"],
                                            lang=o["lang"])
        if o["format"] == "json":
            return self.write_json(result.as_json())
        self.stdout.write(result.as_html() if o["format"] == "html" else result.as_text())
