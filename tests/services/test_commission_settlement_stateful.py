"""Random sequences of sales, returns, top-ups, settlement and window close keep the
commission ledger's invariants (issue 11); see `commission_ledger_machine`."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests import factories
from tests.services.commission_ledger_machine import CommissionLedgerMachine


def run(max_examples: int, steps: int) -> tuple[int, Counter[str]]:
    users = CommissionLedgerMachine.users
    users.clear()
    users.update(
        brand=factories.make_brand().id,
        kol=factories.make_kol().id,
        admin=factories.make_admin().id,
    )
    CommissionLedgerMachine.examples = 0
    CommissionLedgerMachine.tally.clear()
    run_state_machine_as_test(
        CommissionLedgerMachine,
        settings=settings(
            max_examples=max_examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    return CommissionLedgerMachine.examples, Counter(CommissionLedgerMachine.tally)


def test_random_commission_sequences_keep_the_ledger_invariants(ctx, record_property):
    examples, tally = run(max_examples=40, steps=30)
    record_property("hypothesis_examples", examples)
    record_property("hypothesis_tally", dict(tally))
    print(f"\ncommission ledger state machine: {examples} examples")
    for kind, count in sorted(tally.items()):
        print(f"  {kind}: {count}")
    assert examples >= 20
    for reached in ("sale earning", "return", "top-up", "settled", "budgets closed"):
        assert tally[reached] > 0, reached
