"""The double-entry ledger: accounts, balanced idempotent postings, balances."""
