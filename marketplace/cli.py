"""Flask commands: `users`, `seed`, `jobs`, `matching`, `payments` (payments_cli.py)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import AppGroup

from marketplace.domain.errors import ValidationFailed
from marketplace.payments_cli import payments_cli

users_cli = AppGroup("users", help="Manage user accounts.")
seed_cli = AppGroup("seed", help="Fill the database with demo data.")
matching_cli = AppGroup("matching", help="The KOL match index.")
jobs_cli = AppGroup("jobs", help="Background work: the sweep, its worker and scheduler.")


def _parse_now(value: str | None) -> datetime | None:
    """An ISO 8601 moment as naive UTC (how times are stored); None for the current time."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise click.BadParameter(f"not an ISO 8601 time: {value!r}") from exc
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment


@jobs_cli.command("run-due")
@click.option("--now", "now_text", default=None, help="Act as if it were this ISO 8601 time.")
def run_due_command(now_text: str | None) -> None:
    """Expire offers, cancel unfunded contracts, auto-approve; idempotent."""
    from marketplace.services.contracts.timers import run_due

    report = run_due(_parse_now(now_text))
    counts = report.as_dict()
    click.echo(" ".join(f"{name}={count}" for name, count in counts.items()))
    if counts.get("failed"):
        # A scheduler sees the failure; the failed contracts stay due for the next sweep.
        raise SystemExit(1)


@jobs_cli.command("sweep")
@click.option("--now", "now_text", default=None, help="Act as if it were this ISO 8601 time.")
def sweep_command(now_text: str | None) -> None:
    """Run one sweep inline: timers, outbox delivery, pruning; prints its report as JSON."""
    from marketplace.jobs.sweep import sweep

    report = sweep(_parse_now(now_text))
    click.echo(json.dumps(report))
    if report["failed_steps"] or report.get("run_due", {}).get("failed"):
        raise SystemExit(1)


@jobs_cli.command("worker")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker_command(burst: bool) -> None:
    """Run queued jobs (the sweeps) until stopped; needs REDIS_URL."""
    from flask import current_app

    from marketplace.jobs.queue import JobsNotConfigured
    from marketplace.jobs.worker import run_worker

    try:
        run_worker(current_app._get_current_object(), burst=burst)  # type: ignore[attr-defined]
    except JobsNotConfigured as error:
        raise click.ClickException(str(error)) from error


@jobs_cli.command("scheduler")
def scheduler_command() -> None:
    """Queue a sweep every SWEEP_INTERVAL_S seconds until stopped; needs REDIS_URL."""
    from flask import current_app

    from marketplace.jobs.queue import JobsNotConfigured
    from marketplace.jobs.scheduler import build_scheduler

    try:
        scheduler = build_scheduler(current_app.config)
    except JobsNotConfigured as error:
        raise click.ClickException(str(error)) from error
    scheduler.start()


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="Admin")
def create_admin(email: str, password: str, name: str) -> None:
    """Create an administrator (or reset an existing admin's password)."""
    from marketplace.services.accounts.users import create_admin as create

    try:
        user = create(email, password, name=name)
    except ValidationFailed as error:
        for field, messages in error.fields.items():
            click.echo(f"{field}: {'; '.join(messages)}", err=True)
        raise SystemExit(2) from error
    click.echo(f"Admin {user.email} is ready (id {user.id}).")


@seed_cli.command("demo")
@click.option("--kols", default=300, show_default=True, type=click.IntRange(0, 1_000_000))
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has users.")
def seed_demo(kols: int, if_empty: bool) -> None:
    """Realistic demo brands, KOLs, listings, briefs, applications and contracts; idempotent."""
    from marketplace.seed.contracts import STORIES, seed_contracts
    from marketplace.seed.write import (
        DEMO_BRAND_EMAIL,
        DEMO_PASSWORD,
        database_is_empty,
        kol_email,
        seed_brands,
        seed_kols,
    )

    if if_empty and not database_is_empty():
        click.echo("The database already has users; demo data left as it is.")
        return

    started = time.perf_counter()
    batches = -(-kols // 1000)
    with click.progressbar(length=max(batches, 1), label="Seeding KOLs") as bar:

        def progress(items):
            for item in items:
                yield item
                bar.update(1)

        created = seed_kols(kols, progress=progress)
    briefs = seed_brands()
    catalogue_seconds = time.perf_counter() - started
    with click.progressbar(length=len(STORIES), label="Seeding contracts") as bar:

        def story_progress(stories):
            for story in stories:
                yield story
                bar.update(1)

        contracts = seed_contracts(progress=story_progress)
    click.echo(f"Created {created} KOLs and {briefs} briefs in {catalogue_seconds:.1f}s.")
    contract_seconds = time.perf_counter() - started - catalogue_seconds
    click.echo(f"Created {contracts} contracts in {contract_seconds:.1f}s.")
    click.echo(
        f"Demo logins (password {DEMO_PASSWORD}): brand {DEMO_BRAND_EMAIL}, KOL {kol_email(0)}"
    )


@matching_cli.command("rebuild")
def rebuild_matching() -> None:
    """Rebuild the match index from the database and publish it as this machine's current
    snapshot; the web workers map it on their next request."""
    from sqlalchemy import func, select

    from marketplace.extensions import db
    from marketplace.models import KolProfile
    from marketplace.services.matchmaking import index_holder

    started = time.perf_counter()
    total = db.session.scalar(select(func.count(KolProfile.user_id))) or 0
    with click.progressbar(length=max(total, 1), label="Indexing KOLs") as bar:

        def progress(batches):
            for batch in batches:
                yield batch
                bar.update(len(batch))

        snapshot, kols = index_holder.rebuild_and_publish(progress=progress)
    click.echo(f"Indexed {kols} KOLs in {time.perf_counter() - started:.1f}s into {snapshot}.")


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(seed_cli)
    app.cli.add_command(matching_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(payments_cli)
