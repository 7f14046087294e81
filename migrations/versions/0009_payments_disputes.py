"""stripe payments, disputes, admin console

Connected accounts, webhook events (unique ids), bank payouts and chargebacks for Stripe;
dispute responses, assignment, withdrawal and evidence; contract review flags; and the
append-only audit log (a trigger refuses UPDATE and DELETE on PostgreSQL, as for the
ledger in 0008).

Revision ID: 0009_payments_disputes
Revises: 0008_ledger_guards
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0009_payments_disputes"
down_revision = "0008_ledger_guards"
branch_labels = None
depends_on = None

# Reuses ledger_append_only() from 0008: it names the table in its message.
AUDIT_APPEND_ONLY = """
CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
"""


def upgrade():
    op.create_table(
        "webhook_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column("endpoint", sa.String(length=16), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=120), nullable=True),
        sa.Column("object_id", sa.String(length=255), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_events")),
        sa.UniqueConstraint("event_id", name=op.f("uq_webhook_events_event_id")),
    )
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_events_received_at"), ["received_at"], unique=False
        )

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_role", sa.String(length=8), nullable=False),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("subject_type", sa.String(length=24), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_audit_log_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_action_at", ["action", "at"], unique=False)
        batch_op.create_index("ix_audit_log_at", ["at"], unique=False)
        batch_op.create_index("ix_audit_log_subject", ["subject_type", "subject_id"], unique=False)

    op.create_table(
        "bank_payouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("account_ref", sa.String(length=120), nullable=False),
        sa.Column("kol_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("failure_code", sa.String(length=64), nullable=True),
        sa.Column("failure_message", sa.String(length=300), nullable=True),
        sa.Column("arrival_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kol_id"], ["users.id"], name=op.f("fk_bank_payouts_kol_id_users"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bank_payouts")),
        sa.UniqueConstraint("reference", name=op.f("uq_bank_payouts_reference")),
    )
    with op.batch_alter_table("bank_payouts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bank_payouts_account_ref"), ["account_ref"], unique=False
        )

    op.create_table(
        "payment_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("provider", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("transfers_enabled", sa.Boolean(), nullable=False),
        sa.Column("payouts_enabled", sa.Boolean(), nullable=False),
        sa.Column("details_submitted", sa.Boolean(), nullable=False),
        sa.Column("requirements_due", sa.JSON(), nullable=False),
        sa.Column("disabled_reason", sa.String(length=120), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_payment_accounts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_accounts")),
        sa.UniqueConstraint("reference", name=op.f("uq_payment_accounts_reference")),
        sa.UniqueConstraint("user_id", name=op.f("uq_payment_accounts_user_id")),
    )
    op.create_table(
        "payment_disputes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("charge_ref", sa.String(length=120), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=True),
        sa.Column("amount", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_payment_disputes_contract_id_contracts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_disputes")),
        sa.UniqueConstraint("reference", name=op.f("uq_payment_disputes_reference")),
    )
    with op.batch_alter_table("payment_disputes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_disputes_charge_ref"), ["charge_ref"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_payment_disputes_contract_id"), ["contract_id"], unique=False
        )

    # Plain ADD COLUMN (no batch rebuild): rebuilding contracts on SQLite with foreign
    # keys on would cascade-delete their events and disputes.
    op.add_column("contracts", sa.Column("flagged_at", sa.DateTime(), nullable=True))
    op.add_column("contracts", sa.Column("flag_reason", sa.String(length=500), nullable=True))
    # disputes is rebuilt on SQLite (a named foreign key needs it); nothing references it
    # yet, so the rebuild cascades nowhere. dispute_evidence is created after it.
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("response", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("response_due_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("responded_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("assigned_to_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("assigned_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("withdrawn_at", sa.DateTime(), nullable=True))
        batch_op.add_column(
            sa.Column("source", sa.String(length=16), nullable=False, server_default="party")
        )
        batch_op.create_foreign_key(
            "fk_disputes_assigned_to_id_users",
            "users",
            ["assigned_to_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_table(
        "dispute_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dispute_id", sa.Integer(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_by_role", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("original_name", sa.String(length=200), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("size_bytes > 0", name=op.f("ck_dispute_evidence_size_positive")),
        sa.ForeignKeyConstraint(
            ["dispute_id"],
            ["disputes.id"],
            name=op.f("fk_dispute_evidence_dispute_id_disputes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"],
            ["users.id"],
            name=op.f("fk_dispute_evidence_uploaded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispute_evidence")),
        sa.UniqueConstraint("token", name=op.f("uq_dispute_evidence_token")),
    )
    with op.batch_alter_table("dispute_evidence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dispute_evidence_dispute_id"), ["dispute_id"], unique=False
        )

    op.add_column("payment_attempts", sa.Column("intent_ref", sa.String(length=120), nullable=True))
    op.create_index(
        "uq_payment_attempts_intent_ref", "payment_attempts", ["intent_ref"], unique=True
    )
    if op.get_context().dialect.name == "postgresql":
        op.execute(AUDIT_APPEND_ONLY)


def downgrade():
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;")
    op.drop_index("uq_payment_attempts_intent_ref", table_name="payment_attempts")
    op.drop_column("payment_attempts", "intent_ref")
    with op.batch_alter_table("dispute_evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dispute_evidence_dispute_id"))

    op.drop_table("dispute_evidence")
    with op.batch_alter_table("disputes", schema=None) as batch_op:
        batch_op.drop_column("source")
        batch_op.drop_column("withdrawn_at")
        batch_op.drop_column("assigned_at")
        batch_op.drop_column("assigned_to_id")
        batch_op.drop_column("responded_at")
        batch_op.drop_column("response_due_at")
        batch_op.drop_column("response")
    # Not batch: a rebuild of contracts would cascade-delete their events on SQLite.
    op.drop_column("contracts", "flag_reason")
    op.drop_column("contracts", "flagged_at")

    with op.batch_alter_table("payment_disputes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_disputes_contract_id"))
        batch_op.drop_index(batch_op.f("ix_payment_disputes_charge_ref"))

    op.drop_table("payment_disputes")
    op.drop_table("payment_accounts")
    with op.batch_alter_table("bank_payouts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_payouts_account_ref"))

    op.drop_table("bank_payouts")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_log_subject")
        batch_op.drop_index("ix_audit_log_at")
        batch_op.drop_index("ix_audit_log_action_at")

    op.drop_table("audit_log")
    with op.batch_alter_table("webhook_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_events_received_at"))

    op.drop_table("webhook_events")
