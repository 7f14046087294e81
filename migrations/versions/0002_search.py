"""search documents: FTS5 on SQLite, tsvector + GIN on PostgreSQL

Hand-written (autogenerate ignores these tables, see migrations/env.py): the document
table is the same on both databases, the full-text index over it is dialect-specific.
Existing KOLs get their documents at upgrade time.

Revision ID: 0002_search
Revises: 0001_initial
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002_search"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = {
    "kol_search_docs_ai": (
        "AFTER INSERT ON kol_search_docs BEGIN "
        "INSERT INTO kol_search_fts(rowid, tokens) VALUES (new.kol_id, new.tokens); END"
    ),
    "kol_search_docs_ad": (
        "AFTER DELETE ON kol_search_docs BEGIN "
        "INSERT INTO kol_search_fts(kol_search_fts, rowid, tokens) "
        "VALUES ('delete', old.kol_id, old.tokens); END"
    ),
    "kol_search_docs_au": (
        "AFTER UPDATE ON kol_search_docs BEGIN "
        "INSERT INTO kol_search_fts(kol_search_fts, rowid, tokens) "
        "VALUES ('delete', old.kol_id, old.tokens); "
        "INSERT INTO kol_search_fts(rowid, tokens) VALUES (new.kol_id, new.tokens); END"
    ),
}


def upgrade():
    bind = op.get_bind()
    op.create_table(
        "kol_search_docs",
        sa.Column("kol_id", sa.Integer(), nullable=False),
        sa.Column("tokens", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kol_id"],
            ["kol_profiles.user_id"],
            name="fk_kol_search_docs_kol_id_kol_profiles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("kol_id", name="pk_kol_search_docs"),
    )
    if bind.dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE kol_search_docs ADD COLUMN document tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, tokens)) STORED"
        )
        op.execute(
            "CREATE INDEX ix_kol_search_docs_document ON kol_search_docs USING gin (document)"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE kol_search_fts USING fts5("
            "tokens, content='kol_search_docs', content_rowid='kol_id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        for name, body in SQLITE_TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
    _backfill(bind)


def _backfill(bind):
    """Documents for KOLs that exist already (same tokenizer as the application)."""
    from marketplace.services.discovery.search_text import document_tokens

    rows = bind.execute(sa.text("SELECT user_id, display_name, bio, tags FROM kol_profiles")).all()
    docs = sa.table("kol_search_docs", sa.column("kol_id"), sa.column("tokens"))
    batch = []
    for user_id, name, bio, tags in rows:
        if isinstance(tags, str):
            tags = json.loads(tags or "[]")
        tokens = document_tokens([name or "", bio or "", *(tags or [])])
        batch.append({"kol_id": user_id, "tokens": tokens})
        if len(batch) >= 2000:
            op.bulk_insert(docs, batch)
            batch = []
    if batch:
        op.bulk_insert(docs, batch)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_kol_search_docs_document")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS kol_search_fts")
    op.drop_table("kol_search_docs")
