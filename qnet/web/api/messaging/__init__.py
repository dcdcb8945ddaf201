"""The messaging API: conversations and notifications."""
