"""Compose a text (press release, communique or declaration skeleton, minutes) of a meeting.

The records are gathered once (`records.gather`), turned into plain strings in one language
(`context_for`), and phrased by a Django template, the most specific one winning:
`outcomes/compose/<kind>.<body>.<lang>.txt`, then `<kind>.<lang>.txt`, then `<kind>.txt`.
A template writes one paragraph per line; its first line is the title.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.template import Context, Engine
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from concilium.core.errors import Forbidden, ValidationFailed
from concilium.meetings import models as m
from concilium.meetings.minutes import minutes
from concilium.meetings.selectors import meeting_get
from concilium.organization import selectors as org
from concilium.organization.extras import official_title, partner_name, place_name
from concilium.organization.models import pick_name
from concilium.outcomes.composer import correspondence, language
from concilium.outcomes.composer.records import Records, gather
from concilium.outcomes.exporters.html import DJANGO_LANGUAGE
from concilium.outcomes.exporters.text import ExportParagraph, ExportText, check_language
from concilium.rules.permissions import Actor, may_publish

KINDS = ("press-release", "communique", "minutes", "note-verbale", "participants")
UNKNOWN_KIND = _("kind: '{value}' is not one of {known}.")
ONLY_PUBLISHERS = _("Only the secretariat or the chair composes outcome texts.")
EMPTY_TEMPLATE = _("template {name} wrote nothing.")


@dataclass
class ComposedText:
    """A composed text in one language: a title and its paragraphs."""

    kind: str
    meeting: str
    lang: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    template: str = ""
    body: str = ""
    body_slug: str = ""
    organization: str = ""
    date: object = None
    doc_type_name: str = ""  # the registry's name of the kind, in `lang`
    number: str = ""  # a note verbale's number in the registry of correspondence
    note: str = ""  # a note verbale's kind: convocation, circulation

    def as_text(self) -> str:
        return "\n\n".join([self.title, *self.paragraphs]) + "\n"

    def export_text(self, *, doc_type_name: str = "", symbol: str = "") -> ExportText:
        """The exporters' view of this text, so any format (HTML, PDF, DOCX) can render it
        (the type named as the registry names it, unless `doc_type_name` is given)."""
        return ExportText(
            title=self.title, symbol=symbol or self.number or f"{self.meeting}/{self.kind}",
            doc_type=self.kind, lang=self.lang, organization=self.organization,
            body=self.body, revision="",
            paragraphs=[ExportParagraph(i, text) for i, text in
                        enumerate(self.paragraphs, start=1)],
            date=self.date, date_name="meeting",
            doc_type_name=doc_type_name or self.doc_type_name,
            author=self.body_slug)


@lru_cache(maxsize=1)
def engine() -> Engine:
    """A plain-text template engine: no autoescaping, the composer's filters built in."""
    dirs = [d for t in settings.TEMPLATES for d in t.get("DIRS", [])]
    return Engine(dirs=dirs, app_dirs=True, autoescape=False,
                  builtins=["concilium.outcomes.composer.filters"])


def template_names(kind: str, body: str, lang: str) -> list[str]:
    """From the most specific template to the least."""
    base = "outcomes/compose"
    return [f"{base}/{kind}.{body}.{lang}.txt", f"{base}/{kind}.{lang}.txt", f"{base}/{kind}.txt"]


def _names(codes, names: dict[str, str], order) -> list[str]:
    return [names.get(c, c) for c in language.ordered(names, order, codes)]


def _official(official, lang: str, extras: dict | None = None) -> dict:
    """An official as a sentence names them: title from the registry ("President"), name,
    state; the office's own name when the registry gives no title."""
    if official is None:
        return {}
    return {"name": official.name(lang), "office": official_title(official, lang, extras or {}),
            "state": official.state.name(lang) if official.state else ""}


def _meeting(meeting: m.Meeting, lang: str, extras: dict | None = None) -> dict:
    return {
        "slug": meeting.slug, "body": meeting.body.name(lang), "short": meeting.body.short(lang),
        "dates": language.format_span(meeting.start, meeting.end, lang),
        "city": place_name(meeting.city, lang, extras or {}),
        "video": meeting.format == m.MeetingFormat.VIDEO,
        "hybrid": meeting.format == m.MeetingFormat.HYBRID,
        "chair_state": meeting.chair_state.name(lang) if meeting.chair_state else "",
        "chair": _official(meeting.chair_official, lang, extras),
        "host": meeting.host_state.name(lang) if meeting.host_state else "",
        "extraordinary": meeting.extraordinary,
    }


def _whole_sentence(texts: dict[str, str]) -> bool:
    """A paragraph that opens with a capital in a cased language has its own subject ("We,
    the Ministers, ..."): it is given as it stands, in every language."""
    return any((texts.get(code) or "")[:1].isupper() for code in ("en", "ru"))


