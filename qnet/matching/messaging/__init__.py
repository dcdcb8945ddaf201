"""Reaching people: messages, notifications and their email, the activity that notifies, the signed-in home."""
