"""Admin use cases: moderation of users (and later disputes, ledger inspection)."""
