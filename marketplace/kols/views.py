"""Views of the kols blueprint."""
