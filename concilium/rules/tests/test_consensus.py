"""Specification of how the secretariat decides a text under SCO Charter Art. 16.

Personas are the eight member states of 2020 and four observers of that year.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from concilium.rules.consensus import (
    CONCERNED_REQUIRED,
    NOBODY_TAKES_PART,
    NOT_YET_HEARD,
    OBJECTION_NEEDS_REASON,
    VIEW_NEEDS_TEXT,
    Outcome,
    Position,
    Rule,
    Stance,
    Status,
    alphabetical_order,
    decide,
    decide_package,
)

MEMBERS = ("CHN", "IND", "KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
OBSERVERS = ("AFG", "BLR", "IRN", "MNG")

ENGLISH = {
    "CHN": "China",
    "IND": "India",
    "KAZ": "Kazakhstan",
    "KGZ": "Kyrgyzstan",
    "PAK": "Pakistan",
    "RUS": "Russia",
    "TJK": "Tajikistan",
    "UZB": "Uzbekistan",
}
RUSSIAN = {
    "CHN": "Китай",
    "IND": "Индия",
    "KAZ": "Казахстан",
    "KGZ": "Кыргызстан",
    "PAK": "Пакистан",
    "RUS": "Россия",
    "TJK": "Таджикистан",
    "UZB": "Узбекистан",
}
PINYIN = {
    "CHN": "Zhongguo",
    "IND": "Yindu",
    "KAZ": "Hasakesitan",
    "KGZ": "Jierjisisitan",
    "PAK": "Bajisitan",
    "RUS": "Eluosi",
    "TJK": "Tajikesitan",
    "UZB": "Wuzibiekesitan",
}

RANK = {Status.BLOCKED: 0, Status.PENDING: 1, Status.ADOPTED: 2}


def position(state: str, stance: Stance) -> Position:
    """Build a valid position, giving views and objections some text."""
    text = f"{state} says why" if stance in (Stance.VIEW, Stance.OBJECT) else ""
    return Position(state, stance, text)


def everyone_agrees(*, but: dict[str, Position] | None = None) -> list[Position]:
    """All eight members agree, except the positions given."""
    but = but or {}
    return [but.get(state, Position(state, Stance.AGREE)) for state in MEMBERS]


stances = st.sampled_from(Stance)
consenting_stances = st.sampled_from([Stance.AGREE, Stance.VIEW, Stance.NOT_PARTICIPATING])
members = st.sampled_from(MEMBERS)
observers = st.sampled_from(OBSERVERS)
brackets = st.integers(min_value=0, max_value=3)


@st.composite
def histories(draw, states=members, stance=stances) -> list[Position]:
    """A record of positions in the order they were heard, possibly several per state."""
    pairs = draw(st.lists(st.tuples(states, stance), max_size=12))
    return [position(state, s) for state, s in pairs]


@st.composite
def distinct_positions(draw, states=members, stance=stances) -> list[Position]:
    """At most one position per state."""
    stated = draw(st.dictionaries(states, stance))
    return [position(state, s) for state, s in stated.items()]


@st.composite
def rules_and_concerned(draw) -> tuple[Rule, str | None]:
    """A decision rule, with the state concerned when the rule needs one."""
    rule = draw(st.sampled_from(Rule))
    concerned = draw(members) if rule is Rule.CONSENSUS_MINUS_ONE else None
    return rule, concerned


# --- Properties --------------------------------------------------------------


@given(rules_and_concerned(), histories(), brackets, members, st.text(min_size=1).filter(str.strip))
def test_an_added_objection_never_improves_the_result(ruled, history, open_brackets, objector, why):
    """Whatever the rule, a state objecting can only make things worse for the text."""
    rule, concerned = ruled
    before = decide(
        entitled=MEMBERS, positions=history, rule=rule, concerned=concerned, brackets=open_brackets
    )
    after = decide(
        entitled=MEMBERS,
        positions=[*history, Position(objector, Stance.OBJECT, why)],
        rule=rule,
        concerned=concerned,
        brackets=open_brackets,
    )
    assert RANK[after.status] <= RANK[before.status]
    if before.status is Status.BLOCKED:
        assert after.status is Status.BLOCKED


@given(
    st.sampled_from([Rule.CONSENSUS, Rule.CONSENSUS_MINUS_ONE]),
    members,
    histories(stance=consenting_stances),
    brackets,
)
def test_without_objections_a_consensus_text_is_never_blocked(rule, concerned, history, count):
    """Agreeing, recording a view or staying out of a project never blocks the others."""
    outcome = decide(
        entitled=MEMBERS,
        positions=history,
        rule=rule,
        concerned=concerned if rule is Rule.CONSENSUS_MINUS_ONE else None,
        brackets=count,
    )
    assert outcome.status is not Status.BLOCKED
    assert outcome.objecting == ()


@given(
    rules_and_concerned(),
    histories(),
    histories(states=observers),
    brackets,
    st.randoms(use_true_random=False),
)
def test_observers_never_change_the_result(ruled, history, observer_history, count, rnd):
    """Observers may speak, but what they say only appears in the ignored list."""
    rule, concerned = ruled
    mixed = [*history, *observer_history]
    rnd.shuffle(mixed)
    # Shuffling must keep each member's own positions in the order they were heard.
    members_heard = iter(history)
    mixed = [next(members_heard) if p.state in MEMBERS else p for p in mixed]
    plain = decide(
        entitled=MEMBERS, positions=history, rule=rule, concerned=concerned, brackets=count
    )
    with_observers = decide(
        entitled=MEMBERS, positions=mixed, rule=rule, concerned=concerned, brackets=count
    )
    assert replace(with_observers, ignored=plain.ignored) == plain
    assert set(with_observers.ignored) >= {p.state for p in observer_history}


@given(members, members)
def test_consensus_minus_one_ignores_only_the_state_concerned(concerned, objector):
    """The state whose suspension is decided cannot block it; any other member can."""
    outcome = decide(
        entitled=MEMBERS,
        positions=everyone_agrees(
            but={objector: Position(objector, Stance.OBJECT, "We oppose the suspension.")}
        ),
        rule=Rule.CONSENSUS_MINUS_ONE,
        concerned=concerned,
    )
    if objector == concerned:
        assert outcome.status is Status.ADOPTED
        assert outcome.ignored == (concerned,)
        assert concerned not in outcome.supporters
    else:
        assert outcome.status is Status.BLOCKED
        assert outcome.objecting == (objector,)


@given(rules_and_concerned(), brackets, st.data())
def test_the_result_does_not_depend_on_the_order_positions_were_recorded(ruled, count, data):
    """Reading the same positions in another order gives the same outcome."""
    rule, concerned = ruled
    stated = data.draw(distinct_positions(states=st.sampled_from(MEMBERS + OBSERVERS)))
    shuffled = data.draw(st.permutations(stated))
    kwargs = {"entitled": MEMBERS, "rule": rule, "concerned": concerned, "brackets": count}
    assert decide(positions=stated, **kwargs) == decide(positions=shuffled, **kwargs)


@given(st.dictionaries(st.sampled_from(MEMBERS), st.text(min_size=1), min_size=1))
def test_alphabetical_order_lists_every_state_once(names):
    """Whatever the names, each state appears exactly once in the listing."""
    ordered = alphabetical_order(names)
    assert sorted(ordered) == sorted(names)


# --- The Belt and Road paragraph of 2020 ---------------------------------------


def belt_and_road(order):
    """India stays out; China proposed the initiative; the six others confirm support."""
    return decide(
        entitled=MEMBERS,
        positions=everyone_agrees(but={"IND": Position("IND", Stance.NOT_PARTICIPATING)}),
        exclude_from_supporters={"CHN"},
        order=order,
    )


def test_belt_and_road_is_adopted_with_six_named_supporters_in_english():
    """The English text names Kazakhstan ... Uzbekistan, in that alphabetical order."""
    outcome = belt_and_road(alphabetical_order(ENGLISH))
    assert outcome.status is Status.ADOPTED
    assert outcome.supporters == ("KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")
    assert outcome.not_participating == ("IND",)
    assert outcome.reasons == ()


def test_belt_and_road_lists_the_same_six_in_russian():
    """The Russian text lists Казахстан ... Узбекистан in the same order."""
    outcome = belt_and_road(alphabetical_order(RUSSIAN))
    assert outcome.supporters == ("KAZ", "KGZ", "PAK", "RUS", "TJK", "UZB")


def test_belt_and_road_in_chinese_follows_the_chinese_order():
    """The Chinese text orders states by pinyin, so the listing changes."""
    outcome = belt_and_road(alphabetical_order(PINYIN))
    assert outcome.status is Status.ADOPTED
    assert outcome.supporters == ("PAK", "RUS", "KAZ", "KGZ", "TJK", "UZB")


def test_staying_out_of_a_project_does_not_block_it():
    """India not participating leaves the paragraph adopted for the others."""
    outcome = belt_and_road(None)
    assert outcome.status is Status.ADOPTED
    assert "IND" not in outcome.supporters


# --- Views, objections, brackets -------------------------------------------------


def test_views_are_collected_for_the_minutes_and_do_not_block():
    """A state agreeing with a view is a supporter, and its view is recorded."""
    view = Position("IND", Stance.VIEW, "India reads paragraph 4 as non-binding.")
    outcome = decide(entitled=MEMBERS, positions=everyone_agrees(but={"IND": view}))
    assert outcome.status is Status.ADOPTED
    assert outcome.views == (("IND", "India reads paragraph 4 as non-binding."),)
    assert "IND" in outcome.supporters


def test_an_objection_blocks_and_names_the_state_and_reason():
    """The blocked result says who objected and why."""
    objection = Position("IND", Stance.OBJECT, "The paragraph prejudges bilateral questions.")
    outcome = decide(entitled=MEMBERS, positions=everyone_agrees(but={"IND": objection}))
    assert outcome.status is Status.BLOCKED
    assert outcome.objecting == ("IND",)
    assert outcome.objections == (("IND", "The paragraph prejudges bilateral questions."),)
    assert outcome.reasons == ("Objected to by IND: The paragraph prejudges bilateral questions.",)
    assert "IND" not in outcome.supporters


def test_open_brackets_keep_the_text_pending():
    """Even with everyone agreeing, text still in brackets is not adopted yet."""
    outcome = decide(entitled=MEMBERS, positions=everyone_agrees(), brackets=2)
    assert outcome.status is Status.PENDING
    assert outcome.reasons == ("2 brackets remain.",)
    one = decide(entitled=MEMBERS, positions=everyone_agrees(), brackets=1)
    assert one.reasons == ("1 bracket remains.",)


def test_an_objection_outweighs_open_brackets():
    """A blocked text is reported as blocked, not merely pending."""
    objection = Position("PAK", Stance.OBJECT, "Not acceptable.")
    outcome = decide(entitled=MEMBERS, positions=[objection], brackets=3)
    assert outcome.status is Status.BLOCKED


def test_silence_is_not_support_at_a_meeting():
    """A member that says nothing is listed as silent, not as a supporter, and the text
    waits for it: at a meeting silence is not consent unless the charter says so."""
    outcome = decide(entitled=MEMBERS, positions=[Position("RUS", Stance.AGREE)])
    assert outcome.status is Status.PENDING
    assert outcome.supporters == ("RUS",)
    assert outcome.silent == tuple(s for s in MEMBERS if s != "RUS")
    assert outcome.reasons == (NOT_YET_HEARD.format(states="CHN, IND, KAZ, KGZ, PAK, TJK, UZB"),)


def test_silence_counts_toward_consensus_where_it_is_consent():
    """In a silence procedure a member that says nothing does not prevent adoption, and is
    still listed as silent, never as a supporter."""
    outcome = decide(entitled=MEMBERS, positions=[Position("RUS", Stance.AGREE)],
                     silence_counts=True)
    assert outcome.status is Status.ADOPTED
    assert outcome.supporters == ("RUS",)
    assert outcome.silent == tuple(s for s in MEMBERS if s != "RUS")


def test_each_category_is_listed_apart():
    """Agreeing, with a view, not participating, objecting and silent are five lists."""
    outcome = decide(entitled=MEMBERS, positions=[
        Position("RUS", Stance.AGREE), Position("CHN", Stance.AGREE),
        Position("IND", Stance.VIEW, "Reserves its position on connectivity."),
        Position("PAK", Stance.NOT_PARTICIPATING),
        Position("KGZ", Stance.OBJECT, "Wording on water."),
    ])
    assert outcome.agreeing == ("CHN", "RUS")
    assert outcome.with_view == ("IND",)
    assert outcome.not_participating == ("PAK",)
    assert outcome.objecting == ("KGZ",)
    assert outcome.silent == ("KAZ", "TJK", "UZB")
    assert outcome.supporters == ("CHN", "IND", "RUS")


def test_a_text_nobody_takes_part_in_stays_pending():
    """If every member stays out, there is nothing to adopt."""
    outcome = decide(
        entitled=MEMBERS,
        positions=[Position(s, Stance.NOT_PARTICIPATING) for s in MEMBERS],
    )
    assert outcome.status is Status.PENDING
    assert outcome.reasons == (NOBODY_TAKES_PART,)


def test_the_last_position_of_a_state_counts():
    """A state that objects and later withdraws its objection no longer blocks."""
    history = [
        *everyone_agrees(but={"KGZ": Position("KGZ", Stance.OBJECT, "Wording on water.")}),
        Position("KGZ", Stance.AGREE),
    ]
    assert decide(entitled=MEMBERS, positions=history).status is Status.ADOPTED
    history.append(Position("KGZ", Stance.OBJECT, "Wording on water, again."))
    assert decide(entitled=MEMBERS, positions=history).status is Status.BLOCKED


def test_observers_are_ignored_and_listed():
    """An observer's objection does not block; the minutes show it was set aside."""
    positions = [
        *everyone_agrees(),
        Position("IRN", Stance.OBJECT, "Iran disagrees."),
        Position("BLR", Stance.AGREE),
    ]
    outcome = decide(entitled=MEMBERS, positions=positions)
    assert outcome.status is Status.ADOPTED
    assert outcome.ignored == ("BLR", "IRN")
    assert "IRN" not in outcome.objecting
    assert "BLR" not in outcome.supporters


