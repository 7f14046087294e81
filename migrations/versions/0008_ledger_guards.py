"""ledger guards on PostgreSQL: entries balance per currency at commit; the ledger is append-only

A deferred constraint trigger checks, when the transaction commits, that every entry that
got lines sums to zero per currency and has at least two lines; row triggers refuse any
UPDATE or DELETE of entries and lines (corrections are reversing entries). SQLite keeps
relying on the ledger service's own checks, so nothing changes there.

Revision ID: 0008_ledger_guards
Revises: 0007_contracts
"""

from alembic import op

revision = "0008_ledger_guards"
down_revision = "0007_contracts"
branch_labels = None
depends_on = None

UPGRADE = """
CREATE FUNCTION ledger_entry_balances() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry bigint := NEW.entry_id;
BEGIN
    IF (SELECT count(*) FROM ledger_lines WHERE entry_id = entry) < 2 THEN
        RAISE EXCEPTION 'ledger entry % needs at least two lines', entry
            USING ERRCODE = 'check_violation';
    END IF;
    IF EXISTS (
        SELECT 1 FROM ledger_lines WHERE entry_id = entry
        GROUP BY currency HAVING sum(amount) <> 0
    ) THEN
        RAISE EXCEPTION 'ledger entry % does not sum to zero per currency', entry
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER ledger_lines_balanced
    AFTER INSERT ON ledger_lines
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION ledger_entry_balances();

CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused (post a reversing entry instead)',
        TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;

CREATE TRIGGER ledger_entries_append_only
    BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();

CREATE TRIGGER ledger_lines_append_only
    BEFORE UPDATE OR DELETE ON ledger_lines
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
"""

DOWNGRADE = """
DROP TRIGGER IF EXISTS ledger_lines_append_only ON ledger_lines;
DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries;
DROP FUNCTION IF EXISTS ledger_append_only();
DROP TRIGGER IF EXISTS ledger_lines_balanced ON ledger_lines;
DROP FUNCTION IF EXISTS ledger_entry_balances();
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(UPGRADE)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DOWNGRADE)
