"""What every page needs: who is acting, and the kinds of live events a page may listen to."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from concilium.accounts.services import actor_for
from concilium.audit.models import Action
from concilium.organization.selectors import organization_header
from concilium.rules.permissions import Role

LIVE_KINDS = " ".join(a.value for a in Action)
ROLE_LABELS = {
    Role.SECRETARIAT: _("Secretariat"),
    Role.CHAIR: _("Chair"),
    Role.DELEGATE: _("Delegate"),
    Role.OBSERVER: _("Observer"),
    Role.PUBLIC: _("Public"),
}


def concilium(request):
    user = getattr(request, "user", None)
    actor = getattr(request, "actor", None)
    if actor is None:
        actor = actor_for(user)
        request.actor = actor
    full, short, languages = organization_header((get_language() or "en").split("-")[0])
    # The language switch offers only the charter's languages ("zh" is Django's "zh-hans").
    site_languages = [{"zh": "zh-hans"}.get(code, code) for code in languages]
    return {"actor": actor, "live_kinds": LIVE_KINDS, "role_label": ROLE_LABELS.get(actor.role, ""),
            "organization_name": full, "organization_short": short,
            "site_languages": site_languages}
