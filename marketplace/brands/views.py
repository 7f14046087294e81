"""Views of the brands blueprint."""
