"""status events: one append-only row per brief and application transition

Revision ID: 0003_status_events
Revises: 0002_search
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_status_events"
down_revision = "0002_search"
branch_labels = None
depends_on = None

# (table, subject column, subject table)
EVENT_TABLES = (
    ("brief_events", "brief_id", "briefs"),
    ("application_events", "application_id", "applications"),
)


def upgrade():
    for table, subject, subject_table in EVENT_TABLES:
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column(subject, sa.Integer(), nullable=False),
            sa.Column("action", sa.String(length=32), nullable=False),
            sa.Column("from_status", sa.String(length=32), nullable=False),
            sa.Column("to_status", sa.String(length=32), nullable=False),
            sa.Column("actor_id", sa.Integer(), nullable=True),
            sa.Column("actor_role", sa.String(length=16), nullable=False),
            sa.Column("payload", sa.JSON(), nullable=False),
            sa.Column("at", sa.DateTime(), nullable=False),
            sa.ForeignKeyConstraint(
                ["actor_id"],
                ["users.id"],
                name=op.f(f"fk_{table}_actor_id_users"),
                ondelete="SET NULL",
            ),
            sa.ForeignKeyConstraint(
                [subject],
                [f"{subject_table}.id"],
                name=op.f(f"fk_{table}_{subject}_{subject_table}"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_{subject}"), table, [subject], unique=False)


def downgrade():
    for table, subject, _subject_table in reversed(EVENT_TABLES):
        op.drop_index(op.f(f"ix_{table}_{subject}"), table_name=table)
        op.drop_table(table)
