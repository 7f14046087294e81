"""Random sequences of every contract action keep the ledger's invariants (issue 8).

The state machine (`contract_ledger_machine`) drives every action, legal or not, by every
kind of user, over several contracts in both currencies, and checks after every step that
each currency's ledger sums to zero, that no escrow, KOL or fee account goes negative, that
a final contract holds no escrow, that released plus refunded never exceeds what was
funded, that money is in escrow exactly in the escrow statuses, that a refused action
raised a DomainError and changed nothing, and that contract pages offer what the rules
allow. The normal run takes about 15 s on SQLite and 40 s on PostgreSQL; the soak runs
with CONTRACT_SOAK=1.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests import factories
from tests.factories.catalogue import make_kol_with_listing
from tests.services.contract_ledger_machine import ContractLedgerMachine


def run(max_examples: int, steps: int) -> tuple[int, Counter[str]]:
    """Run the machine; return how many examples ran and a tally of their steps."""
    users = ContractLedgerMachine.users
    kol, listing = make_kol_with_listing()
    users.clear()
    users.update(
        brand_a=factories.make_brand().id,
        brand_b=factories.make_brand().id,
        kol_listed=kol.id,
        listing=listing.id,
        kol_plain=factories.make_kol().id,
        stranger=factories.make_brand().id,
        admin=factories.make_admin().id,
    )
    ContractLedgerMachine.examples = 0
    ContractLedgerMachine.tally.clear()
    run_state_machine_as_test(
        ContractLedgerMachine,
        settings=settings(
            max_examples=max_examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    return ContractLedgerMachine.examples, Counter(ContractLedgerMachine.tally)


def _report(label: str, examples: int, tally: Counter[str], record_property) -> None:
    steps = sum(tally.values())
    record_property("hypothesis_examples", examples)
    record_property("hypothesis_steps", steps)
    record_property("hypothesis_tally", dict(tally))
    print(f"\n{label}: {examples} examples, {steps} steps")
    for kind, count in sorted(tally.items()):
        print(f"  {kind}: {count}")


def test_random_action_sequences_keep_the_ledger_invariants(ctx, record_property):
    examples, tally = run(max_examples=60, steps=40)
    _report("contract ledger state machine", examples, tally, record_property)
    assert examples >= 30
    # The sequences reach the end of every path, not only the first refusals.
    for reached in ("approve applied", "resolve applied", "cancel applied", "fund refused"):
        assert tally[reached] > 0, reached


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("CONTRACT_SOAK"), reason="a soak: set CONTRACT_SOAK=1")
def test_longer_random_action_sequences_keep_the_ledger_invariants(ctx, record_property):
    examples, tally = run(max_examples=400, steps=60)
    _report("contract ledger state machine (soak)", examples, tally, record_property)
