"""Migrations: models and migrations agree, the chain goes down and up, search is backfilled.

Each test migrates its own scratch database (a temporary SQLite file, or a separate schema
of the PostgreSQL test database), so the shared test database is never touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import check, downgrade, upgrade
from sqlalchemy import MetaData, Table, create_engine, inspect, text
from sqlalchemy.orm import Session

from marketplace import create_app
from marketplace.extensions import db
from marketplace.models.kol import EXPRESSION_INDEXES
from marketplace.services.discovery import search_index
from marketplace.services.discovery.search_index import is_search_table

ROOT = Path(__file__).resolve().parents[2]
SCRATCH_SCHEMA = "migration_check"
TOP_LEVEL_SKIPPED = {".git", ".venv", "instance", "tests", "bench", "data", "node_modules"}


def _include_name(name, type_, parent_names):
    return type_ != "table" or not is_search_table(name)


def _include_object(object_, name, type_, reflected, compare_to):
    if type_ == "index" and name in EXPRESSION_INDEXES:
        return False
    table = object_ if type_ == "table" else getattr(object_, "table", None)
    return table is None or not is_search_table(table.name)


def schema_diff() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "include_name": _include_name,
                "include_object": _include_object,
                "compare_type": True,
            },
        )
        return compare_metadata(context, db.metadata)


def table_names() -> set[str]:
    with db.engine.connect() as connection:
        return set(inspect(connection).get_table_names())


@pytest.fixture
def scratch(app: Flask, tmp_path: Path) -> Iterator[Flask]:
    main_url = app.config["SQLALCHEMY_DATABASE_URI"]
    admin_engine = None
    if main_url.startswith("postgresql"):
        admin_engine = create_engine(main_url)
        with admin_engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCRATCH_SCHEMA}"))
        joiner = "&" if "?" in main_url else "?"
        url = f"{main_url}{joiner}options=-csearch_path%3D{SCRATCH_SCHEMA}"
    else:
        url = f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
    scratch_app = create_app(
        {"TESTING": True, "SECRET_KEY": "scratch", "SQLALCHEMY_DATABASE_URI": url}
    )
    with scratch_app.app_context():
        yield scratch_app
        db.engine.dispose()
    if admin_engine is not None:
        with admin_engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCRATCH_SCHEMA} CASCADE"))
        admin_engine.dispose()


def test_models_and_migrations_agree_at_head(scratch):
    upgrade()
    assert schema_diff() == []
    check()  # `flask db check`: autogenerate through migrations/env.py finds nothing to do
    assert {"kol_search_docs", "kol_profiles", "listings"} <= table_names()


def test_downgrade_to_base_then_upgrade_again(scratch):
    upgrade()
    downgrade(revision="base")
    assert table_names() <= {"alembic_version"}
    upgrade()
    assert schema_diff() == []
    assert "kol_search_docs" in table_names()


def test_search_migration_backfills_documents_and_downgrades_cleanly(scratch):
    upgrade(revision="0001_initial")
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, email, password_hash, role, name, is_suspended, "
                "created_at) VALUES (7001, 'old@example.com', 'x', 'kol', 'Old', false, "
                "CURRENT_TIMESTAMP)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO kol_profiles (user_id, display_name, bio, tags, verification, "
                "audience, rating_avg, rating_count, completed_count, created_at, updated_at) "
                "VALUES (7001, '小鹿', 'Honest sunscreen reviews', '[\"防晒\"]', 'unverified', "
                "'{}', 0, 0, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    upgrade()
    with db.engine.connect() as connection:
        tokens = connection.execute(
            text("SELECT tokens FROM kol_search_docs WHERE kol_id = 7001")
        ).scalar_one()
    assert set(tokens.split()) >= {"小鹿", "honest", "sunscreen", "防晒"}

    downgrade(revision="0001_initial")
    assert not any(is_search_table(name) for name in table_names())
    upgrade()
    assert schema_diff() == []


def test_regen_script_keeps_later_revisions(tmp_path):
    """scripts/regen-initial-migration, run in a copy of the project, leaves 0002 alone."""
    copy = tmp_path / "project"

    def skipped(directory: str, names: list[str]) -> set[str]:
        top = TOP_LEVEL_SKIPPED if Path(directory) == ROOT else set()
        return {n for n in names if n in top or n == "__pycache__" or n.endswith("_cache")}

    shutil.copytree(ROOT, copy, ignore=skipped)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    versions = copy / "migrations" / "versions"
    later = {p.name: p.read_text() for p in versions.glob("*.py") if p.name != "0001_initial.py"}
    assert "0002_search.py" in later

    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TEST_DATABASE_URL")}
    result = subprocess.run(
        [str(copy / "scripts" / "regen-initial-migration")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_text() for p in versions.glob("*.py") if p.name in later} == later
    regenerated = (versions / "0001_initial.py").read_text()
    assert 'revision = "0001_initial"' in regenerated
    assert "kol_search" not in regenerated
    assert sorted(p.name for p in versions.glob("*.py")) == sorted(["0001_initial.py", *later])


AMOUNT_COLUMNS = {("listings", "rate"), ("briefs", "budget"), ("applications", "price")}
BEFORE_MONEY = "0005_search_speed"  # the revision 0006_money_bigint follows


def _amount_column_types() -> set[str]:
    with db.engine.connect() as connection:
        inspector = inspect(connection)
        return {
            str(column["type"]).upper()
            for table, name in AMOUNT_COLUMNS
            for column in inspector.get_columns(table)
            if column["name"] == name
        }


def _insert_row(session: Session, table_name: str, **values: object) -> None:
    """Insert into the table as it is now in the database: columns the caller leaves out
    take the model's Python default, so this works at any older revision too."""
    table = Table(table_name, MetaData(), autoload_with=session.connection())
    model_columns = db.metadata.tables[table_name].c
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.name not in model_columns:
            continue
        default = model_columns[column.name].default
        if default is not None and default.is_scalar:
            row[column.name] = default.arg
        elif default is not None and default.is_callable:
            row[column.name] = default.arg(None)
    session.execute(table.insert().values(**row))


