"""Use cases: each function takes plain values, enforces the rules and commits once."""
