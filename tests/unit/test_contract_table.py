"""Properties of the contract status table (domain/contracts.py), read as plain data."""

from __future__ import annotations

from collections import deque

import pytest

from marketplace.domain.contracts import (
    ADMIN,
    BRAND,
    CONTRACT_STATUSES,
    CONTRACT_TRANSITIONS,
    DISPUTABLE_STATUSES,
    ESCROW_STATUSES,
    FINAL_STATUSES,
    KOL,
)
from marketplace.domain.transitions import SYSTEM

ROWS = CONTRACT_TRANSITIONS.transitions
NON_FINAL = sorted(set(CONTRACT_STATUSES) - FINAL_STATUSES)

# Who may take each action: one party, both parties, the admin or the timers.
ROLES = {
    "accept": {BRAND, KOL},
    "counter": {BRAND, KOL},
    "decline": {BRAND, KOL},
    "withdraw": {BRAND},
    "expire": {SYSTEM},
    "fund": {BRAND},
    "cancel": {BRAND, KOL},
    "funding_deadline": {SYSTEM},
    "submit": {KOL},
    "request_revision": {BRAND},
    "approve": {BRAND},
    "auto_approve": {SYSTEM},
    "request_cancel": {BRAND, KOL},
    "confirm_cancel": {BRAND, KOL},
    "dispute": {BRAND, KOL},
    "resolve": {ADMIN},
    **{f"withdraw_to_{status}": {BRAND, KOL} for status in DISPUTABLE_STATUSES},
}
# The moves that take money out of escrow, each with its posting (release or refund).
LEAVE_ESCROW = {"approve", "auto_approve", "cancel", "confirm_cancel", "resolve"}


def reachable_from(start: str) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        status = queue.popleft()
        for row in ROWS:
            if row.source == status and row.target not in seen:
                seen.add(row.target)
                queue.append(row.target)
    return seen


def test_the_table_names_exactly_the_contract_statuses():
    assert CONTRACT_TRANSITIONS.states == frozenset(CONTRACT_STATUSES)
    assert FINAL_STATUSES.issubset(CONTRACT_TRANSITIONS.states)
    assert set(DISPUTABLE_STATUSES) <= ESCROW_STATUSES
    assert not ESCROW_STATUSES & FINAL_STATUSES


@pytest.mark.parametrize("status", NON_FINAL)
def test_every_open_status_has_a_way_out(status):
    exits = {row.target for row in ROWS if row.source == status} - {status}
    assert exits, f"{status} has no way out"
    assert reachable_from(status) & FINAL_STATUSES, f"{status} never ends"


@pytest.mark.parametrize("status", sorted(FINAL_STATUSES))
def test_a_final_status_allows_nothing(status):
    assert [row for row in ROWS if row.source == status] == []
    for role in (BRAND, KOL, ADMIN, SYSTEM):
        assert CONTRACT_TRANSITIONS.actions(status, role) == ()


def test_every_status_is_reached_from_an_offer():
    assert reachable_from("offered") == set(CONTRACT_STATUSES)


@pytest.mark.parametrize("action", sorted(ROLES))
def test_each_action_belongs_to_its_roles(action):
    assert set(CONTRACT_TRANSITIONS.roles_for(action=action)) == ROLES[action]


def test_every_action_in_the_table_is_listed_with_its_roles():
    assert {row.action for row in ROWS} == set(ROLES)


def test_an_admin_only_resolves_and_the_timers_only_run_timers():
    admin_actions = {row.action for row in ROWS if row.role == ADMIN}
    system_actions = {row.action for row in ROWS if row.role == SYSTEM}
    assert admin_actions == {"resolve"}
    assert system_actions == {"expire", "funding_deadline", "auto_approve"}


def test_money_enters_escrow_only_by_funding_and_leaves_only_by_a_posting_move():
    for row in ROWS:
        entering = row.source not in ESCROW_STATUSES and row.target in ESCROW_STATUSES
        leaving = row.source in ESCROW_STATUSES and row.target not in ESCROW_STATUSES
        if entering:
            assert row.action == "fund", row
        if leaving:
            assert row.action in LEAVE_ESCROW, row


def test_offers_are_answered_only_by_the_awaited_party_while_open():
    for action in ("accept", "counter"):
        for row in ROWS:
            if row.action == action:
                assert set(row.guards) == {"awaiting_actor", "offer_open"}
    for row in ROWS:
        if row.action == "decline":
            assert row.guards == ("awaiting_actor",)


def test_the_guarded_moves_carry_their_guards():
    guards = {(row.source, row.action, row.role): row.guards for row in ROWS}
    assert guards[("accepted", "fund", BRAND)] == ("funding_open",)
    assert guards[("submitted", "request_revision", BRAND)] == ("revisions_left", "review_open")
    assert guards[("funded", "cancel", BRAND)] == ("overdue_unsubmitted",)
    for status in DISPUTABLE_STATUSES:
        for role in (BRAND, KOL):
            assert guards[(status, "confirm_cancel", role)] == ("cancel_agreed",)
            assert guards[(status, "dispute", role)] == ()
    assert ("funded", "cancel", KOL) not in guards


def test_a_dispute_is_open_from_the_escrow_statuses_only():
    sources = {row.source for row in ROWS if row.action == "dispute"}
    assert sources == set(DISPUTABLE_STATUSES)
    assert {row.target for row in ROWS if row.action == "dispute"} == {"disputed"}
    out_of_dispute = {(row.action, row.target) for row in ROWS if row.source == "disputed"}
    assert out_of_dispute == {("resolve", "resolved")} | {
        (f"withdraw_to_{status}", status) for status in DISPUTABLE_STATUSES
    }


def test_a_dispute_is_withdrawn_only_by_its_opener_back_to_where_it_was():
    for row in ROWS:
        if row.action.startswith("withdraw_to_"):
            assert row.guards == ("dispute_opener",)
            assert row.action == f"withdraw_to_{row.target}"
            assert row.source == "disputed" and row.role in (BRAND, KOL)
