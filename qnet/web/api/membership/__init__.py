"""The membership API: sign-in and tokens, recruitment, applications, invitations, updates, privacy."""
