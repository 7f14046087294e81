"""API endpoints: briefs."""
