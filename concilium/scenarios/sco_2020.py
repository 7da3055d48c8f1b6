"""The reference scenario `sco-2020`: the SCO's meetings of September and November 2020,
recorded through the services as the Secretariat recorded them.

The Council of National Coordinators (Moscow, 4-9 September) agrees the drafts ad
referendum; the Council of Foreign Ministers (Moscow, 10 September, chaired by Sergey
Lavrov; the President met the ministers by video the day before) agrees the package for the
heads of state, approves the Secretariat's report and hears the RATS Director; the Council
of Heads of State (video conference, 10 November, chaired by Vladimir Putin) adopts the
package. Positions are recorded by the Secretariat on behalf of the states: everyone agrees,
and India does not take part in the Belt and Road paragraphs. The texts agreed after the
ministers met go to the heads of state directly, with the Secretariat's exception to the
charter's path on record.

Loading is idempotent: when the foreign ministers' meeting is on record nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.documents.services import document_create, position_record
from concilium.meetings import models as mm
from concilium.meetings.services import (
    agenda_item_add,
    circulation_record,
    decision_record,
    delegation_compose,
    ladder_exception_record,
    meeting_create,
    meeting_status_set,
    package_submit,
    side_event_add,
)
from concilium.organization import models as om
from concilium.organization import selectors as org
from concilium.rules import grammar_ru
from concilium.rules.permissions import Actor
from concilium.scenarios import sco_2020_data as data

ALREADY_LOADED = _("Scenario {name}: already loaded (meeting {slug} is on record).")
LOADED = _("Scenario {name}: loaded {documents} documents, {meetings} meetings, "
           "{positions} positions, {decisions} decisions.")

CNC_START, CNC_END = dt.date(2020, 9, 4), dt.date(2020, 9, 9)
CFM_DAY = dt.date(2020, 9, 10)
CHS_DAY = dt.date(2020, 11, 10)
CIRCULATED = dt.date(2020, 8, 14)  # 21 days before the coordinators met
LATER_AGREED = dt.date(2020, 10, 20)


def is_loaded() -> bool:
    return mm.Meeting.objects.filter(slug=data.CFM).exists()


class Loader:
    """Records the scenario step by step; `steps()` lets a caller show progress."""

    def __init__(self, acting_user: Actor):
        self.actor = acting_user
        self.symbols: dict[str, list[str]] = {}
        self.outside: dict[str, dict[int, list[str]]] = {}
        self.counts = {"documents": 0, "meetings": 0, "positions": 0, "decisions": 0}

    # --- documents ------------------------------------------------------------------

    def _create(self, group: str, spec: dict, *, body: str = "secretariat") -> str:
        paragraphs, outside = [], {}
        for i, par in enumerate(spec["paragraphs"], start=1):
            par = dict(par)
            if par.get("outside"):
                outside[i] = par.pop("outside")
            paragraphs.append(par)
        doc = document_create(doc_type=spec["doc_type"], body=spec.get("body", body),
                              titles=spec["titles"], lang="en", paragraphs=paragraphs,
                              symbol=spec["symbol"], acting_user=self.actor,
                              note="scenario sco-2020")
        self.symbols.setdefault(group, []).append(doc.symbol)
        self.outside[doc.symbol] = outside
        self.counts["documents"] += 1
        return doc.symbol

    def documents(self) -> None:
        self._create("package", data.DECLARATION)
        for i, (key, subject) in enumerate(data.DECISIONS, start=1):
            group = "areas" if key in data.AREA_DECISIONS else "package"
            symbol = self._create(group, {
                "symbol": f"SCO/CHS/2020/DEC.{i}", "doc_type": "decision",
                "titles": data._decision(subject), "paragraphs": [data.DECISION_TEXT]})
            if group == "areas":
                self.symbols["package"].append(symbol)
        for i, (_key, subject) in enumerate(data.STATEMENTS, start=1):
            self._create("package", {
                "symbol": f"SCO/CHS/2020/STAT.{i}", "doc_type": "statement",
                "titles": data._statement(subject), "paragraphs": [data.STATEMENT_TEXT]})
        self._create("action-plan", data.ACTION_PLAN)
        self.symbols["package"].append(data.ACTION_PLAN["symbol"])
        for slug, in_package in data.MEMORANDA:
            symbol = self._memorandum("memoranda", slug)
            if in_package:
                self.symbols["package"].append(symbol)
        self._create("report", data.REPORT)
        self._create("press-release", data.PRESS_RELEASE)
        for symbol in self.cfm_documents():
            circulation_record(document=symbol, date=CIRCULATED, acting_user=self.actor)

    def _memorandum(self, group: str, slug: str) -> str:
        partner = om.PartnerOrganization.objects.get(slug=slug)
        titles = {lang: text.format(name=partner.name(lang), short=partner.short(lang))
                  for lang, text in data.MEMORANDUM_TITLE.items()}
        return self._create(group, {
            "symbol": f"SCO/SEC/2020/MOU.{slug.upper()}", "doc_type": "memorandum",
            "titles": titles, "paragraphs": [data.MEMORANDUM_TEXT]})

    def cfm_documents(self) -> list[str]:
        seen: dict[str, None] = {}
        for group in ("package", "areas", "action-plan", "memoranda", "report",
                      "press-release"):
            seen.update(dict.fromkeys(self.symbols.get(group, [])))
        return list(seen)

    def agree(self, symbol: str, day: dt.date, *, ad_referendum: bool) -> None:
        """Every member agrees to the whole text; named states stay out of a paragraph.

        At a meeting silence is not consent (the charter's `decisions.silence`), so every
        member's agreement is written down on the whole text, which carries to each
        paragraph, and a state that stays out of a paragraph says so on it.
        """
        for par, outside in self.outside.get(symbol, {}).items():
            for code in outside:
                position_record(symbol=symbol, state=code, stance="not_participating",
                                paragraph=par, on=day, ad_referendum=ad_referendum,
                                acting_user=self.actor)
                self.counts["positions"] += 1
        for code in data.MEMBERS:
            position_record(symbol=symbol, state=code, stance="agree", on=day,
                            ad_referendum=ad_referendum, acting_user=self.actor)
            self.counts["positions"] += 1

    # --- meetings -------------------------------------------------------------------

    def cfm(self) -> None:
        meeting_create(body="cfm", start=CFM_DAY, city=data.MOSCOW, host_state="RUS",
                       acting_user=self.actor)
        self.counts["meetings"] += 1
        side_event_add(meeting=data.CFM, acting_user=self.actor, **data.SIDE_EVENT)
        # Each member state's delegation, headed by its foreign minister: by name where the
        # registry has the minister on record that day, else by title. The sources name no
        # members, advisers or credentials; none are recorded.
        officials = org.officials_on(CFM_DAY)
        for code in data.MEMBERS:
            minister = next((o for o in officials
                             if o.office.slug == "foreign-minister" and o.state_id
                             and o.state.code == code), None)
            delegation_compose(meeting=data.CFM, state=code,
                               head=minister.name("en") if minister else None,
                               head_title=None if minister else self._minister_title(code),
                               acting_user=self.actor)
        for item in data.CFM_AGENDA:
            documents = [s for group in item["documents"] for s in self.symbols.get(group, [])]
            agenda_item_add(meeting=data.CFM, titles=item["titles"],
                            decision_sought=item["sought"], documents=documents,
                            reporter=item.get("reporter"), notes=item.get("notes"),
                            acting_user=self.actor)

    @staticmethod
    def _minister_title(code: str) -> dict[str, str]:
        """"Minister of Foreign Affairs of India", in each language, from the registry."""
        office = om.Office.objects.get(slug="foreign-minister")
        state = org.state_get(code)
        return {"en": f"{office.name('en')} of {state.name('en')}",
                "ru": f"{office.name('ru')} {grammar_ru.inflect(state.name('ru'), 'gent')}",
                "zh": f"{state.name('zh')}{office.name('zh')}"}

    def cnc(self) -> None:
        meeting_create(body="cnc", start=CNC_START, end=CNC_END, city=data.MOSCOW,
                       host_state="RUS", acting_user=self.actor)
        self.counts["meetings"] += 1
        agenda_item_add(meeting=data.CNC, titles=data.CNC_AGENDA_TITLE,
                        decision_sought="discuss", documents=self.cfm_documents(),
                        acting_user=self.actor)
        for symbol in self.cfm_documents():
            self.agree(symbol, CNC_END, ad_referendum=True)
        self._decide(meeting=data.CNC, item=1, kind="agreed_ad_ref", on=CNC_END)
        meeting_status_set(meeting=data.CNC, status="closed", acting_user=self.actor)

    def _decide(self, **kwargs) -> None:
        self.counts["decisions"] += len(decision_record(acting_user=self.actor, **kwargs))

    def cfm_decisions(self) -> None:
        numbers = {item["key"]: n for n, item in enumerate(data.CFM_AGENDA, start=1)}
        package = package_submit(meeting=data.CFM, item=numbers["chs"],
                                 symbol=data.PACKAGE["symbol"], titles=data.PACKAGE["titles"],
                                 on=CFM_DAY, acting_user=self.actor)
        self.counts["decisions"] += package.documents.count()
        self._decide(meeting=data.CFM, item=numbers["report"], kind="approved",
                     document=data.REPORT["symbol"], on=CFM_DAY)
        self._decide(meeting=data.CFM, item=numbers["rats"], kind="heard_report", on=CFM_DAY)
        meeting_status_set(meeting=data.CFM, status="closed", acting_user=self.actor)

    def later_documents(self) -> None:
        offset = len(data.STATEMENTS)
        for i, (_key, subject) in enumerate(data.LATER_STATEMENTS, start=offset + 1):
            self._create("later", {
                "symbol": f"SCO/CHS/2020/STAT.{i}", "doc_type": "statement",
                "titles": data._statement(subject), "paragraphs": [data.STATEMENT_TEXT]})
        for slug in data.LATER_MEMORANDA:
            self._memorandum("later", slug)
        for symbol in self.symbols["later"]:
            circulation_record(document=symbol, date=LATER_AGREED, acting_user=self.actor)
            self.agree(symbol, LATER_AGREED, ad_referendum=False)
            # They never came before the coordinators or the ministers: the Secretariat
            # records why the heads of state take them up all the same.
            for body in ("cnc", "cfm"):
                ladder_exception_record(document=symbol, body=body,
                                        reason=data.LATER_EXCEPTION_REASON,
                                        acting_user=self.actor)

    def chs(self) -> None:
        meeting = meeting_create(body="chs", start=CHS_DAY, format="video", host_state="RUS",
                                 acting_user=self.actor)
        self.counts["meetings"] += 1
        # The package the ministers submitted is already on the agenda (the pipeline put it
        # there); the documents agreed since are added beside it.
        agenda_item_add(meeting=data.CHS, titles=data.CHS_LATER_ITEM, decision_sought="adopt",
                        documents=self.symbols["later"], acting_user=self.actor)
        for item in meeting.agenda.order_by("number"):
            self._decide(meeting=data.CHS, item=item.number, kind="adopted", on=CHS_DAY)
        meeting_status_set(meeting=data.CHS, status="closed", acting_user=self.actor)

    def steps(self) -> list[tuple[str, Callable[[], None]]]:
        return [
            ("documents", self.documents),
            ("CFM agenda", self.cfm),
            ("CNC", self.cnc),
            ("CFM decisions", self.cfm_decisions),
            ("later documents", self.later_documents),
            ("CHS", self.chs),
        ]


def run(loader: Loader, *, on_step: Callable[[str], None] | None = None) -> dict[str, int]:
    """Run every step of `loader` in one transaction (all or nothing); the counts written.

    `on_step` is called with each step's name once it is done (for a progress bar).
    """
    with transaction.atomic():
        for name, step in loader.steps():
            step()
            if on_step:
                on_step(name)
    return loader.counts


def load(*, acting_user: Actor, on_step: Callable[[str], None] | None = None
         ) -> dict[str, int] | None:
    """Record the scenario; the counts written, or None when it is already loaded."""
    if is_loaded():
        return None
    return run(Loader(acting_user), on_step=on_step)
