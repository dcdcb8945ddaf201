"""Reviews, decisions and invitations: people decide; qnet records, checks and sends the mail.

Acceptance creates the member (a draft profile from the application, kept out of search until she
confirms it: profile_draft.py; no password yet) and a single-use, expiring invitation to set a
password; only a hash of the invitation secret is stored.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from qnet.core.dates import uk_date_time
from qnet.core.errors import Conflict
from qnet.core.records import Application, Member
from qnet.graph.membership.applications import ApplicationRepository
from qnet.graph.membership.invitations import InvitationRepository
from qnet.graph.membership.privacy import PrivacyRepository
from qnet.graph.membership.reviews import (
    InvitationWrite,
    ReviewRepository,
    ReviewWrite,
    check_decidable,
)
from qnet.matching.mail import MailService
from qnet.matching.membership import letters
from qnet.matching.membership.accounts import hash_password
from qnet.matching.people.profile_draft import draft_profile
from qnet.matching.people.profiles import ProfileService
from qnet.matching.tokens import Expired, digest, new_secret


class DecisionService:
    def __init__(self, applications: ApplicationRepository, reviews: ReviewRepository,
                 invitations: InvitationRepository, profiles: ProfileService, mail: MailService,
                 privacy: PrivacyRepository) -> None:
        self.applications = applications
        self.privacy = privacy
        self.reviews = reviews
        self.invitations = invitations
        self.profiles = profiles
        self.mail = mail

    @property
    def invitation_ttl(self) -> timedelta:
        return timedelta(hours=self.mail.settings.invitation_ttl_hours)

    def invitation_url(self, secret: str) -> str:
        return f"{self.mail.settings.public_url}/invitation/{secret}"

    def review(self, application_id: str, reviewer: Member, scores: dict[str, int], notes: dict[str, str],
               now: datetime) -> Application:
        """Record the reviewer's scores (1-4 per criterion); a second review by them replaces the first."""
        self.reviews.review(application_id, reviewer.id, ReviewWrite(scores, notes), now)
        return self.applications.get(application_id)

    def decide(self, application_id: str, coordinator: Member, outcome: str, message: str,
               now: datetime) -> Application:
        """Accept, decline or waitlist, with a message to the applicant."""
        application = self.applications.get(application_id)
        check_decidable(application.status, len(application.reviews), application.reviews_required)
        mails = [letters.decision(application.email, application.name, outcome, message,
                                  self.mail.settings.public_url, application.id)]
        invitation = None
        if outcome == "accepted":
            member = self.profiles.register(application.email, draft_profile(application, self.profiles.taxonomy),
                                            password_hash=None)
            self.privacy.start_profile_draft(member.id)
            secret, secret_hash = new_secret()
            expires_at = now + self.invitation_ttl
            invitation = InvitationWrite(member.id, secret_hash, expires_at)
            mails.append(letters.invitation(application.email, application.name, self.invitation_url(secret),
                                            _when(expires_at), application.id))
        try:
            mail_ids = self.reviews.decide(application_id, coordinator.id, outcome, message, now, mails,
                                           invitation)
        except Exception:
            if invitation is not None:  # another coordinator decided first: undo the member made here
                self.reviews.discard_unused_member(invitation.member_id)
            raise
        self.mail.deliver_quietly(mail_ids)
        return self.applications.get(application_id)

    def reissue_invitation(self, application_id: str, now: datetime) -> None:
        """A new invitation for an accepted applicant who has not set a password (the old one stops working)."""
        application = self.applications.get(application_id)
        if application.status != "accepted" or application.member_id is None:
            raise Conflict("only an accepted application has an invitation")
        secret, secret_hash = new_secret()
        expires_at = now + self.invitation_ttl
        mail = letters.invitation(application.email, application.name, self.invitation_url(secret),
                                  _when(expires_at), application.id)
        mail_id = self.invitations.reissue(application.member_id, secret_hash, now, expires_at, mail)
        self.mail.deliver_quietly([mail_id])

    def accept_invitation(self, secret: str, password: str, now: datetime) -> str:
        """Set the new member's password through their invitation; returns the member id."""
        use = self.invitations.accept(digest(secret), hash_password(password), now)
        if use.used:
            raise Conflict("this invitation has already been used; sign in with your email and password")
        if use.expired:
            raise Expired("this invitation has expired; ask a coordinator to send you a new one")
        return use.member_id


def _when(moment: datetime) -> str:
    return f"{uk_date_time(moment)} (UK time)"
