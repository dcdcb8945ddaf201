"""Coordinator pages: the dashboard and its cluster map, applications, moderation, recruitment and rounds."""