def test_entitlement_follows_membership_on_the_date():
    """Before accession, a future member's objection is only an observer's."""
    seven = [s for s in MEMBERS if s != "PAK"]
    outcome = decide(entitled=seven, positions=[
        *(Position(s, Stance.AGREE) for s in seven), Position("PAK", Stance.OBJECT, "Too early.")])
    assert outcome.status is Status.ADOPTED
    assert outcome.ignored == ("PAK",)


def test_states_missing_from_the_order_come_after_by_code():
    """A listing order that omits some states still lists them, at the end."""
    outcome = decide(entitled=MEMBERS, positions=everyone_agrees(), order=["UZB", "RUS"])
    assert outcome.supporters == ("UZB", "RUS", "CHN", "IND", "KAZ", "KGZ", "PAK", "TJK")


# --- Other rules -----------------------------------------------------------------


def test_consensus_minus_one_needs_the_state_concerned():
    """Asking for consensus minus one without naming the state is an error."""
    with pytest.raises(ValueError, match=CONCERNED_REQUIRED):
        decide(entitled=MEMBERS, positions=[], rule=Rule.CONSENSUS_MINUS_ONE)


def test_majority_adopts_over_objections():
    """Under a majority rule, five of eight agreeing carry the text."""
    positions = [position(s, Stance.AGREE) for s in MEMBERS[:5]] + [
        position(s, Stance.OBJECT) for s in MEMBERS[5:]
    ]
    outcome = decide(entitled=MEMBERS, positions=positions, rule=Rule.MAJORITY)
    assert outcome.status is Status.ADOPTED
    assert outcome.objecting == MEMBERS[5:]


