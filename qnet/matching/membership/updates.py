"""The updates list: double opt-in subscription, confirmation, and unsubscribing by token.

Subscribing answers the same whatever the address's state (new, pending, confirmed), so that nobody
can learn from qnet who is subscribed; the address itself receives the mail that fits its state.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from qnet.core.dates import uk_date_time
from qnet.core.errors import Conflict, NotFound
from qnet.graph.membership.updates import SubscriptionRepository
from qnet.matching.mail import MailService
from qnet.matching.membership import letters
from qnet.matching.tokens import Expired, digest, new_secret, sign, unsign

PURPOSE = "unsubscribe"


class UpdatesService:
    def __init__(self, subscriptions: SubscriptionRepository, mail: MailService) -> None:
        self.subscriptions = subscriptions
        self.mail = mail

    def _url(self, path: str) -> str:
        return f"{self.mail.settings.public_url}/updates/{path}"

    def unsubscribe_url(self, subscription_id: str) -> str:
        return self._url(f"unsubscribe/{sign(self.mail.settings.secret_key, PURPOSE, subscription_id)}")

    def subscribe(self, email: str, interests: list[str], region: str | None, now: datetime) -> None:
        """Queue the confirmation (or 'already subscribed') mail; nothing is returned to the caller."""
        email = email.strip().lower()
        secret, secret_hash = new_secret()
        expires_at = now + timedelta(hours=self.mail.settings.confirmation_ttl_hours)
        tidy = sorted({" ".join(i.split()) for i in interests if i.strip()})
        args = (email, tidy, region, secret_hash, expires_at, now,
                lambda sid: letters.updates_confirm(email, self._url(f"confirm/{secret}"), self.unsubscribe_url(sid),
                                                    f"{uk_date_time(expires_at)} (UK time)", sid),
                lambda sid: letters.updates_already(email, self.unsubscribe_url(sid), sid))
        try:
            mail_id = self.subscriptions.subscribe(*args)
        except Conflict:  # the same new address subscribed twice at the same moment: try once more
            mail_id = self.subscriptions.subscribe(*args)
        self.mail.deliver_quietly([mail_id])

    def confirm(self, secret: str, now: datetime) -> None:
        outcome = self.subscriptions.confirm(digest(secret), now).outcome
        if outcome == "unknown":
            raise NotFound("this confirmation link is not valid; subscribe again for a new one")
        if outcome == "already_confirmed":
            raise Conflict("this link has already been used: the subscription is confirmed")
        if outcome == "expired":
            raise Expired("this confirmation link has expired; subscribe again for a new one")

    def unsubscribe(self, token: str) -> None:
        """Remove the subscription named by a signed token; unsubscribing twice is not an error."""
        subscription_id = unsign(self.mail.settings.secret_key, PURPOSE, token)
        if subscription_id is None:
            raise NotFound("this unsubscribe link is not valid; check it was copied whole")
        self.subscriptions.unsubscribe(subscription_id)
