"""Schemas of the messaging API."""
