"""API endpoints: kols."""
