"""Single-use links: random secrets of which only a hash is stored, and signed unsubscribe tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from qnet.core.errors import QnetError


class Expired(QnetError):
    """A link whose time is up: 410, with a message that says what to do instead."""

    code, status = "expired", 410


def new_secret() -> tuple[str, str]:
    """A fresh URL-safe secret and the digest to store in its place."""
    secret = secrets.token_urlsafe(32)
    return secret, digest(secret)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def sign(key: str, purpose: str, value: str) -> str:
    """`value.signature`: lets a link be rebuilt for any later mail without storing the secret."""
    mac = hmac.new(key.encode(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{value}.{mac}"


def unsign(key: str, purpose: str, token: str) -> str | None:
    """The value inside a signed token, or None if the signature is not ours."""
    value = token.rpartition(".")[0]
    if not value or not hmac.compare_digest(sign(key, purpose, value), token):
        return None
    return value