def test_majority_is_pending_while_silent_states_could_still_carry_it():
    """Four of eight agreeing is not yet a majority, but can still become one."""
    positions = [position(s, Stance.AGREE) for s in MEMBERS[:4]]
    outcome = decide(entitled=MEMBERS, positions=positions, rule=Rule.MAJORITY)
    assert outcome.status is Status.PENDING
    assert outcome.supporters == MEMBERS[:4]
    assert outcome.reasons == ("4 of 8 entitled states agree; more than half is needed.",)


def test_majority_is_blocked_when_it_can_no_longer_be_reached():
    """A tie of four against four is not more than half."""
    positions = [position(s, Stance.AGREE) for s in MEMBERS[:4]] + [
        position(s, Stance.OBJECT) for s in MEMBERS[4:]
    ]
    outcome = decide(entitled=MEMBERS, positions=positions, rule=Rule.MAJORITY)
    assert outcome.status is Status.BLOCKED


@pytest.mark.parametrize(("agreeing", "expected"), [(6, Status.ADOPTED), (5, Status.BLOCKED)])
def test_two_thirds(agreeing, expected):
    """Six of eight reach two thirds; five of eight, with the rest objecting, cannot."""
    positions = [position(s, Stance.AGREE) for s in MEMBERS[:agreeing]] + [
        position(s, Stance.OBJECT) for s in MEMBERS[agreeing:]
    ]
    assert decide(entitled=MEMBERS, positions=positions, rule=Rule.TWO_THIRDS).status is expected


