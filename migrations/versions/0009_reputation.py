"""kol_profiles.completion_rate: completed contracts over those that were funded and ended

Revision ID: 0009_reputation
Revises: 0007_contracts (written in parallel with other 0008 migrations; re-chain on merge)
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_reputation"
down_revision = "0007_contracts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("kol_profiles", sa.Column("completion_rate", sa.Float(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("kol_profiles") as batch:
        batch.drop_column("completion_rate")
