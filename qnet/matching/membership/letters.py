"""The words of every mail qnet sends about membership; each function returns an OutgoingMail.

Every mail is written for a person: it says what happened, links to a page (never to the API), and
says what happens next. Dates are passed in already written for people (qnet.core.dates).
"""

from __future__ import annotations

from qnet.graph.mail import OutgoingMail
from qnet.matching.membership.criteria import ROUTES

SIGN_OFF = "\n\nWith best wishes,\nThe qnet community team\n"
NUMBERS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five"}


def reviewers(count: int) -> str:
    """ "One coordinator reads", "Two coordinators read": the real number a phase asks for."""
    number = NUMBERS.get(count, str(count))
    return f"{number} coordinator reads" if count == 1 else f"{number} coordinators read"


def application_received(to: str, name: str, phase: str, status_url: str, application_id: str,
                         reviews_required: int) -> OutgoingMail:
    body = (
        f"Dear {name},\n\nThank you for applying to join the community in \"{phase}\".\n\n"
        f"What happens next: {reviewers(reviews_required)} your answers against the three published "
        "criteria and scores them, and then a coordinator decides. We will email you the decision.\n\n"
        "You can see where your application is at any time on your private status page (keep the link "
        f"to yourself):\n{status_url}" + SIGN_OFF
    )
    return OutgoingMail(to, "We have received your application", body, "application_received", application_id)


def decision(to: str, name: str, outcome: str, message: str, public_url: str,
             application_id: str) -> OutgoingMail:
    headline, next_step = {
        "accepted": ("We are delighted to offer you membership.",
                     ("What happens next: a second email brings your link to choose a password. Once it is "
                      f"set you are signed in; after that, sign in at {public_url}/sign-in")),
        "declined": ("We are sorry that we cannot offer you membership this time.",
                     ("You are welcome to apply again in a later phase. To hear when applications open, "
                      f"register for updates at {public_url}/updates")),
        "waitlisted": ("Your application is on our waiting list.",
                       ("What happens next: nothing is needed from you. A coordinator will decide when a place "
                        "comes up, and we will email you then. The private status page we sent when you "
                        f"applied shows where your application is; how membership works: {public_url}/join")),
    }[outcome]
    body = f"Dear {name},\n\n{headline}\n\n{message}\n\n{next_step}" + SIGN_OFF
    return OutgoingMail(to, "A decision on your application", body, "decision", application_id)


def invitation(to: str, name: str, url: str, expires: str, application_id: str) -> OutgoingMail:
    body = (
        f"Dear {name},\n\nWelcome to qnet. To sign in for the first time, open this page and choose a "
        f"password:\n{url}\n\nThe link works once, until {expires}. If it has expired, reply to this email "
        "and a coordinator will send you a new one.\n\n"
        "What happens next: once your password is set you are signed in and see your profile, which we "
        "started from your application. Check it, add your skills and interests, and confirm it: from then "
        "on other members can find you when they search for people like you." + SIGN_OFF
    )
    return OutgoingMail(to, "Choose your password to join qnet", body, "invitation", application_id)


def updates_confirm(to: str, confirm_url: str, unsubscribe_url: str, expires: str,
                    subscription_id: str) -> OutgoingMail:
    body = (
        "Someone (we hope you) asked for updates about when applications to join qnet open.\n\n"
        f"To confirm, open this page and press the button before {expires}:\n{confirm_url}\n\n"
        "What happens next: we email you when a recruitment phase opens, and nothing else.\n\n"
        "If it was not you, ignore this message and you will hear nothing more.\n"
        f"To stop updates at any time: {unsubscribe_url}" + SIGN_OFF
    )
    return OutgoingMail(to, "Confirm your updates subscription", body, "updates_confirm", subscription_id)


def updates_already(to: str, unsubscribe_url: str, subscription_id: str) -> OutgoingMail:
    body = (
        "Someone asked to subscribe this address to updates about applications. It is already "
        "subscribed, so nothing has changed: we will email you when a recruitment phase opens.\n\n"
        f"To stop updates: {unsubscribe_url}" + SIGN_OFF
    )
    return OutgoingMail(to, "You are already subscribed", body, "updates_already", subscription_id)


def phase_open(to: str, phase: str, routes: list[str], closes: str, apply_url: str,
               unsubscribe_url: str, subscription_id: str) -> OutgoingMail:
    who = "\n".join(f"- {ROUTES[r]}" for r in routes)
    body = (
        f"Applications are open in \"{phase}\" until {closes} (UK time), for:\n{who}\n\n"
        f"See who can apply, the three criteria and the application form: {apply_url}\n\n"
        "What happens next: apply before the phase closes; coordinators review every application against "
        f"the criteria and email you their decision.\n\nTo stop updates: {unsubscribe_url}" + SIGN_OFF
    )
    return OutgoingMail(to, f"Applications are open: {phase}", body, "phase_open", subscription_id)
