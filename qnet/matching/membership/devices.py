"""Device cookies (OWASP, "Slow down online guessing attacks with device cookies").

A browser or script that has signed in to an account before holds a signed cookie naming that
account (by a keyed digest, never the email itself) and a random nonce. Sign-in attempts that carry
a valid cookie for the account being tried are throttled on that nonce alone, so a guesser elsewhere
(another device, or everyone behind one hospital address) cannot lock the owner out; attempts without
one share the account's and the address's stricter allowance for unknown clients.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from itsdangerous import BadSignature, URLSafeTimedSerializer

DEVICE_COOKIE = "qnet_device"
DEVICE_COOKIE_LIFETIME = timedelta(days=365)
ACCOUNTS_PER_DEVICE = 5  # a shared ward computer remembers its last few members


class DeviceCookies:
    def __init__(self, secret_key: str) -> None:
        self._secret = secret_key.encode("utf-8")
        self._signer = URLSafeTimedSerializer(secret_key, salt="qnet-device-cookie")

    def _account_tag(self, email: str) -> str:
        return hmac.new(self._secret, email.casefold().encode("utf-8"), hashlib.sha256).hexdigest()[:32]

    def _entries(self, cookie: str | None) -> list[list[str]]:
        if not cookie:
            return []
        try:
            entries = self._signer.loads(cookie, max_age=int(DEVICE_COOKIE_LIFETIME.total_seconds()))
        except BadSignature:  # tampered with, expired or from another secret key: an unknown client
            return []
        if not isinstance(entries, list):
            return []
        return [e for e in entries if isinstance(e, list) and len(e) == 2 and all(isinstance(x, str) for x in e)]

    def nonce_for(self, cookie: str | None, email: str) -> str | None:
        """The device nonce this cookie holds for the account, or None: the client is unknown to it."""
        tag = self._account_tag(email)
        return next((nonce for entry_tag, nonce in self._entries(cookie) if entry_tag == tag), None)

    def remember(self, cookie: str | None, email: str) -> str:
        """The cookie after a successful sign-in: a fresh nonce for this account, the others kept."""
        tag = self._account_tag(email)
        others = [e for e in self._entries(cookie) if e[0] != tag]
        return self._signer.dumps([[tag, secrets.token_urlsafe(16)], *others][:ACCOUNTS_PER_DEVICE])
