"""search documents carry the KOL's searchable state: listed and reach

`listed`: the KOL has at least one active listing and is not suspended; `reach`: the largest
follower count among the KOL's active listings (0 when none). With them a text search with only
KOL-level filters reads the document table alone (see search_documents_page). Kept current by
search_index.refresh_kol. The SQLite FTS5 triggers read only kol_id and tokens, so they are
unaffected.

Revision ID: 0012_search_doc_state
Revises: 0011_production_shape
"""

import sqlalchemy as sa
from alembic import op

revision = "0012_search_doc_state"
down_revision = "0011_production_shape"
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE kol_search_docs SET
  reach = COALESCE((SELECT MAX(l.followers) FROM listings l
                    WHERE l.kol_id = kol_search_docs.kol_id AND l.status = 'active'), 0),
  listed = (EXISTS (SELECT 1 FROM listings l
                    WHERE l.kol_id = kol_search_docs.kol_id AND l.status = 'active')
            AND NOT EXISTS (SELECT 1 FROM users u
                            WHERE u.id = kol_search_docs.kol_id AND u.is_suspended))
"""


def upgrade():
    with op.batch_alter_table("kol_search_docs", recreate="never") as batch:
        batch.add_column(
            sa.Column("listed", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("reach", sa.BigInteger(), nullable=False, server_default="0"))
    op.execute(BACKFILL)


def downgrade():
    with op.batch_alter_table("kol_search_docs", recreate="never") as batch:
        batch.drop_column("reach")
        batch.drop_column("listed")
