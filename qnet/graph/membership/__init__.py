"""Membership in the graph: accounts, sessions, recruitment, applications, reviews, invitations, updates, privacy."""
