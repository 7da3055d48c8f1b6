"""The demo's cast on the landing page: who each demo account is and what to try with it.

Shown only in the demo (`settings.CONCILIUM_DEMO`, set by `concilium demo`): a real
installation never lists accounts. The usernames are those `concilium demo` creates.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEMO_SYMBOL = "SCO/CFM/2020/DEMO"


@dataclass(frozen=True)
class Persona:
    username: str
    who: str
    tip: str
    url: str


def personas() -> list[Persona]:
    """The demo accounts with a first thing to try, or none outside the demo."""
    if not getattr(settings, "CONCILIUM_DEMO", False):
        return []
    return [
        Persona("officer", _("Secretariat officer"),
                _("Plan a meeting, create or import a draft, circulate it, run a silence "
                  "procedure and publish the outcome."), "/documents/"),
        Persona("lavrov", _("The Russian chair (presidency 2019-20)"),
                _("In the ministers' demo text, table a compromise as the chair, open a "
                  "paragraph on the screen in the room and record what is agreed; the 2020 "
                  "ministers' session shows its decisions."),
                f"/chair/document/{DEMO_SYMBOL}?on=2020-09-10"),
        Persona("chair", _("The chair of the current presidency"),
                _("Chairs today's meetings: open a paragraph on the screen in the room and "
                  "record outcomes."), "/meetings/"),
        Persona("india", _("The Indian delegate"),
                _("Propose an amendment, record India's position, ask for the floor; you "
                  "act for India only."), f"/room/{DEMO_SYMBOL}"),
        Persona("mongolia", _("An observer (Mongolia)"),
                _("Reads what is released to observers; members-only drafts are not shown."),
                "/registry/"),
        Persona("", _("Anyone, without signing in"),
                _("Search the public archive and the registry of adopted documents."),
                "/search/"),
    ]
