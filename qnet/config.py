"""Settings read from the environment, each with a default that works on a developer's machine.

The README's configuration table lists every variable here; keep the two in step.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, replace
from pathlib import Path

# The local server's Neo4j (QNET_NEO4J_VERSION overrides it; 5.26.30 runs the previous LTS).
DEFAULT_NEO4J_VERSION = "2026.08.1"


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


def _flag(name: str) -> bool:
    """An on/off setting: 1, true, yes or on turn it on; anything else (or unset) leaves it off."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def qnet_home() -> Path:
    """QNET_HOME (default ~/.qnet): where qnet keeps secrets, models, caches and its local server."""
    return Path(_env("QNET_HOME", str(Path.home() / ".qnet"))).expanduser()


def _secret_file(path: Path, nbytes: int = 24) -> str:
    """Read a generated secret kept in a private file, creating it on first use."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value)
    return value


@dataclass(frozen=True)
class Settings:
    """Everything qnet needs to know about its surroundings."""

    home: Path
    neo4j_uri: str | None
    neo4j_user: str
    neo4j_password: str
    neo4j_database: str
    local_neo4j_home: Path
    bolt_port: int
    neo4j_heap: str
    neo4j_pagecache_mb: int
    secret_key: str
    embedding_model: str
    log_level: str
    max_body_bytes: int
    login_attempts: int
    login_window_s: int
    # Membership mail (outbox delivery) and single-use links.
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "qnet <no-reply@qnet.local>"
    smtp_tls: str = "starttls"  # starttls | ssl | none
    mail_dir: Path | None = None  # None: $QNET_HOME/mail
    public_url: str = "http://127.0.0.1:5000"
    invitation_ttl_hours: int = 168
    confirmation_ttl_hours: int = 48
    public_writes_per_hour: int = 30  # per client address, for applications and update sign-ups; 0: off
    proxy_hops: int = 0  # reverse proxies in front of qnet whose X-Forwarded-For/-Proto to trust
    messages_per_hour: int = 60  # messages one member may send in an hour before 429; 0: no limit
    digest_hour: int = 7  # UK hour at which `qnet worker` sends daily (and, on Mondays, weekly) digests
    worker_interval_s: float = 5.0  # how often `qnet worker` looks for mail to send
    open_signup: bool = False  # anyone may create an account; off: accounts come from accepted applications
    secure_cookies: bool = False  # cookies only over HTTPS (turn on wherever qnet is served over HTTPS)
    # The local server: which Neo4j Maven fetches, and the Java that runs it (None: the best found).
    neo4j_version: str = DEFAULT_NEO4J_VERSION
    java_home: Path | None = None  # QNET_JAVA_HOME: use this Java and no other
    env_java_home: str | None = None  # JAVA_HOME: one candidate among the others
    # How the embedding model runs (qnet.matching.meaning.embedding): None leaves the choice to the
    # caller (torch in the app; for `qnet seed`, the fastest backend that gives torch's vectors).
    embedding_backend: str | None = None
    query_embedding_backend: str = "onnx"  # search queries' own encoder; "same": the main backend

    @property
    def uses_local_neo4j(self) -> bool:
        """True when qnet starts its own server: NEO4J_URI is not set."""
        return self.neo4j_uri is None

    @property
    def bolt_uri(self) -> str:
        return self.neo4j_uri or f"bolt://127.0.0.1:{self.bolt_port}"

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings() -> Settings:
    """Build Settings from the environment; generated secrets live under QNET_HOME."""
    home = qnet_home()
    local_home = Path(_env("QNET_NEO4J_HOME", str(home / "neo4j"))).expanduser()
    uri = os.environ.get("NEO4J_URI", "").strip() or None
    password = os.environ.get("NEO4J_PASSWORD", "").strip()
    if not password:
        if uri is not None:
            password = "neo4j"  # an external server with no password given: let it refuse us
        else:
            password = _secret_file(local_home / "password")
    secret_key = os.environ.get("QNET_SECRET_KEY", "").strip() or _secret_file(home / "secret_key", 32)
    return Settings(
        home=home,
        neo4j_uri=uri,
        neo4j_user=_env("NEO4J_USER", "neo4j"),
        neo4j_password=password,
        neo4j_database=_env("NEO4J_DATABASE", "neo4j"),
        local_neo4j_home=local_home,
        bolt_port=int(_env("QNET_BOLT_PORT", "7687")),
        neo4j_heap=_env("QNET_NEO4J_HEAP", "2g"),
        neo4j_pagecache_mb=int(_env("QNET_NEO4J_PAGECACHE_MB", "2048")),
        secret_key=secret_key,
        embedding_model=_env("QNET_EMBEDDING_MODEL", "all-MiniLM-L6-v2"),
        log_level=_env("QNET_LOG_LEVEL", "WARNING").upper(),
        max_body_bytes=int(_env("QNET_MAX_BODY_BYTES", str(1024 * 1024))),
        login_attempts=int(_env("QNET_LOGIN_ATTEMPTS", "5")),
        login_window_s=int(_env("QNET_LOGIN_WINDOW_S", "300")),
        smtp_host=os.environ.get("QNET_SMTP_HOST", "").strip() or None,
        smtp_port=int(_env("QNET_SMTP_PORT", "587")),
        smtp_user=os.environ.get("QNET_SMTP_USER", "").strip() or None,
        smtp_password=os.environ.get("QNET_SMTP_PASSWORD", "") or None,
        smtp_from=_env("QNET_SMTP_FROM", "qnet <no-reply@qnet.local>"),
        smtp_tls=_env("QNET_SMTP_TLS", "starttls").lower(),
        mail_dir=Path(_env("QNET_MAIL_DIR", str(home / "mail"))).expanduser(),
        public_url=_env("QNET_PUBLIC_URL", "http://127.0.0.1:5000").rstrip("/"),
        invitation_ttl_hours=int(_env("QNET_INVITATION_TTL_HOURS", "168")),
        confirmation_ttl_hours=int(_env("QNET_CONFIRMATION_TTL_HOURS", "48")),
        public_writes_per_hour=int(_env("QNET_PUBLIC_WRITES_PER_HOUR", "30")),
        proxy_hops=int(_env("QNET_PROXY_HOPS", "0")),
        messages_per_hour=int(_env("QNET_MESSAGES_PER_HOUR", "60")),
        digest_hour=int(_env("QNET_DIGEST_HOUR", "7")),
        worker_interval_s=float(_env("QNET_WORKER_INTERVAL_S", "5")),
        open_signup=_flag("QNET_OPEN_SIGNUP"),
        secure_cookies=_flag("QNET_SECURE_COOKIES"),
        neo4j_version=_env("QNET_NEO4J_VERSION", DEFAULT_NEO4J_VERSION),
        java_home=Path(os.environ["QNET_JAVA_HOME"]).expanduser() if os.environ.get("QNET_JAVA_HOME") else None,
        env_java_home=os.environ.get("JAVA_HOME", "").strip() or None,
        embedding_backend=os.environ.get("QNET_EMBEDDING_BACKEND", "").strip().lower() or None,
        query_embedding_backend=_env("QNET_QUERY_EMBEDDING_BACKEND", "onnx").lower(),
    )
