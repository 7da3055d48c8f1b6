"""Who am I: the API's view of the caller."""

from ninja import Router, Schema

from concilium.accounts.auth import actor_of

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    role: str
    state: str | None
    organization: str | None


@router.get("/me", response=MeOut, summary="The caller as the API sees them")
def me(request):
    actor = actor_of(request)
    return MeOut(username=actor.username, role=str(actor.role), state=actor.state,
                 organization=actor.organization)