def _catalogue_with_a_hire() -> int:
    """A KOL with a listing, and a brand's brief with an application for it; the KOL's id."""
    with Session(db.engine) as session:
        _insert_row(
            session,
            "users",
            id=1,
            email="kol@example.com",
            password_hash="x",
            role="kol",
            name="Lu",
        )
        _insert_row(
            session,
            "users",
            id=2,
            email="brand@example.com",
            password_hash="x",
            role="brand",
            name="Mei",
        )
        _insert_row(
            session, "kol_profiles", user_id=1, display_name="Lu", bio="Honest sunscreen notes"
        )
        _insert_row(
            session,
            "listings",
            id=1,
            kol_id=1,
            platform="weibo",
            collab_type="image_text",
            title="Note",
            currency="cny",
        )
        _insert_row(
            session, "briefs", id=1, brand_id=2, title="Launch", category="beauty", currency="cny"
        )
        _insert_row(
            session, "applications", id=1, brief_id=1, kol_id=1, listing_id=1, currency="cny"
        )
        # The document as this old revision stores it (later columns do not exist yet).
        session.execute(
            text("INSERT INTO kol_search_docs (kol_id, tokens) VALUES (1, :tokens)"),
            {"tokens": search_index.profile_tokens("Lu", "Honest sunscreen notes", [])},
        )
        session.commit()
    return 1


def _text_search(word: str) -> list[int]:
    """KOLs whose search document holds `word`, read through the full-text index itself."""
    if db.engine.dialect.name == "postgresql":
        sql = "SELECT kol_id FROM kol_search_docs WHERE document @@ to_tsquery('simple', :w)"
    else:
        sql = "SELECT rowid FROM kol_search_fts WHERE kol_search_fts MATCH :w"
    with db.engine.connect() as connection:
        return list(connection.execute(text(sql), {"w": word}).scalars())


