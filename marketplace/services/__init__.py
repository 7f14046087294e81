"""Use cases: each function takes plain values, enforces the rules and runs in one unit of work."""
