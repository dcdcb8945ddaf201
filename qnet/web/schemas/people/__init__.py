"""Schemas of the people API."""
