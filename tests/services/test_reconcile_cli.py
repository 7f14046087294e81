"""`flask payments reconcile --from --to`: prints the mismatches and exits 1 when there are any."""

from __future__ import annotations

from marketplace.extensions import db
from marketplace.models import SandboxOperation
from marketplace.models.base import utcnow
from marketplace.services.unit_of_work import unit_of_work
from tests.factories.contracts import make_contract


def _run(app, *args: str):
    return app.test_cli_runner().invoke(args=["payments", "reconcile", *args])


def test_a_clean_range_exits_0(app, ctx):
    make_contract("completed")
    today = utcnow().date().isoformat()
    result = _run(app, "--from", today, "--to", today)
    assert result.exit_code == 0, result.output
    assert f"Reconciled sandbox from {today} to {today}" in result.output
    assert "payments=1 refunds=0 transfers=0" in result.output
    assert "No mismatches." in result.output


def test_mismatches_are_printed_and_exit_1(app, ctx):
    make_contract("funded", price=300_000)
    with unit_of_work():
        db.session.add(
            SandboxOperation(
                idempotency_key="dashboard:cli",
                kind="refund",
                amount=2_500,
                currency="cny",
                outcome="succeeded",
                reference="re_sandbox_cli",
            )
        )
    today = utcnow().date().isoformat()
    result = _run(app, "--from", today, "--to", today)
    assert result.exit_code == 1, result.output
    assert (
        "MISMATCH refund missing_in_ledger re_sandbox_cli contract=- "
        "ledger=[-] provider=[2500 cny succeeded]"
    ) in result.output


def test_bad_dates_exit_2_with_the_reason(app, ctx):
    result = _run(app, "--from", "2026-03-05", "--to", "2026-03-01")
    assert result.exit_code == 2
    assert "--to: Must not be below the minimum." in result.output
    result = _run(app, "--from", "soon", "--to", "2026-03-01")
    assert result.exit_code == 2 and "--from:" in result.output
    assert _run(app, "--to", "2026-03-01").exit_code == 2
