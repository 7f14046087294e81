"""money columns become BIGINT: listings.rate, briefs.budget, applications.price

The ledger will sum amounts, and a 32-bit column caps one amount at 21,474,836.47.
PostgreSQL changes the column type in place (the browse indexes are rebuilt with it).
SQLite's INTEGER is already 64-bit, so nothing changes there: a batch rebuild would
drop and recreate the tables, and with foreign keys on, dropping `briefs` deletes its
applications (ON DELETE CASCADE) and dropping `listings` unlinks them (SET NULL).

Revision ID: 0006_money_bigint
Revises: 0005_search_speed (written in parallel with 0004-0006, so it follows them)
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_money_bigint"
down_revision = "0005_search_speed"
branch_labels = None
depends_on = None

AMOUNT_COLUMNS = (("listings", "rate"), ("briefs", "budget"), ("applications", "price"))


def _retype(old: sa.types.TypeEngine, new: sa.types.TypeEngine) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table, column in AMOUNT_COLUMNS:
        op.alter_column(table, column, type_=new, existing_type=old, existing_nullable=False)


def upgrade():
    _retype(sa.Integer(), sa.BigInteger())


def downgrade():
    # Refuses (numeric out of range) while an amount above the 32-bit range is stored.
    _retype(sa.BigInteger(), sa.Integer())
