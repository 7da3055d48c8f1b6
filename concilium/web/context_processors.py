"""What every page needs: who is acting, and the kinds of live events a page may listen to."""

from django.utils.translation import gettext_lazy as _

from concilium.accounts.services import actor_for
from concilium.audit.models import Action
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
    return {"actor": actor, "live_kinds": LIVE_KINDS, "role_label": ROLE_LABELS.get(actor.role, "")}
