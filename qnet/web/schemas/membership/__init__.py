"""Schemas of the membership API."""
