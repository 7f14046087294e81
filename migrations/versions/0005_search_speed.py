"""search speed: the text-search listing index covers every filter and sort on SQLite too

SQLite has no INCLUDE columns, so the index that joins matching KOLs to their listings
only held (kol_id, status) there and every match cost a table-row lookup for its sort and
filter columns. The columns become key columns on both databases.

Revision ID: 0005_search_speed
Revises: 0004_session_tokens
"""

from alembic import op

revision = "0005_search_speed"
down_revision = "0004_session_tokens"
branch_labels = None
depends_on = None

INDEX = "ix_listings_kol_browse"
FILTER_COLUMNS = ["followers", "engagement_rate", "rate", "currency", "platform", "collab_type"]


def upgrade():
    op.drop_index(INDEX, table_name="listings")
    op.create_index(
        INDEX,
        "listings",
        ["kol_id", "status", *FILTER_COLUMNS],
        postgresql_include=["id"],
    )


def downgrade():
    op.drop_index(INDEX, table_name="listings")
    op.create_index(
        INDEX, "listings", ["kol_id", "status"], postgresql_include=["id", *FILTER_COLUMNS]
    )