# --- Positions ---------------------------------------------------------------------


def test_a_view_must_say_something():
    """A view with no text cannot be minuted."""
    with pytest.raises(ValueError, match=VIEW_NEEDS_TEXT):
        Position("IND", Stance.VIEW)


def test_an_objection_must_give_a_reason():
    """An objection with no reason is refused."""
    with pytest.raises(ValueError, match=OBJECTION_NEEDS_REASON):
        Position("IND", Stance.OBJECT, "   ")


# --- Packages ------------------------------------------------------------------------


def _outcome(status: Status) -> Outcome:
    """An outcome with only its status of interest."""
    return Outcome(status, (), (), (), (), (), (), 0, (), ())


def test_a_package_is_adopted_when_every_item_is():
    """The declaration and its annexes are adopted together."""
    package = decide_package(
        {"declaration": _outcome(Status.ADOPTED), "annex": _outcome(Status.ADOPTED)}
    )
    assert package.status is Status.ADOPTED
    assert package.blocked_items == package.pending_items == ()


def test_one_blocked_item_blocks_the_package():
    """Any blocked item blocks the whole package, and the package says which."""
    package = decide_package(
        {
            "declaration": _outcome(Status.ADOPTED),
            "budget": _outcome(Status.BLOCKED),
            "annex": _outcome(Status.PENDING),
        }
    )
    assert package.status is Status.BLOCKED
    assert package.blocked_items == ("budget",)
    assert package.pending_items == ("annex",)