def delegations_of(records: Records, lang: str, extras: dict) -> list[dict]:
    return [{"who": d.state.name(lang) if d.state else d.organization.short(lang),
             "head": _official(d.head, lang, extras) or {"name": org_pick(d.head_name, lang)}}
            for d in records.delegations]


def _attendance(d: dict, lang: str) -> str:
    """One delegation as the minutes list it: "China (headed by the Minister of Foreign
    Affairs, Wang Yi)", "Китая (глава делегации — Министр иностранных дел Ван И)"."""
    head = d["head"]
    if lang == "ru":
        who = language.ru_case(d["who"], "gent")
        return who + (f" (глава делегации — {head.get('office', '')} {head['name']})".replace(
            "—  ", "— ") if head.get("name") else "")
    if lang == "zh":
        return d["who"] + "代表团" + (f"（团长：{head.get('office', '')}{head['name']}）"
                                     if head.get("name") else "")
    if not head.get("name"):
        return d["who"]
    office = f"the {head['office']}, " if head.get("office") else ""
    return f"{d['who']} (headed by {office}{head['name']})"


def context_for(records: Records, lang: str) -> dict:
    """The records as plain strings in one language, ready to phrase."""
    meeting = records.meeting
    extras = records.extras
    names, order = records.names[lang], records.order[lang]
    items = []
    for it in records.items:
        item = it.item
        groups = []
        for g in it.groups:
            titles = [d.title(lang) for d in g.documents]
            split = language.split_titles(titles) if lang != "zh" else None
            groups.append({
                "common": split[0] if split else "", "subjects": split[1] if split else [],
                "type": g.doc_type, "type_name": g.documents[0].doc_type.name(lang),
                "titles": titles, "count": len(g.documents),
                "approver": g.documents[0].approving_body.name(lang),
                "partners": [partner_name(p, lang, extras) for p in g.partners]})
        kinds = it.kinds
        items.append({
            "number": item.number, "title": item.title(lang),
            "title_lc": language.lcfirst(item.title(lang)),
            "sought": item.decision_sought, "notes": item.notes.get(lang, "") if item.notes else "",
            "reporter": _official(item.reporter, lang, extras), "groups": groups,
            "documents": it.total,
            "submitted": m.DecisionKind.AGREED_SUBMITTED in kinds,
            "submitted_to": it.submitted_to.name(lang) if it.submitted_to else "",
            "approved": m.DecisionKind.APPROVED in kinds,
            "adopted": m.DecisionKind.ADOPTED in kinds,
            "heard": m.DecisionKind.HEARD_REPORT in kinds,
            "noted": m.DecisionKind.TOOK_NOTE in kinds,
            "agreed_ad_ref": m.DecisionKind.AGREED_AD_REF in kinds,
            "points": [{"text": p.texts.get(lang, ""), "whole": _whole_sentence(p.texts),
                        "states": _names(p.named, names, order)} for p in it.points],
            "decisions": [{
                "kind": d.kind, "date": language.format_date(d.date, lang),
                "document": d.document.title(lang) if d.document_id else "",
                "symbol": d.document.symbol if d.document_id else "",
                "to": d.submitted_to.name(lang) if d.submitted_to_id else ""}
                for d in it.decisions],
            "absences": [{
                "states": _names(p.absent, names, order), "number": p.number,
                "document": p.document.title(lang), "symbol": p.document.symbol}
                for p in it.points if p.absent],
            "views": [{"state": names.get(code, code), "number": p.number,
                       "document": p.document.title(lang), "text": text}
                      for p in it.points for code, text in p.views],
        })
    preparatory = [{**_meeting(prep, lang, extras), "documents": count}
                   for prep, count in records.preparatory]
    side_events = []
    for e in records.side_events:
        side_events.append({
            "title": org_pick(e.titles, lang), "date": language.format_date(e.date, lang),
            "eve": (meeting.start - e.date).days == 1, "video": e.format == m.MeetingFormat.VIDEO,
            "host": _official(e.host_official, lang, extras)})
    attendance = [_attendance(d, lang) for d in delegations_of(records, lang, extras)]
    delegations = [{
        "who": d.state.name(lang) if d.state else d.organization.short(lang),
        "state": bool(d.state), "members": list(d.members or []),
        "head": _official(d.head, lang, extras)
        or {"name": org_pick(d.head_name, lang)}} for d in records.delegations]
    count = records.draft_count
    following = (records.next_presidency.state.name(lang) if records.next_presidency else "")
    if following and any(following in p["text"] for i in items for p in i["points"]):
        following = ""  # an agreed paragraph already says who takes the presidency
    return {
        "lang": lang, "organization": records.organization.name(lang),
        "org_short": records.organization.short_names.get(lang)
        or records.organization.name(lang),
        "meeting": _meeting(meeting, lang, extras),
        "date": language.format_date(meeting.end, lang),
        "preparatory": preparatory, "side_events": side_events, "items": items,
        "delegations": delegations, "attendance": attendance,
        "members": _names(records.members, names, order),
        "presidency": records.presidency.state.name(lang) if records.presidency else "",
        "next_presidency": following,
        "commend": bool(records.presidency and records.last_of_term
                        and records.presidency.state_id == meeting.chair_state_id),
        "draft_count": count,
        # "over 20" for 21-29 documents; the exact number otherwise.
        "draft_over": count // 10 * 10 if count > 10 and count % 10 else 0,
        "points": [p for i in items for p in i["points"]],
        "source_titles": [d.title(lang) for d in records.sources],
    }


