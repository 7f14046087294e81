"""Random sequences of sales, returns, top-ups, settlement and window close keep the
commission ledger's invariants (issue 11); see `commission_settlement_machine`."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, settings
from hypothesis.stateful import run_state_machine_as_test

from tests import factories
from tests.services.commission_settlement_machine import CommissionSettlementMachine


def run(max_examples: int, steps: int) -> tuple[int, Counter[str]]:
    users = CommissionSettlementMachine.users
    users.clear()
    users.update(
        brand=factories.make_brand().id,
        kol=factories.make_kol().id,
        admin=factories.make_admin().id,
    )
    CommissionSettlementMachine.examples = 0
    CommissionSettlementMachine.tally.clear()
    run_state_machine_as_test(
        CommissionSettlementMachine,
        settings=settings(
            max_examples=max_examples,
            stateful_step_count=steps,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
    return CommissionSettlementMachine.examples, Counter(CommissionSettlementMachine.tally)


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
