"""Accounts: password hashing (Argon2id), sign-in with throttling, and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from qnet.core.errors import Invalid, TooManyRequests, Unauthorised
from qnet.core.records import ApiToken
from qnet.graph.membership.accounts import AccountRepository

# argon2-cffi's defaults: Argon2id with RFC 9106's low-memory parameters (64 MiB, 3 passes), slow on
# purpose so that a stolen hash is slow to guess (its cost: docs/BENCHMARKS.md).
DEFAULT_HASHER = PasswordHasher()
_hasher = DEFAULT_HASHER
# Verifying against this when the email is unknown keeps sign-in timing the same either way.
_DUMMY_HASH = _hasher.hash("qnet-timing-equaliser")
TOKEN_PREFIX = "qnet_"


def use_password_hasher(hasher: PasswordHasher) -> None:
    """Hash and verify with other Argon2 parameters in this process. Only the test suite does this,
    with argon2's cheapest profile: the same algorithm and code paths, much faster, where hundreds of
    sign-ups and sign-ins made minutes of the suite's time.
    Hashes record their parameters, so either kind verifies, and sign-in re-hashes a password whose
    parameters differ from the current ones."""
    global _hasher, _DUMMY_HASH
    _hasher = hasher
    _DUMMY_HASH = hasher.hash("qnet-timing-equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


UNKNOWN_CLIENT_ADDRESS_FACTOR = 4  # failures from one address (unknown clients) before it waits: 4 x the account's


class AccountService:
    """Passwords and tokens. Failed sign-ins are counted where they came from: a client with a device
    cookie for the account spends only its own allowance; unknown clients share the account's
    allowance and their address's, so a guesser cannot lock out an owner who signed in there before."""

    def __init__(self, accounts: AccountRepository, *, max_attempts: int = 5, window_s: int = 300) -> None:
        self.accounts = accounts
        self.max_attempts = max_attempts
        self.window_s = window_s

    def _allowances(self, email: str, client: str, device: str | None) -> list[tuple[str, int]]:
        if device:
            return [(f"device:{device}", self.max_attempts)]
        allowances = [(f"email:{email.casefold()}", self.max_attempts)]
        if client:
            allowances.append((f"client:{client}", self.max_attempts * UNKNOWN_CLIENT_ADDRESS_FACTOR))
        return allowances

    def authenticate(self, email: str, password: str, client: str = "", device: str | None = None) -> str:
        """Return the member id for a correct email and password; throttle repeated failures.

        `device` is the nonce of a valid device cookie for this account (None: an unknown client);
        `client` is the network address. Within a spent allowance even the right password is 429,
        so a guesser learns nothing from it."""
        allowances = self._allowances(email, client, device)
        for key, limit in allowances:
            if self.accounts.recent_failures(key, self.window_s) >= limit:
                raise TooManyRequests("too many failed sign-in attempts; wait a few minutes and try again")
        credentials = self.accounts.credentials(email)
        stored = credentials.password_hash if credentials and credentials.password_hash else _DUMMY_HASH
        try:
            _hasher.verify(stored, password)
            ok = credentials is not None and credentials.password_hash is not None
        except (VerificationError, InvalidHashError):
            ok = False
        if not ok or credentials is None:
            for key, _ in allowances:
                self.accounts.record_failure(key, self.window_s)
            raise Unauthorised("the email or password is not right")
        self.accounts.clear_failures(allowances[0][0])
        if _hasher.check_needs_rehash(stored):
            self.accounts.set_password_hash(credentials.member_id, hash_password(password))
        return credentials.member_id

    def change_password(self, email: str, current: str, new: str, client: str = "",
                        device: str | None = None) -> str:
        """Check the current password (throttled like a sign-in), then store the new one's hash.
        Ending the member's other sessions is the caller's part (qnet.matching.membership.sessions)."""
        try:
            member_id = self.authenticate(email, current, client=client, device=device)
        except Unauthorised as error:
            raise Invalid("that is not your current password",
                          fields={"current_password": ["that is not your current password"]}) from error
        self.accounts.set_password_hash(member_id, hash_password(new))
        return member_id

    def create_token(self, member_id: str, name: str) -> tuple[ApiToken, str]:
        """Create a token; the secret is returned once and only its hash is kept."""
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        return self.accounts.create_token(member_id, name, token_digest(secret)), secret

    def tokens(self, member_id: str) -> list[ApiToken]:
        """A member's tokens, newest first (names and dates; never a secret)."""
        return self.accounts.tokens(member_id)

    def revoke_token(self, member_id: str, token_id: str) -> None:
        self.accounts.revoke_token(member_id, token_id)

    def member_for_token(self, secret: str) -> str | None:
        if not secret.startswith(TOKEN_PREFIX):
            return None
        return self.accounts.member_id_for_token(token_digest(secret))
