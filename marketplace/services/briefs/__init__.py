"""Briefs, applications, invitations and briefs-for-you."""
