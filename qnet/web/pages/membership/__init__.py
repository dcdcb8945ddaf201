"""Membership pages: the public pages, applying and updates, accounts and sign-in."""
