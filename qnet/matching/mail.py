"""Delivering the outbox: by SMTP when QNET_SMTP_HOST is set, otherwise into the local mail directory.

Services enqueue mail in the same transaction as the change it reports, then call `deliver(ids)`
straight after the commit; `qnet mail deliver` sends whatever is still queued (for example after
the SMTP server was down). A failed delivery leaves the message queued with its error, so nothing
is lost.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Protocol

from qnet.config import Settings
from qnet.graph.mail import OutboxRepository, StoredMail

log = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    sent: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


class Transport(Protocol):
    name: str

    def open(self) -> None: ...

    def send(self, message: EmailMessage) -> None: ...

    def close(self) -> None: ...


class DirectoryTransport:
    """Writes each message as an .eml file: a demo works offline and every message can be read."""

    name = "directory"

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def open(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)  # mail holds single-use links

    def send(self, message: EmailMessage) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        final = self.directory / f"{stamp}-{message['X-Qnet-Mail-Id']}.eml"
        partial = final.with_suffix(".part")
        partial.write_bytes(bytes(message))
        os.replace(partial, final)  # readers never see half a message

    def close(self) -> None:
        pass


class SmtpTransport:
    """One SMTP connection per delivery run (STARTTLS, implicit TLS or plain, as configured)."""

    name = "smtp"

    def __init__(self, settings: Settings, timeout_s: float = 15.0) -> None:
        self.settings = settings
        self.timeout_s = timeout_s
        self.client: smtplib.SMTP | None = None

    def open(self) -> None:
        s = self.settings
        assert s.smtp_host is not None
        if s.smtp_tls == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(s.smtp_host, s.smtp_port, timeout=self.timeout_s,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=self.timeout_s)
            if s.smtp_tls == "starttls":
                client.starttls(context=ssl.create_default_context())
        if s.smtp_user:
            client.login(s.smtp_user, s.smtp_password or "")
        self.client = client

    def send(self, message: EmailMessage) -> None:
        assert self.client is not None
        self.client.send_message(message)

    def close(self) -> None:
        if self.client is not None:
            try:
                self.client.quit()
            except smtplib.SMTPException:
                pass
            self.client = None


class MailService:
    def __init__(self, outbox: OutboxRepository, settings: Settings) -> None:
        self.outbox = outbox
        self.settings = settings

    @property
    def mail_dir(self) -> Path:
        return self.settings.mail_dir or self.settings.home / "mail"

    def transport(self) -> Transport:
        if self.settings.smtp_host:
            return SmtpTransport(self.settings)
        return DirectoryTransport(self.mail_dir)

    def compose(self, mail: StoredMail) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.settings.smtp_from
        message["To"] = mail.to
        message["Subject"] = mail.subject
        message["Date"] = format_datetime(datetime.now(UTC))
        message["Message-ID"] = make_msgid(domain="qnet.local")
        message["X-Qnet-Mail-Id"] = mail.id
        message["X-Qnet-Kind"] = mail.kind
        if mail.unsubscribe:  # one click in the mail client stops this email (RFC 8058)
            message["List-Unsubscribe"] = f"<{mail.unsubscribe}>"
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content(mail.body or "")
        return message

    def deliver(self, ids: list[str] | None = None, now: datetime | None = None,
                limit: int = 100) -> DeliveryReport:
        """Send queued mail (just `ids`, or everything queued); failures stay queued for a later run."""
        report = DeliveryReport()
        claimed = self.outbox.claim(now or datetime.now(UTC), ids, limit)
        if not claimed:
            return report
        transport = self.transport()
        try:
            transport.open()
        except (OSError, smtplib.SMTPException) as exc:
            for mail in claimed:
                self._failed(mail, exc, report)
            return report
        try:
            for mail in claimed:
                try:
                    transport.send(self.compose(mail))
                except (OSError, smtplib.SMTPException) as exc:
                    self._failed(mail, exc, report)
                    continue
                self.outbox.mark_sent(mail.id, datetime.now(UTC), transport.name)
                report.sent.append(mail.id)
        finally:
            transport.close()
        return report

    def deliver_quietly(self, ids: list[str], batch: int = 100) -> None:
        """Deliver right after a commit; the caller's change stands whatever happens here."""
        try:
            for start in range(0, len(ids), batch):
                self.deliver(ids[start: start + batch], limit=batch)
        except Exception:  # the mail is safe in the outbox; `qnet mail deliver` retries it
            log.exception("mail delivery failed; it stays queued")

    def _failed(self, mail: StoredMail, exc: Exception, report: DeliveryReport) -> None:
        log.warning("mail %s not delivered: %s", mail.id, exc)
        self.outbox.mark_failed(mail.id, f"{type(exc).__name__}: {exc}")
        report.failed[mail.id] = str(exc)
