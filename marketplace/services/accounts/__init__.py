"""Accounts: sign-up, sign-in, tokens, sessions."""
