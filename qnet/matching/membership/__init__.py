"""Membership: accounts and sessions, recruitment, applications and their review, updates, letters, privacy."""
