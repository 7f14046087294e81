"""`flask payments reconcile`: the ledger against the payment provider, for a scheduler."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click
from flask.cli import AppGroup

from marketplace.domain.errors import ValidationFailed

if TYPE_CHECKING:
    from marketplace.services.payments.reconcile_ledger import Record

payments_cli = AppGroup("payments", help="Payments: reconciliation with the provider.")


def _side(record: Record | None) -> str:
    if record is None:
        return "-"
    return f"{record.amount} {record.currency} {record.status}"


@payments_cli.command("reconcile")
@click.option("--from", "start", required=True, help="First day, YYYY-MM-DD (UTC).")
@click.option("--to", "end", required=True, help="Last day, YYYY-MM-DD (UTC), included.")
def reconcile_command(start: str, end: str) -> None:
    """Compare the ledger with the provider's payments, refunds and transfers.

    Prints every mismatch, one per line; exits 1 when there is any, 2 when the provider
    could not be asked.
    """
    from marketplace.payments.gateway import GatewayDeclined, GatewayUnavailable
    from marketplace.services.payments.reconcile import clean_range, reconcile

    try:
        low, high = clean_range(start, end)
    except ValidationFailed as error:
        for field, messages in error.fields.items():
            click.echo(f"--{field}: {'; '.join(messages)}", err=True)
        raise SystemExit(2) from error
    try:
        report = reconcile(low, high)
    except (GatewayUnavailable, GatewayDeclined) as error:
        click.echo(f"Could not list the provider's records: {error}", err=True)
        raise SystemExit(2) from error
    compared = " ".join(f"{kind}s={count}" for kind, count in report.compared.items())
    click.echo(f"Reconciled {report.provider} from {low} to {high}: compared {compared}")
    for m in report.mismatches:
        contract = f"contract={m.contract_id}" if m.contract_id else "contract=-"
        click.echo(
            f"MISMATCH {m.kind} {m.problem} {m.reference} {contract} "
            f"ledger=[{_side(m.ours)}] provider=[{_side(m.theirs)}]"
        )
    if report.mismatches:
        click.echo(f"{len(report.mismatches)} mismatch(es).", err=True)
        raise SystemExit(1)
    click.echo("No mismatches.")
