"""Schemas of the coordinator API."""
