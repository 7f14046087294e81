"""Contracts: offers and counter-offers, escrow, proof of posting, approval, cancellation,
disputes and the timers that move them (see `workflow.py` for the one status mechanism)."""
