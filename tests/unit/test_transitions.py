"""Status tables as plain data: lookups, their checks, what briefs and applications allow."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace.domain.briefs import APPLICATION_TRANSITIONS, BRIEF_TRANSITIONS
from marketplace.domain.transitions import SYSTEM, Transition, TransitionTable

STATES = ("a", "b", "c", "d")
ACTIONS = ("go", "stop", "undo")
ROLES = ("brand", "kol", SYSTEM)

rows = st.builds(
    Transition,
    source=st.sampled_from(STATES),
    action=st.sampled_from(ACTIONS),
    role=st.sampled_from(ROLES),
    target=st.sampled_from(STATES),
)


def _table(candidates: list[Transition]) -> TransitionTable:
    unique = {(r.source, r.action, r.role): r for r in candidates}
    return TransitionTable("test", frozenset(STATES), tuple(unique.values()))


@given(st.lists(rows, max_size=20), st.sampled_from(STATES), st.sampled_from(ACTIONS))
def test_find_returns_exactly_the_listed_row(candidates, state, action):
    table = _table(candidates)
    for role in ROLES:
        listed = [
            r for r in table.transitions if (r.source, r.action, r.role) == (state, action, role)
        ]
        assert table.find(state, action, role) == (listed[0] if listed else None)


@given(st.lists(rows, max_size=20), st.sampled_from(STATES), st.sampled_from(STATES))
def test_toward_only_follows_rows_of_that_role_from_that_state(candidates, state, target):
    table = _table(candidates)
    for role in ROLES:
        found = table.toward(state, target, role)
        if found is None:
            assert not any(
                (r.source, r.target, r.role) == (state, target, role) for r in table.transitions
            )
        else:
            assert (found.source, found.target, found.role) == (state, target, role)
            assert table.find(state, found.action, role) == found


@given(st.lists(rows, max_size=20), st.sampled_from(STATES), st.sampled_from(ROLES))
def test_actions_are_those_find_allows(candidates, state, role):
    table = _table(candidates)
    offered = table.actions(state, role)
    assert len(offered) == len(set(offered))
    assert {a for a in ACTIONS if table.find(state, a, role)} == set(offered)


def test_a_table_refuses_two_rows_for_one_state_action_and_role():
    with pytest.raises(ValueError, match="two rows"):
        TransitionTable(
            "twice",
            frozenset(STATES),
            (Transition("a", "go", "brand", "b"), Transition("a", "go", "brand", "c")),
        )


def test_a_table_refuses_unknown_states():
    with pytest.raises(ValueError, match="unknown states"):
        TransitionTable("typo", frozenset(STATES), (Transition("a", "go", "brand", "z"),))


def test_target_of_is_none_when_rows_disagree():
    table = TransitionTable(
        "t",
        frozenset(STATES),
        (Transition("a", "go", "brand", "b"), Transition("b", "go", "brand", "c")),
    )
    assert table.target_of("go") is None and table.target_of("stop") is None


def _moves(table: TransitionTable) -> set[tuple[str, str, str, str]]:
    return {(r.source, r.action, r.role, r.target) for r in table.transitions}


def test_brief_moves():
    assert _moves(BRIEF_TRANSITIONS) == {
        ("draft", "open", "brand", "open"),
        ("draft", "close", "brand", "closed"),
        ("open", "close", "brand", "closed"),
    }
    assert BRIEF_TRANSITIONS.find("draft", "open", "brand").guards == ("deadline_not_passed",)
    assert BRIEF_TRANSITIONS.toward("open", "draft", "brand") is None
    assert BRIEF_TRANSITIONS.actions("closed", "brand") == ()
    assert BRIEF_TRANSITIONS.roles_for(target="open") == {"brand"}


def test_application_moves():
    decided = ("declined", "accepted", "withdrawn")
    for state in decided:
        for role in ROLES:
            assert APPLICATION_TRANSITIONS.actions(state, role) == ()
    assert APPLICATION_TRANSITIONS.actions("pending", "brand") == ("shortlist", "decline", "accept")
    assert APPLICATION_TRANSITIONS.actions("shortlisted", "brand") == ("decline", "accept")
    assert APPLICATION_TRANSITIONS.actions("pending", "kol") == ("withdraw",)
    assert APPLICATION_TRANSITIONS.roles_for(action="accept") == {"brand"}
    assert APPLICATION_TRANSITIONS.target_of("withdraw") == "withdrawn"
    assert APPLICATION_TRANSITIONS.guard_names == {"capacity_left"}
