"""Messaging pages: conversations and notifications."""
