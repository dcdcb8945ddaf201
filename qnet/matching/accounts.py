"""Accounts: password hashing (Argon2id), sign-in with throttling, and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from qnet.errors import TooManyRequests, Unauthorised
from qnet.graph.accounts import AccountRepository
from qnet.graph.models import ApiToken

# argon2-cffi's defaults: Argon2id with RFC 9106's low-memory parameters (64 MiB, 3 passes), ~165 ms a
# hash on the 2-core machine.
DEFAULT_HASHER = PasswordHasher()
_hasher = DEFAULT_HASHER
# Verifying against this when the email is unknown keeps sign-in timing the same either way.
_DUMMY_HASH = _hasher.hash("qnet-timing-equaliser")
TOKEN_PREFIX = "qnet_"


def use_password_hasher(hasher: PasswordHasher) -> None:
    """Hash and verify with other Argon2 parameters in this process. Only the test suite does this,
    with argon2's cheapest profile: the same algorithm and code paths, in well under a millisecond
    instead of ~165 ms, where hundreds of sign-ups and sign-ins made minutes of the suite's time.
    Hashes record their parameters, so either kind verifies, and sign-in re-hashes a password whose
    parameters differ from the current ones."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("qnet-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class AccountService:
    def __init__(self, accounts: AccountRepository, *, max_attempts: int = 5, window_s: int = 300) -> None:
        self.accounts = accounts
        self.max_attempts = max_attempts
        self.window_s = window_s

    def authenticate(self, email: str, password: str, client: str = "") -> str:
        """Return the member id for a correct email and password; throttle repeated failures."""
        keys = [f"email:{email.casefold()}"] + ([f"client:{client}"] if client else [])
        for key in keys:
            if self.accounts.recent_failures(key, self.window_s) >= self.max_attempts * (4 if key.startswith("client") else 1):
                raise TooManyRequests("too many failed sign-in attempts; wait a few minutes and try again")
        credentials = self.accounts.credentials(email)
        stored = credentials.password_hash if credentials and credentials.password_hash else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
            ok = credentials is not None and credentials.password_hash is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok or credentials is None:
            for key in keys:
                self.accounts.record_failure(key, self.window_s)
            raise Unauthorised("the email or password is not right")
        self.accounts.clear_failures(keys[0])
        if _hasher.check_needs_rehash(stored):
            self.accounts.set_password_hash(credentials.member_id, hash_password(password))
        return credentials.member_id

    def create_token(self, member_id: str, name: str) -> tuple[ApiToken, str]:
        """Create a token; the secret is returned once and only its hash is kept."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        return self.accounts.create_token(member_id, name, token_digest(secret)), secret

    def member_for_token(self, secret: str) -> str | None:
        if not secret.startswith(TOKEN_PREFIX):
            return None
        return self.accounts.member_id_for_token(token_digest(secret))
