"""Views of the browse blueprint."""
