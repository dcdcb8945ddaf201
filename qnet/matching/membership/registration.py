"""Who may create their own account: the one place qnet's sign-up rule lives.

Membership is by application. By default an account is created only when a coordinator accepts an
application (the applicant then sets a password through the invitation link) or by an operator
(`qnet users create`). A community that wants open sign-up sets QNET_OPEN_SIGNUP; even then an email
with an application in progress (received, under review or waitlisted) cannot go round it.
"""

from __future__ import annotations

from collections.abc import Callable

from qnet.core.errors import Conflict, SignUpClosed
from qnet.core.records import Member
from qnet.graph.people.profiles import MemberRepository
from qnet.matching.membership.accounts import hash_password
from qnet.matching.people.profiles import ProfileInput, ProfileService

CLOSED = ("qnet membership is by application: apply when a recruitment phase is open (see /join), "
          "or register for updates (see /updates) to hear when one opens")
APPLICATION_IN_PROGRESS = ("an application from this email is in progress; you will be invited to set a "
                           "password if it is accepted")


class Registration:
    def __init__(self, members: MemberRepository, profiles: ProfileService,
                 application_in_progress: Callable[[str], bool], *, open_signup: bool) -> None:
        self.members = members
        self.profiles = profiles
        self.application_in_progress = application_in_progress
        self.open_signup = open_signup

    def ensure_open(self) -> None:
        """403 sign_up_closed unless open sign-up is switched on (before anything else is looked at)."""
        if not self.open_signup:
            raise SignUpClosed(CLOSED)

    def register(self, email: str, profile: ProfileInput, password: str) -> Member:
        """Create a member who signed themselves up; refused while sign-up is closed."""
        self.ensure_open()
        email = email.strip().lower()
        if self.members.find_by_email(email) is not None:
            raise Conflict("a member with that email already exists", fields={"email": ["already registered"]})
        if self.application_in_progress(email):
            raise Conflict(APPLICATION_IN_PROGRESS, fields={"email": ["application in progress"]})
        return self.profiles.register(email, profile, password_hash=hash_password(password))
