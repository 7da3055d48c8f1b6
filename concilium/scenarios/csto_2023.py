"""The scenario `csto-2023`: one meeting of the Collective Security Treaty Organization's
Council of Foreign Ministers, recorded through the services, for an installation set up
from the CSTO charter (`concilium init --charter csto`).

Illustrative, not a record of a real session: the Council meets in Minsk during the
Belarusian chairmanship; the Secretary-General reports; the ministers agree the points of
their press release (Armenia staying out of one) and approve a statement. It shows the
composer, the exports and the pages working for an organization with other bodies, another
rotation rule and Russian as its only language.

Loading is idempotent: when the meeting is on record nothing is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import SimpleNamespace

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from concilium.documents.services import document_create, position_record
from concilium.meetings import models as mm
from concilium.meetings.services import (
    agenda_item_add,
    decision_record,
    delegation_add,
    meeting_create,
)
from concilium.rules.permissions import Actor

ALREADY_LOADED = _("Scenario {name}: already loaded (meeting {slug} is on record).")
LOADED = _("Scenario {name}: loaded {documents} documents, {meetings} meetings, "
           "{positions} positions, {decisions} decisions.")

DAY = dt.date(2023, 6, 1)
MEMBERS = ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")
data = SimpleNamespace(CFM=f"cfm-{DAY.isoformat()}")

POINTS = [
    "отметили, что ОДКБ остаётся важным инструментом обеспечения региональной безопасности.",
    "подтвердили приверженность укреплению коллективных сил оперативного реагирования.",
    "выступили за углубление сотрудничества в борьбе с незаконным оборотом наркотиков.",
]
STATEMENT = ("Министры иностранных дел государств – членов ОДКБ заявляют о поддержке "
             "политико-дипломатических усилий по урегулированию конфликтов в регионе.")


def is_loaded() -> bool:
    return mm.Meeting.objects.filter(slug=data.CFM).exists()


class Loader:
    """Records the scenario step by step; `steps()` lets a caller show progress."""

    def __init__(self, actor: Actor):
        self.actor = actor
        self.counts = {"documents": 0, "meetings": 0, "positions": 0, "decisions": 0}

    def steps(self) -> list[tuple[str, Callable[[], None]]]:
        return [("meeting", self.meeting), ("documents", self.documents),
                ("positions", self.positions), ("decisions", self.decisions)]

    def meeting(self) -> None:
        meeting_create(body="cfm", start=DAY, city="Minsk", acting_user=self.actor)
        for code in MEMBERS:
            delegation_add(meeting=data.CFM, state=code, acting_user=self.actor)
        self.counts["meetings"] += 1

    def documents(self) -> None:
        self.points = document_create(
            doc_type="press-release", body="cfm", lang="ru", acting_user=self.actor,
            titles={"ru": "Положения информационного сообщения СМИД ОДКБ"},
            paragraphs=POINTS)
        self.statement = document_create(
            doc_type="statement", body="cfm", lang="ru", acting_user=self.actor,
            titles={"ru": "Заявление министров иностранных дел государств – членов ОДКБ "
                          "о политико-дипломатическом урегулировании конфликтов"},
            paragraphs=[STATEMENT])
        agenda_item_add(meeting=data.CFM, decision_sought="discuss",
                        documents=[self.points.symbol],
                        titles={"ru": "О текущей ситуации в зоне ответственности ОДКБ"},
                        acting_user=self.actor)
        agenda_item_add(meeting=data.CFM, decision_sought="approve",
                        documents=[self.statement.symbol], acting_user=self.actor)
        agenda_item_add(meeting=data.CFM, decision_sought="hear_report",
                        reporter="Imangali Tasmagambetov",
                        titles={"ru": "О деятельности Секретариата ОДКБ"},
                        acting_user=self.actor)
        self.counts["documents"] += 2

    def positions(self) -> None:
        position_record(symbol=self.points.symbol, state="ARM", stance="not_participating",
                        paragraph=2, on=DAY, acting_user=self.actor)
        self.counts["positions"] += 1
        for doc in (self.points, self.statement):
            for code in MEMBERS:
                position_record(symbol=doc.symbol, state=code, stance="agree", on=DAY,
                                acting_user=self.actor)
                self.counts["positions"] += 1

    def decisions(self) -> None:
        for item, kind in ((2, "approved"), (3, "heard_report")):
            self.counts["decisions"] += len(decision_record(
                meeting=data.CFM, item=item, kind=kind, on=DAY, acting_user=self.actor))


@transaction.atomic
def run(loader: Loader, *, on_step: Callable[[str], None] | None = None) -> dict[str, int]:
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