def test_a_package_waits_for_pending_items():
    """With nothing blocked but something pending, the package is pending."""
    package = decide_package(
        {"declaration": _outcome(Status.ADOPTED), "annex": _outcome(Status.PENDING)}
    )
    assert package.status is Status.PENDING


# --- Alphabetical order ----------------------------------------------------------------


def test_russian_order_puts_yo_with_ye():
    """Ё sorts among Е, not after Я as a plain code-point sort would put it."""
    names = {"A": "Ёлка", "B": "Ель", "C": "Жук", "D": "Еда", "E": "всё", "F": "все"}
    assert alphabetical_order(names) == ("F", "E", "D", "A", "B", "C")


def test_latin_order_ignores_case_and_accents():
    """Türkiye sorts as Turkiye, before Turkmenistan, and lower case is no exception."""
    names = {"TKM": "Turkmenistan", "TUR": "Türkiye", "TUV": "Tuvalu", "arm": "armenia"}
    assert alphabetical_order(names) == ("arm", "TUR", "TKM", "TUV")


# --- Properties of the categories ---------------------------------------------------

STANCES = st.sampled_from(list(Stance))
HISTORIES = st.lists(
    st.tuples(st.sampled_from(MEMBERS + OBSERVERS), STANCES), max_size=30)


def _positions(history):
    return [Position(s, stance, "A reason." if stance in (Stance.VIEW, Stance.OBJECT) else "")
            for s, stance in history]


@given(history=HISTORIES, counts=st.booleans(), brackets=st.integers(0, 2))
def test_every_entitled_state_is_in_exactly_one_category(history, counts, brackets):
    """Agreeing, with a view, not participating, objecting and silent partition the members."""
    outcome = decide(entitled=MEMBERS, positions=_positions(history), silence_counts=counts,
                     brackets=brackets)
    groups = [outcome.agreeing, outcome.with_view, outcome.not_participating,
              outcome.objecting, outcome.silent]
    listed = [s for group in groups for s in group]
    assert sorted(listed) == sorted(MEMBERS)
    assert set(outcome.supporters) == set(outcome.agreeing) | set(outcome.with_view)
    assert not set(outcome.silent) & set(outcome.supporters)


@given(history=HISTORIES, brackets=st.integers(0, 2))
def test_silence_never_blocks_and_adopts_only_where_it_counts(history, brackets):
    """Whether silence counts changes adoption only when someone is silent, and never turns
    an adopted text blocked or a blocked one adopted."""
    positions = _positions(history)
    strict = decide(entitled=MEMBERS, positions=positions, brackets=brackets)
    lenient = decide(entitled=MEMBERS, positions=positions, brackets=brackets,
                     silence_counts=True)
    assert strict.supporters == lenient.supporters
    assert (strict.status is Status.BLOCKED) == (lenient.status is Status.BLOCKED)
    if strict.status is Status.ADOPTED:
        assert not strict.silent and lenient.status is Status.ADOPTED
    if not strict.silent:
        assert strict.status is lenient.status
