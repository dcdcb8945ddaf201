"""The words of every mail qnet sends about membership; each function returns an OutgoingMail."""

from __future__ import annotations

from qnet.graph.outbox import OutgoingMail
from qnet.matching.criteria import ROUTES

SIGN_OFF = "\n\nWith best wishes,\nThe qnet community team\n"


def application_received(to: str, name: str, phase: str, status_url: str, application_id: str) -> OutgoingMail:
    body = (
        f"Dear {name},\n\nThank you for applying to join the community in \"{phase}\". "
        "Two reviewers will read your answers against the three published criteria, and a "
        "coordinator will let you know the decision.\n\n"
        f"Your private status link (keep it to yourself):\n{status_url}" + SIGN_OFF
    )
    return OutgoingMail(to, "We have received your application", body, "application_received", application_id)


def decision(to: str, name: str, outcome: str, message: str, status_url_hint: str,
             application_id: str) -> OutgoingMail:
    headline = {
        "accepted": "We are delighted to offer you membership.",
        "declined": "We are sorry that we cannot offer you membership this time.",
        "waitlisted": "Your application is on our waiting list.",
    }[outcome]
    body = (f"Dear {name},\n\n{headline}\n\n{message}\n\n{status_url_hint}" + SIGN_OFF)
    return OutgoingMail(to, "A decision on your application", body, "decision", application_id)


def invitation(to: str, name: str, url: str, expires: str, application_id: str) -> OutgoingMail:
    body = (
        f"Dear {name},\n\nYour member profile is ready. Choose a password to sign in by sending it "
        f"(as {{\"password\": \"...\"}}) to this single-use link before {expires}:\n{url}\n\n"
        "Your profile starts from your application; you can change it once you are signed in." + SIGN_OFF
    )
    return OutgoingMail(to, "Set your password", body, "invitation", application_id)


def updates_confirm(to: str, confirm_url: str, unsubscribe_url: str, expires: str,
                    subscription_id: str) -> OutgoingMail:
    body = (
        "Someone (we hope you) asked for updates about when applications open.\n\n"
        f"To confirm, open this link before {expires}:\n{confirm_url}\n\n"
        "If it was not you, ignore this message and you will hear nothing more.\n"
        f"To stop updates at any time: {unsubscribe_url}" + SIGN_OFF
    )
    return OutgoingMail(to, "Confirm your updates subscription", body, "updates_confirm", subscription_id)


def updates_already(to: str, unsubscribe_url: str, subscription_id: str) -> OutgoingMail:
    body = (
        "Someone asked to subscribe this address to updates about applications. It is already "
        "subscribed, so nothing has changed.\n\n"
        f"To stop updates: {unsubscribe_url}" + SIGN_OFF
    )
    return OutgoingMail(to, "You are already subscribed", body, "updates_already", subscription_id)


def phase_open(to: str, phase: str, routes: list[str], closes: str, apply_url: str,
               unsubscribe_url: str, subscription_id: str) -> OutgoingMail:
    who = "\n".join(f"- {ROUTES[r]}" for r in routes)
    body = (
        f"Applications are open in \"{phase}\" until {closes}, for:\n{who}\n\n"
        f"See who can apply and how: {apply_url}\n\nTo stop updates: {unsubscribe_url}" + SIGN_OFF
    )
    return OutgoingMail(to, f"Applications are open: {phase}", body, "phase_open", subscription_id)
