"""A small SMTP server on loopback for delivery tests: it speaks enough SMTP for smtplib and keeps
every message it receives. Real sockets, real protocol; nothing leaves the machine."""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Self


class _Handler(socketserver.StreamRequestHandler):
    server: LoopbackSmtp._Server

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        self.reply("220 loopback ESMTP")
        recipients: list[str] = []
        while True:
            raw = self.rfile.readline(65536)
            if not raw:
                return
            command = raw.decode("utf-8", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-loopback")
                self.reply("250 8BITMIME")
            elif verb in ("HELO", "NOOP", "RSET", "MAIL"):
                recipients = [] if verb in ("RSET", "MAIL") else recipients
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                lines: list[bytes] = []
                while True:
                    line = self.rfile.readline(1 << 20)
                    if line in (b".\r\n", b".\n", b""):
                        break
                    lines.append(line[1:] if line.startswith(b"..") else line)
                message = message_from_bytes(b"".join(lines), policy=policy.default)
                self.server.owner.received.append((list(recipients), message))  # type: ignore[arg-type]
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")


class LoopbackSmtp:
    """Start with `with LoopbackSmtp() as smtp:`; `smtp.port` to connect, `smtp.received` to read."""

    class _Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True
        owner: LoopbackSmtp

    def __init__(self) -> None:
        self.received: list[tuple[list[str], EmailMessage]] = []
        self._server = self._Server(("127.0.0.1", 0), _Handler)
        self._server.owner = self
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()
