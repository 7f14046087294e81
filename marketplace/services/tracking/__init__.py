"""Tracked product links of commission contracts and the clicks on them."""
