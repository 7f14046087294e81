"""match index changes say whether they touch the catalogue or only a KOL's reputation

Revision ID: 0014_match_change_kinds
Revises: 0013_browse_indexes
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0014_match_change_kinds"
down_revision = "0013_browse_indexes"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("match_index_changes") as batch:
        batch.add_column(
            sa.Column("kind", sa.String(length=12), nullable=False, server_default="catalogue")
        )
    # The newest catalogue change keys every remembered ranking: one index entry to read.
    op.create_index(
        "ix_match_index_changes_catalogue",
        "match_index_changes",
        ["id"],
        postgresql_where=sa.text("kind = 'catalogue'"),
        sqlite_where=sa.text("kind = 'catalogue'"),
    )


def downgrade():
    op.drop_index("ix_match_index_changes_catalogue", table_name="match_index_changes")
    with op.batch_alter_table("match_index_changes") as batch:
        batch.drop_column("kind")
