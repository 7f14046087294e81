"""The contract list's groups in SQL agree with `needs_action` for every status and viewer.

One brand and one KOL share a contract in every status, plus an offer countered back to
the brand and escrowed contracts where either side asked to cancel; a stranger's contract
sits beside them. For the brand, the KOL and an admin, `list_contracts(group=...)` must
hold exactly the contracts that `needs_action` (and `contract_group`) put there, and
`group_counts` must count the same.
"""

from __future__ import annotations

import pytest

from marketplace.domain.contracts import CONTRACT_STATUSES, FINAL_STATUSES
from marketplace.domain.errors import ValidationFailed
from marketplace.models import Contract, User
from marketplace.services.contracts import cancellation, negotiation, queries
from tests import factories
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import Deal, make_contract


def _every_situation() -> tuple[User, User, list[Contract]]:
    kol, listing = make_kol_with_listing()
    brand = factories.make_brand()

    def deal(status: str) -> Deal:
        return make_contract(status, brand=brand, kol=kol, listing=listing)

    # "expired" first: reaching it runs the timers a month ahead, which would end the others.
    statuses = sorted(CONTRACT_STATUSES, key=lambda status: status != "expired")
    contracts = [deal(status).contract for status in statuses]
    countered = deal("offered")
    negotiation.counter_offer(kol, countered.id, price=350_000, message="A bit more")
    for status, asker in (("funded", brand), ("submitted", kol), ("revision_requested", brand)):
        asked = deal(status)
        cancellation.cancel(asker, asked.id, "Plans changed")
        contracts.append(asked.contract)
    contracts.append(countered.contract)
    make_contract("submitted")  # someone else's
    return brand, kol, contracts


def _ids(actor: User, group: str, status: str | None = None) -> set[int]:
    page = queries.list_contracts(actor, group=group, status=status, per_page=100)
    assert page.total == len(page.items)
    return {c.id for c in page.items}


def test_sql_groups_agree_with_needs_action_for_both_parties_and_admins(ctx):
    brand, kol, contracts = _every_situation()
    assert {c.awaiting for c in contracts if c.status == "offered"} == {"brand", "kol"}
    assert sum(c.cancel_requested_by is not None for c in contracts) == 3
    admin = factories.make_admin()
    for actor in (brand, kol, admin):
        seen = queries.list_contracts(actor, per_page=100).items if actor is admin else contracts
        expected = {name: set() for name in queries.CONTRACT_GROUPS}
        for contract in seen:
            expected[queries.contract_group(actor, contract)].add(contract.id)
        assert expected["action"] == {c.id for c in seen if queries.needs_action(actor, c)}
        assert (
            expected["closed"]
            == {c.id for c in seen if c.status in FINAL_STATUSES} - (expected["action"])
        )
        for name in queries.CONTRACT_GROUPS:
            assert _ids(actor, name) == expected[name], (actor.role, name)
        assert queries.group_counts(actor) == {k: len(v) for k, v in expected.items()}
    # Each party has something to do, and something waits for the other side.
    assert _ids(brand, "action") and _ids(brand, "waiting")
    assert _ids(kol, "action") and _ids(kol, "waiting")
    assert _ids(brand, "action").isdisjoint(_ids(kol, "action"))


def test_group_and_status_filters_combine(ctx):
    brand, kol, contracts = _every_situation()
    offered = {c.id: c for c in contracts if c.status == "offered"}
    assert _ids(kol, "action", "offered") == {i for i, c in offered.items() if c.awaiting == "kol"}
    assert _ids(brand, "action", "offered") == {
        i for i, c in offered.items() if c.awaiting == "brand"
    }
    assert _ids(brand, "closed", "offered") == set()
    assert queries.group_counts(kol, status="offered") == {"action": 1, "waiting": 1, "closed": 0}


def test_an_unknown_group_is_a_validation_error(ctx, brand):
    with pytest.raises(ValidationFailed) as error:
        queries.list_contracts(brand, group="mine")
    assert "group" in error.value.fields
    with pytest.raises(ValidationFailed):
        queries.group_counts(brand, status="nope")