def _search_follows_edits(kol_id: int, word: str) -> bool:
    """The index finds the KOL, and follows an edit of its document (SQLite: the triggers)."""
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE kol_search_docs SET tokens = :t WHERE kol_id = :k"),
            {"t": f"lu honest {word} notes", "k": kol_id},
        )
    return _text_search(word) == [kol_id] and _text_search("sunscreen") == []


def _linked_applications() -> int:
    with db.engine.connect() as connection:
        return connection.execute(
            text("SELECT count(*) FROM applications WHERE listing_id IS NOT NULL")
        ).scalar_one()


def test_money_migration_widens_amounts_and_keeps_rows_and_search(scratch):
    """0003 must not lose rows (a SQLite table rebuild would cascade) nor break text search."""
    upgrade(revision=BEFORE_MONEY)
    kol_id = _catalogue_with_a_hire()
    narrow = {"INTEGER"}
    wide = {"BIGINT"} if db.engine.dialect.name == "postgresql" else narrow
    assert _amount_column_types() == narrow
    assert _text_search("sunscreen") == [kol_id]

    upgrade()
    assert _linked_applications() == 1 and _search_follows_edits(kol_id, "serum")
    assert _amount_column_types() == wide
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE briefs SET budget = 5000000000"))
        assert connection.execute(text("SELECT sum(budget) FROM briefs")).scalar_one() == 5 * 10**9
        connection.execute(text("UPDATE briefs SET budget = 100"))

    downgrade(revision=BEFORE_MONEY)
    assert _amount_column_types() == narrow
    assert _linked_applications() == 1 and _search_follows_edits(kol_id, "lipstick")
    upgrade()
    assert _amount_column_types() == wide
    assert _linked_applications() == 1 and _search_follows_edits(kol_id, "toner")
    assert schema_diff() == []


BEFORE_DISPUTES = "0008_ledger_guards"  # the revision 0009_payments_disputes follows
_DISPUTED_CONTRACT = [
    "INSERT INTO users (id, email, password_hash, role, name, is_suspended, created_at) VALUES"
    " (1, 'b@example.com', 'x', 'brand', 'Mei', false, '2026-01-01'),"
    " (2, 'k@example.com', 'x', 'kol', 'Lu', false, '2026-01-01')",
    "INSERT INTO contracts (id, brand_id, kol_id, status, title, currency, price, fee_bps,"
    " commission_budget, deliverables, due_date, revisions_allowed, revisions_used,"
    " created_at, updated_at) VALUES (1, 1, 2, 'disputed', 'Launch', 'cny', 50000, 1000, 0,"
    " 'One post', '2026-02-01', 2, 0, '2026-01-01', '2026-01-01')",
    "INSERT INTO contract_events (id, contract_id, action, from_status, to_status, actor_role,"
    " payload, at) VALUES (1, 1, 'dispute', 'submitted', 'disputed', 'brand', '{}',"
    " '2026-01-02')",
    "INSERT INTO disputes (id, contract_id, opened_by_role, category, reason, status,"
    " prior_status, created_at) VALUES (1, 1, 'brand', 'late', 'Posted late', 'open',"
    " 'submitted', '2026-01-02')",
]


def _dispute_rows() -> tuple[int, int, int]:
    with db.engine.connect() as connection:
        return tuple(
            connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in ("contracts", "contract_events", "disputes")
        )


def test_disputes_migration_keeps_contracts_events_and_disputes(scratch):
    """0009 rebuilds `disputes` on SQLite; no contract, event or dispute may be lost."""
    upgrade(revision=BEFORE_DISPUTES)
    with db.engine.begin() as connection:
        for statement in _DISPUTED_CONTRACT:
            connection.execute(text(statement))
    assert _dispute_rows() == (1, 1, 1)

    upgrade()
    assert _dispute_rows() == (1, 1, 1)
    with db.engine.connect() as connection:
        source, reason = connection.execute(text("SELECT source, reason FROM disputes")).one()
    assert (source, reason) == ("party", "Posted late")

    downgrade(revision=BEFORE_DISPUTES)
    assert _dispute_rows() == (1, 1, 1)
    upgrade()
    assert _dispute_rows() == (1, 1, 1)
    assert schema_diff() == []
