"""The coordinator API: clustering runs and pairing."""
