"""Schemas of the knowledge API."""
