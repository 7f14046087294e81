"""Views of the briefs blueprint."""
