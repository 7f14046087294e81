"""browse indexes: the rate sorts' commission-last order, platform x collab_type statistics

The rate sorts (no rate bound) order by currency, commission-only last, rate, id: with no
index in that order PostgreSQL sorted every active listing (~170 ms at 100,000 KOLs). Listing
platforms and collab types are strongly correlated (bilibili has no image_text listings), so
PostgreSQL gets extended statistics on them: without them it guessed thousands of rows for
an empty combination and walked the rating index through every KOL.

Revision ID: 0013_browse_indexes
Revises: 0012_search_doc_state
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013_browse_indexes"
down_revision = "0012_search_doc_state"
branch_labels = None
depends_on = None

COMMISSION_ONLY_SQL = "(CASE WHEN pricing_model = 'commission' THEN 1 ELSE 0 END)"
STATISTICS = "st_listings_status_platform_type"


def upgrade():
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_listings_browse_rate_priced",
            ["status", "currency", sa.text(COMMISSION_ONLY_SQL), "rate", "id"],
            unique=False,
            postgresql_include=["kol_id"],
        )
        batch_op.create_index(
            "ix_listings_browse_rate_priced_desc",
            ["status", "currency", sa.literal_column(COMMISSION_ONLY_SQL).desc(), "rate", "id"],
            unique=False,
            postgresql_include=["kol_id"],
        )
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv, dependencies) "
            "ON status, platform, collab_type FROM listings"
        )
        op.execute("ANALYZE listings")


def downgrade():
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_index("ix_listings_browse_rate_priced_desc", postgresql_include=["kol_id"])
        batch_op.drop_index("ix_listings_browse_rate_priced", postgresql_include=["kol_id"])
