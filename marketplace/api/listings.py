"""API endpoints: listings."""
