"""Email about notifications: members' choices per kind, the emails themselves, one-click unsubscribe.

Every email names what happened and links to it, says why it was sent, and carries a signed link that
stops exactly that email (one kind, or one digest) without signing in (RFC 8058), plus a link to the
settings page. Digests run on a schedule: daily at QNET_DIGEST_HOUR (UK time), weekly on Mondays.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer

from qnet.core.dates import UK, uk_date_time
from qnet.core.errors import Invalid, NotFound
from qnet.core.vocabulary import MAIL_MODES
from qnet.graph.knowledge.shared import utc_now
from qnet.graph.mail import OutgoingMail
from qnet.graph.messaging.notification_mail import NotificationMailRepository, PendingMail
from qnet.matching.messaging.notifications import KINDS, kind_of

DIGESTS = ("daily", "weekly")
DIGEST_SHOWN = 25  # a digest lists this many, then points to the notifications page
SETTINGS_PATH = "/settings/notifications"
_SALT = "qnet-unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    member_id: str
    scope: str  # a kind, or "daily" / "weekly" for a digest

    @property
    def what(self) -> str:
        if self.scope in DIGESTS:
            return f"the {self.scope} digest"
        return f"emails about “{kind_of(self.scope).label.lower()}”"


class NotificationEmail:
    def __init__(self, mail: NotificationMailRepository, secret_key: str, public_url: str,
                 digest_hour: int = 7, clock: Callable[[], datetime] = utc_now) -> None:
        self.mail = mail
        self.signer = URLSafeSerializer(secret_key, salt=_SALT)
        self.public_url = public_url.rstrip("/")
        self.digest_hour = digest_hour
        self.clock = clock

    # -- choices ---------------------------------------------------------------------------------
    def settings(self, member_id: str) -> dict[str, str]:
        """How the member hears about each kind by email (their choice, else the default)."""
        chosen = self.mail.settings(member_id)
        return {key: chosen.get(key, kind.default_mail) for key, kind in KINDS.items()}

    def choose(self, member_id: str, modes: dict[str, str]) -> dict[str, str]:
        bad = {k: ["not a kind of notification"] for k in modes if k not in KINDS}
        bad |= {k: [f"one of {', '.join(MAIL_MODES)}"] for k, v in modes.items() if k in KINDS and v not in MAIL_MODES}
        if bad:
            raise Invalid("some email choices are not valid", fields=bad)
        if not self.mail.choose(member_id, modes):
            raise NotFound("no member with that id")
        return self.settings(member_id)

    # -- unsubscribe -----------------------------------------------------------------------------
    def unsubscribe_token(self, member_id: str, scope: str) -> str:
        return str(self.signer.dumps([member_id, scope]))

    def read_token(self, token: str) -> Unsubscribe:
        try:
            member_id, scope = self.signer.loads(token)
        except (BadSignature, ValueError, TypeError) as exc:
            raise NotFound("that unsubscribe link is not valid; choose your emails on the settings page") from exc
        if scope not in KINDS and scope not in DIGESTS:
            raise NotFound("that unsubscribe link is not valid")
        return Unsubscribe(str(member_id), str(scope))

    def unsubscribe(self, token: str) -> Unsubscribe:
        """Stop what the link names: one kind, or every kind that currently arrives in that digest."""
        request = self.read_token(token)
        if request.scope in DIGESTS:
            kinds = [k for k, mode in self.settings(request.member_id).items() if mode == request.scope]
        else:
            kinds = [request.scope]
        if kinds and not self.mail.choose(request.member_id, dict.fromkeys(kinds, "never")):
            raise NotFound("that unsubscribe link belongs to an account that no longer exists")
        return request

    # -- composing -------------------------------------------------------------------------------
    def _url(self, path: str | None) -> str:
        return f"{self.public_url}{path or '/notifications'}"

    def _footer(self, pending: PendingMail, scope: str, why: str) -> tuple[str, str]:
        link = f"{self.public_url}/unsubscribe/{self.unsubscribe_token(pending.recipient.id, scope)}"
        text = (f"\n--\n{why}\nStop these emails with one click: {link}\n"
                f"Choose what qnet emails you about: {self.public_url}{SETTINGS_PATH}\n")
        return text, link

    def immediate(self, pending: PendingMail) -> OutgoingMail:
        note = pending.notes[0]
        kind = kind_of(note.kind)
        footer, link = self._footer(pending, note.kind,
                                    f"You get an email straight away for: {kind.label.lower()}.")
        body = (f"Hello {pending.recipient.name},\n\n{note.text}.\n\nSee it on qnet: {self._url(note.link)}\n"
                f"({uk_date_time(note.created_at)})\n{footer}")
        return OutgoingMail(to=pending.recipient.email, subject=_subject(note.text), body=body,
                            kind=f"notification:{note.kind}", ref=note.id, unsubscribe=link)

    def digest(self, period: str) -> Callable[[PendingMail], OutgoingMail]:
        def compose(pending: PendingMail) -> OutgoingMail:
            count = len(pending.notes)
            by_kind: OrderedDict[str, list[str]] = OrderedDict()
            for note in pending.notes[:DIGEST_SHOWN]:
                by_kind.setdefault(note.kind, []).append(
                    f"- {note.text} ({uk_date_time(note.created_at)})\n  {self._url(note.link)}")
            sections = "\n\n".join(f"{kind_of(k).label}\n" + "\n".join(lines) for k, lines in by_kind.items())
            more = count - DIGEST_SHOWN
            tail = (f"\n\nAnd {more} more: {self.public_url}/notifications" if more > 0 else
                    f"\n\nAll your notifications: {self.public_url}/notifications")
            footer, link = self._footer(pending, period, f"You chose a {period} digest of these updates.")
            updates = "update" if count == 1 else "updates"
            body = (f"Hello {pending.recipient.name},\n\nHere is what happened on qnet since your last "
                    f"{period} digest ({count} {updates}).\n\n{sections}{tail}\n{footer}")
            return OutgoingMail(to=pending.recipient.email, subject=f"Your {period} qnet digest: {count} {updates}",
                                body=body, kind=f"digest:{period}", ref=pending.recipient.id, unsubscribe=link)

        return compose

    # -- sending ---------------------------------------------------------------------------------
    def queue_immediate(self, now: datetime | None = None) -> list[str]:
        """Queue an email for each notification its recipient wants at once; returns the mail ids."""
        ids: list[str] = []
        while batch := self.mail.mail_immediate(self.immediate, now or self.clock()):
            ids.extend(batch)
        return ids

    def slot(self, period: str, now: datetime) -> datetime:
        """The latest scheduled moment of a digest at or before `now` (UK time)."""
        local = now.astimezone(UK)
        moment = local.replace(hour=self.digest_hour, minute=0, second=0, microsecond=0)
        if moment > local:
            moment -= timedelta(days=1)
        if period == "weekly":
            moment -= timedelta(days=moment.weekday())  # Monday
        return moment

    def run_digest(self, period: str, now: datetime | None = None, batch: int = 1000,
                   progress: Callable[[int], None] | None = None) -> int | None:
        """Send the digest if its slot has come and no worker has sent it; returns mails queued (None: not due)."""
        now = now or self.clock()
        slot_ms = int(self.slot(period, now).timestamp() * 1000)
        after = self.mail.claim_schedule(f"digest:{period}", slot_ms, int(now.timestamp() * 1000))
        if after is None:
            return None
        queued = 0
        cursor: str | None = after
        while cursor is not None:
            cursor, sent = self.mail.mail_digest_batch(f"digest:{period}", period, cursor, int(now.timestamp() * 1000),
                                                       self.digest(period), now, batch)
            queued += sent
            if progress:
                progress(queued)
        return queued


def _subject(text: str) -> str:
    return text if len(text) <= 100 else text[:97].rstrip() + "…"
