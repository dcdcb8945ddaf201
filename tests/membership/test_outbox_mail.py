"""The outbox: every mail is stored in the graph, then delivered by SMTP or into the mail directory."""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from qnet.cli import main
from qnet.core.filters import QueueFilters
from qnet.graph.driver import Graph
from qnet.graph.mail import OutboxRepository, OutgoingMail
from qnet.matching.mail import MailService
from qnet.matching.membership.applications import ApplicationInput, ApplicationService
from qnet.services import Services
from tests.membership.factories import Mailbox, application_body
from tests.membership.smtp import LoopbackSmtp


def smtp_mail(services: Services, port: int) -> MailService:
    settings = services.settings.with_overrides(smtp_host="127.0.0.1", smtp_port=port, smtp_tls="none")
    return MailService(OutboxRepository(services.graph), settings)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def note(to: str) -> OutgoingMail:
    return OutgoingMail(to, "A note", "Hello from the outbox.\nSecond line.", "test")


def test_without_smtp_mail_is_written_to_the_mail_directory(services: Services, mailbox: Mailbox,
                                                            graph: Graph) -> None:
    mail = services.membership.mail
    mail_id = mail.outbox.enqueue(note("offline@example.org"), datetime.now(UTC))
    report = mail.deliver([mail_id])
    assert report.sent == [mail_id]
    [message] = mailbox.messages("offline@example.org")
    assert message["Subject"] == "A note"
    assert message["From"] == services.settings.smtp_from
    assert message.get_content() == "Hello from the outbox.\nSecond line.\n"
    [stored] = mail.outbox.for_recipient("offline@example.org")
    assert (stored.status, stored.body, stored.attempts) == ("sent", None, 1)
    assert not list(Path(mail.mail_dir).glob("*.part"))


def test_with_smtp_mail_is_delivered_to_the_server(services: Services) -> None:
    with LoopbackSmtp() as smtp:
        mail = smtp_mail(services, smtp.port)
        ids = [mail.outbox.enqueue(note(f"smtp{i}@example.org"), datetime.now(UTC)) for i in range(3)]
        report = mail.deliver()
    assert sorted(report.sent) == sorted(ids)
    assert sorted(r for recipients, _ in smtp.received for r in recipients) == [
        "smtp0@example.org", "smtp1@example.org", "smtp2@example.org"]
    message = smtp.received[0][1]
    assert message["Subject"] == "A note"
    assert "Hello from the outbox." in message.get_content()
    assert mail.outbox.counts() == {"sent": 3}


def test_mail_that_cannot_be_delivered_stays_queued_until_it_can(services: Services) -> None:
    port = free_port()
    mail = smtp_mail(services, port)
    mail_id = mail.outbox.enqueue(note("patient@example.org"), datetime.now(UTC))
    report = mail.deliver()
    assert list(report.failed) == [mail_id]
    [stored] = mail.outbox.for_recipient("patient@example.org")
    assert stored.status == "queued"
    assert stored.body is not None and "Connection" in (stored.last_error or "")
    with LoopbackSmtp() as smtp:
        later = smtp_mail(services, smtp.port)
        assert later.deliver().sent == [mail_id]
    assert [r for r, _ in smtp.received] == [["patient@example.org"]]
    assert later.outbox.for_recipient("patient@example.org")[0].attempts == 2


def test_a_failed_delivery_does_not_undo_the_change_that_queued_it(services: Services, open_phase: Any) -> None:
    membership = services.membership
    offline = ApplicationService(membership.applications.applications, membership.recruitment,
                                 smtp_mail(services, free_port()), membership.assist)
    body = application_body(email="resilient@example.org")
    offline.submit(ApplicationInput(**body), datetime.now(UTC))
    [queued] = membership.outbox.for_recipient("resilient@example.org")
    assert (queued.kind, queued.status) == ("application_received", "queued")
    assert membership.applications.applications.queue(QueueFilters(), 10)[0].email == "resilient@example.org"


def test_the_cli_delivers_whatever_is_queued(services: Services, mailbox: Mailbox) -> None:
    services.membership.outbox.enqueue(note("later@example.org"), datetime.now(UTC))
    result = CliRunner().invoke(main, ["mail", "deliver"], env={"QNET_SMTP_HOST": ""})
    assert result.exit_code == 0, result.output
    assert "sent 1" in result.output
    assert mailbox.messages("later@example.org")
