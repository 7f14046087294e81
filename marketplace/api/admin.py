"""API endpoints: admin."""
