"""Limits on anonymous writes (applications to join, sign-ups for updates) per client address.

Those forms are open to anyone, so a script could flood coordinators' queues and send mail to
strangers. Many NHS staff share one network address, so the limit is generous per hour and counts
every attempt, valid or not.
"""

from __future__ import annotations

import random

from qnet.core.errors import TooManyRequests
from qnet.graph.throttle import ThrottleRepository

WINDOW_S = 3600


class PublicWriteThrottle:
    def __init__(self, throttles: ThrottleRepository, per_hour: int) -> None:
        self.throttles = throttles
        self.per_hour = per_hour

    def check(self, action: str, client: str | None) -> None:
        """Count one `action` from `client`; refuse (429) once it passes the hourly limit."""
        if self.per_hour <= 0:
            return  # limiting switched off
        if random.random() < 0.01:  # now and then, forget addresses that have gone quiet
            self.throttles.forget_stale(WINDOW_S)
        if self.throttles.hit(f"{action}:{client or 'unknown'}", WINDOW_S) > self.per_hour:
            raise TooManyRequests("too many submissions from your network in the last hour; please try again later")
