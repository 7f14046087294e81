"""API endpoints: brands."""