def org_pick(names: dict, lang: str) -> str:
    return pick_name(names or {}, lang, "")


_SPACES = re.compile(r"[ \t]+")


def paragraphs_of(rendered: str, lang: str) -> list[str]:
    """One paragraph per non-blank line, spacing tidied (and none around Chinese text)."""
    out = []
    for line in rendered.splitlines():
        line = _SPACES.sub(" ", line).strip()
        line = re.sub(r" ([,.;:)])", r"\1", line)
        if lang == "zh":
            line = re.sub(r"\s*([，。；：、（）“”])\s*", r"\1", line)
        if lang == "ru":  # a sentence that ends with a year: "2020 г.", not "2020 г.."
            line = line.replace(" г..", " г.")
        if line:
            out.append(line)
    return out


def check_kind(kind: str) -> str:
    """`kind` if it is one of KINDS; else 422 naming `kind`."""
    if kind not in KINDS:
        raise ValidationFailed(UNKNOWN_KIND, field="kind", value=kind, known=", ".join(KINDS))
    return kind


def compose(kind: str, meeting: m.Meeting | str, *, lang: str, actor: Actor,
            note: str | None = None, number: str = "",
            date: dt.date | None = None) -> ComposedText:
    """Compose one kind of text of a meeting in one language, from its records.

    A note verbale (`kind` "note-verbale") is of a `note` kind (convocation, circulation),
    dated `date` and numbered `number` once issued (a preview has no number)."""
    check_kind(kind)
    if kind == "note-verbale":
        correspondence.check_note(note)
    if not may_publish(actor):
        raise Forbidden(ONLY_PUBLISHERS)
    if isinstance(meeting, str):
        meeting = meeting_get(meeting, actor=actor)
    lang = check_language(lang, org.charter().languages)
    return compose_all(kind, meeting, langs=(lang,), actor=actor, note=note, number=number,
                       date=date)[lang]


def compose_all(kind: str, meeting: m.Meeting, *, langs: tuple[str, ...], actor: Actor,
                note: str | None = None, number: str = "",
                date: dt.date | None = None) -> dict[str, ComposedText]:
    """The same text in several languages from one reading of the records."""
    records = gather(meeting, kind=kind, actor=actor)
    facts = None
    if kind == "note-verbale":
        facts = correspondence.note_facts(records, note=correspondence.check_note(note),
                                          number=number, date=date or records.meeting.start)
    out = {}
    for lang in langs:
        context = context_for(records, lang)
        if facts is not None:
            context.update(correspondence.note_context(records, facts, lang))
        elif kind == "participants":
            context.update(correspondence.participants_context(records, lang))
        if kind == "minutes":  # the votes and the exceptions to the rules, as the minutes say
            recorded = minutes(records.meeting, lang, actor=actor)
            context["votes"], context["exceptions"] = recorded.votes, recorded.exceptions
        template = engine().select_template(
            template_names(f"{kind}-{note}" if facts else kind, records.meeting.body.slug,
                           lang))
        with translation.override(DJANGO_LANGUAGE.get(lang, lang)):
            rendered = template.render(Context(context, autoescape=False))
        lines = paragraphs_of(rendered, lang)
        if not lines:
            raise ValidationFailed(EMPTY_TEMPLATE, field="kind", name=template.origin.name)
        out[lang] = ComposedText(
            kind=kind, meeting=records.meeting.slug, lang=lang, title=lines[0],
            paragraphs=lines[1:], template=template.origin.template_name,
            body=records.meeting.body.name(lang), body_slug=records.meeting.body.slug,
            organization=records.organization.name(lang),
            date=facts.date if facts else records.meeting.end, number=number,
            note=facts.note if facts else "",
            doc_type_name=records.doc_type.name(lang) if records.doc_type else "")
    return out
