"""Who may do what: a delegate speaks only for its own state; outsiders read only what is released."""

from hypothesis import given
from hypothesis import strategies as st

from concilium.rules.permissions import (
    PUBLIC,
    Actor,
    Classification,
    Role,
    acts_on_behalf,
    may_act_for_state,
    may_ask_for_floor,
    may_chair,
    may_draft,
    may_give_floor,
    may_manage_registry,
    may_read,
    states_to_act_for,
)

STATES = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB", "MNG"]
INDIAN_DELEGATE = Actor("india", Role.DELEGATE, state="IND")
RUSSIAN_CHAIR = Actor("lavrov", Role.CHAIR, state="RUS")
OFFICER = Actor("officer", Role.SECRETARIAT)
OBSERVER = Actor("mongolia", Role.OBSERVER, state="MNG")

actors = st.builds(Actor, username=st.text(min_size=1, max_size=5),
                   role=st.sampled_from(list(Role)),
                   state=st.one_of(st.none(), st.sampled_from(STATES)))


@given(actors, st.sampled_from(STATES))
def test_only_the_states_own_delegation_or_the_secretariat_acts_for_it(actor, state):
    """Nobody but a delegate or chair bound to the state, or the secretariat, acts for it."""
    allowed = may_act_for_state(actor, state)
    own = actor.role in (Role.DELEGATE, Role.CHAIR) and actor.state == state
    assert allowed == (own or actor.role is Role.SECRETARIAT)


def test_the_indian_delegate_speaks_for_india_only():
    """India's delegate may record India's position, never Pakistan's."""
    assert may_act_for_state(INDIAN_DELEGATE, "IND")
    assert not may_act_for_state(INDIAN_DELEGATE, "PAK")


def test_the_secretariat_records_on_behalf_and_says_so():
    """A position the secretariat records for India is marked as recorded on its behalf."""
    assert may_act_for_state(OFFICER, "IND")
    assert acts_on_behalf(OFFICER, "IND")
    assert not acts_on_behalf(INDIAN_DELEGATE, "IND")


def test_observers_never_act_for_a_state_not_even_their_own():
    """An observer state has no say in the members' decisions."""
    assert not may_act_for_state(OBSERVER, "MNG")


def test_members_only_drafts_are_invisible_to_observers_and_the_public():
    """Members-only for delegations and the secretariat; released adds observers; public adds all."""
    assert may_read(INDIAN_DELEGATE, Classification.MEMBERS)
    assert not may_read(OBSERVER, Classification.MEMBERS)
    assert not may_read(PUBLIC, Classification.MEMBERS)
    assert may_read(OBSERVER, Classification.RELEASED)
    assert not may_read(PUBLIC, Classification.RELEASED)
    assert may_read(PUBLIC, Classification.PUBLIC)


def test_the_chair_is_the_presidencys_and_only_while_it_presides():
    """The Russian chair chairs meetings Russia chairs, not Tajikistan's."""
    assert may_chair(RUSSIAN_CHAIR, "RUS")
    assert not may_chair(RUSSIAN_CHAIR, "TJK")
    assert not may_chair(INDIAN_DELEGATE, "IND")
    assert may_chair(OFFICER, "TJK")


def test_only_the_secretariat_drafts_and_keeps_the_registry():
    """Drafting documents and keeping the registry are the secretariat's."""
    assert may_draft(OFFICER) and may_manage_registry(OFFICER)
    assert not may_draft(RUSSIAN_CHAIR) and not may_manage_registry(INDIAN_DELEGATE)


MEMBERS = ["CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB"]


def test_the_states_one_may_act_for():
    """The secretariat acts for every member; a delegation or the chair for its own state
    while it is a member; observers and the public for none."""
    assert states_to_act_for(OFFICER, MEMBERS) == MEMBERS
    assert states_to_act_for(INDIAN_DELEGATE, MEMBERS) == ["IND"]
    assert states_to_act_for(RUSSIAN_CHAIR, MEMBERS) == ["RUS"]
    assert states_to_act_for(INDIAN_DELEGATE, ["CHN", "RUS"]) == []
    assert states_to_act_for(OBSERVER, [*MEMBERS, "MNG"]) == []
    assert states_to_act_for(PUBLIC, MEMBERS) == []



@given(st.sampled_from(MEMBERS))
def test_a_delegation_asks_for_the_floor_for_its_own_state_only(state):
    """India asks for the floor for India; the chair gives it; the secretariat does either."""
    assert may_ask_for_floor(INDIAN_DELEGATE, state) == (state == "IND")
    assert may_ask_for_floor(OFFICER, state)
    assert not may_ask_for_floor(OBSERVER, state)
    assert may_give_floor(RUSSIAN_CHAIR, "RUS") and not may_give_floor(INDIAN_DELEGATE, "RUS")
