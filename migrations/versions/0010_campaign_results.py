"""campaign results, portfolio, invitation answers

Commission deals: products and their tracked links, clicks, conversions and returns,
postback secrets and seen signatures, budget top-ups, and the offer round's budget and
products; the KOL's track record fields, portfolio items and account links; and a KOL's
answer to a brand's invitation.

Revision ID: 0010_campaign_results
Revises: 0009_payments_disputes
"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_campaign_results"
down_revision = "0009_payments_disputes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "signed_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signed_requests")),
        sa.UniqueConstraint("signature", name=op.f("uq_signed_requests_signature")),
    )
    with op.batch_alter_table("signed_requests", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signed_requests_at"), ["at"], unique=False)

    op.create_table(
        "conversion_secrets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["brand_id"],
            ["users.id"],
            name=op.f("fk_conversion_secrets_brand_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversion_secrets")),
    )
    with op.batch_alter_table("conversion_secrets", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversion_secrets_brand_id"), ["brand_id"], unique=False
        )

    op.create_table(
        "portfolio_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kol_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("image_path", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("platform", sa.String(length=32), nullable=True),
        sa.Column("caption", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kol_id"],
            ["kol_profiles.user_id"],
            name=op.f("fk_portfolio_items_kol_id_kol_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_portfolio_items")),
    )
    with op.batch_alter_table("portfolio_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_portfolio_items_kol_id"), ["kol_id"], unique=False)

    op.create_table(
        "commission_top_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("idempotency_key", sa.String(length=120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'succeeded', 'failed')",
            name=op.f("ck_commission_top_ups_status_known"),
        ),
        sa.CheckConstraint("amount > 0", name=op.f("ck_commission_top_ups_amount_positive")),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_commission_top_ups_contract_id_contracts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commission_top_ups")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_commission_top_ups_idempotency_key")),
    )
    with op.batch_alter_table("commission_top_ups", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commission_top_ups_contract_id"), ["contract_id"], unique=False
        )

    op.create_table(
        "contract_products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("price", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("link_code", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "price IS NULL OR price >= 0", name=op.f("ck_contract_products_price_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_contract_products_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contract_products")),
        sa.UniqueConstraint("link_code", name=op.f("uq_contract_products_link_code")),
    )
    with op.batch_alter_table("contract_products", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contract_products_contract_id"), ["contract_id"], unique=False
        )

    op.create_table(
        "conversions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.String(length=64), nullable=False),
        sa.Column("amount", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("ordered_at", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(length=8), nullable=False),
        sa.Column("refunded", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "commission", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("payable_at", sa.DateTime(), nullable=True),
        sa.Column("settled_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_conversions_amount_positive")),
        sa.CheckConstraint("commission >= 0", name=op.f("ck_conversions_commission_not_negative")),
        sa.CheckConstraint(
            "refunded >= 0 AND refunded <= amount", name=op.f("ck_conversions_refunded_in_range")
        ),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["users.id"], name=op.f("fk_conversions_brand_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"], ["contracts.id"], name=op.f("fk_conversions_contract_id_contracts")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["contract_products.id"],
            name=op.f("fk_conversions_product_id_contract_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversions")),
        sa.UniqueConstraint("brand_id", "order_id", name=op.f("uq_conversions_brand_id_order_id")),
    )
    with op.batch_alter_table("conversions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conversions_brand_id"), ["brand_id"], unique=False)
        batch_op.create_index(
            "ix_conversions_contract_ordered", ["contract_id", "ordered_at"], unique=False
        )
        batch_op.create_index(
            "ix_conversions_status_payable", ["status", "payable_at"], unique=False
        )

    op.create_table(
        "link_clicks",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("visitor_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("is_unique", sa.Boolean(), nullable=False),
        sa.Column("referrer_platform", sa.String(length=32), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name=op.f("fk_link_clicks_contract_id_contracts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"],
            ["contract_products.id"],
            name=op.f("fk_link_clicks_product_id_contract_products"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_clicks")),
    )
    with op.batch_alter_table("link_clicks", schema=None) as batch_op:
        batch_op.create_index("ix_link_clicks_contract_at", ["contract_id", "at"], unique=False)
        batch_op.create_index(
            "ix_link_clicks_product_visitor_at", ["product_id", "visitor_hash", "at"], unique=False
        )

    op.create_table(
        "conversion_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversion_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "commission_cancelled",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("amount > 0", name=op.f("ck_conversion_returns_amount_positive")),
        sa.ForeignKeyConstraint(
            ["conversion_id"],
            ["conversions.id"],
            name=op.f("fk_conversion_returns_conversion_id_conversions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversion_returns")),
    )
    with op.batch_alter_table("conversion_returns", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_conversion_returns_conversion_id"), ["conversion_id"], unique=False
        )

    with op.batch_alter_table("brief_invitations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=12), nullable=False, server_default="pending")
        )
        batch_op.add_column(sa.Column("decline_reason", sa.String(length=500), nullable=True))
        batch_op.add_column(sa.Column("answered_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("application_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_brief_invitations_application_id_applications"),
            "applications",
            ["application_id"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("contract_offers", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "commission_budget",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=False,
                server_default="0",
            )
        )
        batch_op.add_column(sa.Column("products", sa.JSON(), nullable=False, server_default="[]"))

    with op.batch_alter_table("contracts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("commission_alerted_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("commission_closed_at", sa.DateTime(), nullable=True))

    with op.batch_alter_table("kol_profiles", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("orders_driven", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("conversion_rate", sa.Float(), nullable=True))

    with op.batch_alter_table("platform_accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("url", sa.String(length=500), nullable=True))


def downgrade():
    # Plain ALTER TABLE DROP COLUMN (SQLite 3.35+): a batch rebuild of these tables would
    # cascade-delete the rows that reference them (contract events, disputes) and trip the
    # search triggers on kol_profiles.
    op.drop_column("platform_accounts", "url")

    op.drop_column("kol_profiles", "conversion_rate")
    op.drop_column("kol_profiles", "orders_driven")

    op.drop_column("contracts", "commission_closed_at")
    op.drop_column("contracts", "commission_alerted_at")
    op.drop_column("contract_offers", "products")
    op.drop_column("contract_offers", "commission_budget")

    with op.batch_alter_table("brief_invitations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_brief_invitations_application_id_applications"), type_="foreignkey"
        )
        batch_op.drop_column("application_id")
        batch_op.drop_column("answered_at")
        batch_op.drop_column("decline_reason")
        batch_op.drop_column("status")

    with op.batch_alter_table("conversion_returns", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversion_returns_conversion_id"))

    op.drop_table("conversion_returns")
    with op.batch_alter_table("link_clicks", schema=None) as batch_op:
        batch_op.drop_index("ix_link_clicks_product_visitor_at")
        batch_op.drop_index("ix_link_clicks_contract_at")

    op.drop_table("link_clicks")
    with op.batch_alter_table("conversions", schema=None) as batch_op:
        batch_op.drop_index("ix_conversions_status_payable")
        batch_op.drop_index("ix_conversions_contract_ordered")
        batch_op.drop_index(batch_op.f("ix_conversions_brand_id"))

    op.drop_table("conversions")
    with op.batch_alter_table("contract_products", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contract_products_contract_id"))

    op.drop_table("contract_products")
    with op.batch_alter_table("commission_top_ups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commission_top_ups_contract_id"))

    op.drop_table("commission_top_ups")
    with op.batch_alter_table("portfolio_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_portfolio_items_kol_id"))

    op.drop_table("portfolio_items")
    with op.batch_alter_table("conversion_secrets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conversion_secrets_brand_id"))

    op.drop_table("conversion_secrets")
    with op.batch_alter_table("signed_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signed_requests_at"))

    op.drop_table("signed_requests")
