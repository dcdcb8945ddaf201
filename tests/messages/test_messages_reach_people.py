"""Messages reaching people: notifications, pairing introductions that open conversations, the
coordinators' count of introductions that led to a message, and privacy (export and erasure)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from qnet.services import Services
from tests.conftest import Session, register
from tests.coordinator.conftest import THEMES, sign_in_as
from tests.messages.conftest import CONVERSATIONS, REQUESTS, connected_pair, send, thread_url

OPT_IN = "/api/v1/members/me/pairing"
ROUNDS = "/api/v1/coordinator/pairing-rounds"


def notifications(services: Services, member: Session) -> list[tuple[str, str, bool]]:
    page = services.notifier.page(member.member["id"], 50)
    return [(n.kind, n.text, n.read) for n in page.notifications]


def test_requests_acceptances_and_messages_notify_the_other_member(client: FlaskClient, services: Services) -> None:
    amira, tom = register(client, name="Amira Hassan"), register(client, name="Tom Price")
    amira.post(REQUESTS, json={"member_id": tom.member["id"], "message": "Could we compare notes?"})
    assert notifications(services, tom) == [
        ("connection_requested", "Amira Hassan asks to connect with you: “Could we compare notes?”", False)]
    tom.post(f"{REQUESTS}/{amira.member['id']}/accept")
    assert notifications(services, amira) == [("connection_accepted", "You and Tom Price are now connected", False)]

    send(amira, tom, "Thank you for connecting.\nSee you Tuesday.")
    kinds = notifications(services, tom)
    assert kinds[0] == ("message", "Amira Hassan sent you a message: “Thank you for connecting. See you Tuesday.”",
                        False)
    assert all(kind != "message" for kind, _, _ in notifications(services, amira))  # never told of one's own
    tom.get(thread_url(amira))
    assert notifications(services, tom)[0][2] is True  # reading the conversation reads its notification


def test_a_pairing_round_pairs_only_members_who_opted_in_and_opens_their_conversations(
        app: Flask, client: FlaskClient, services: Services) -> None:
    themes = list(THEMES.values())
    people = [register(client, name=f"Person {k}", **themes[k % 3]) for k in range(4)]
    for person in people:
        assert person.put(OPT_IN, json={"opt_in": True}).status_code == 200
    bystander = register(client, name="Not Opted In")  # the default: not paired until one opts in
    assert bystander.get(OPT_IN).get_json() == {"opt_in": False}
    coordinator = sign_in_as(app, services, "coordinator", name="Cora Ordinator")

    created = coordinator.post(ROUNDS, json={})
    assert created.status_code == 201 and created.get_json()["messaged"] == 0
    detail = coordinator.get(f"{ROUNDS}/{created.get_json()['id']}").get_json()
    paired = {m["id"] for p in detail["pairings"] for m in p["members"]}
    assert paired == {p.member["id"] for p in people} and bystander.member["id"] not in paired
    assert bystander.get(CONVERSATIONS).get_json()["conversations"] == []

    by_id = {p.member["id"]: p for p in people}
    first = detail["pairings"][0]
    a, b = (by_id[m["id"]] for m in first["members"])
    told = notifications(services, a)
    assert [k for k, _, _ in told] == ["pairing_introduction"]
    assert told[0][1] == f"Pairing round 1 introduces you to {first['members'][1]['name']}. {first['reason']}"
    opened = a.get(CONVERSATIONS).get_json()["conversations"]
    assert [(c["member"]["id"], c["introduction"], c["introduced_round"]) for c in opened] == [
        (b.member["id"], first["reason"], 1)]

    assert send(a, b, "Hello, we were paired this month!").status_code == 201  # introduced, not connected
    assert send(a, bystander, "hello").status_code == 403
    rounds = coordinator.get(ROUNDS).get_json()["rounds"]
    assert [(r["pairs"], r["messaged"]) for r in rounds] == [(2, 1)]
    shown = coordinator.get("/coordinator").get_data(as_text=True)  # the coordinator page says it too
    assert "2 introductions; 1 of them led to a message." in shown


def test_my_export_holds_my_messages_and_erasure_blanks_them_on_both_sides(client: FlaskClient) -> None:
    amira, tom = connected_pair(client)
    send(amira, tom, "Here is my private plan.")
    send(tom, amira, "Thanks, here is mine.")
    exported = amira.get("/api/v1/members/me/export").get_json()["messages"]
    assert [(m["mine"], m["body"]) for m in exported[0]["messages"]] == [
        (True, "Here is my private plan."), (False, "Thanks, here is mine.")]
    assert exported[0]["with"]["name"] == "Tom Price"

    gone = amira.delete("/api/v1/members/me", json={"password": "correct-horse-battery"})
    assert gone.status_code == 204, gone.get_json()
    listing = tom.get(CONVERSATIONS).get_json()["conversations"]
    assert listing[0]["member"] is None  # a former member
    thread = tom.get(thread_url(listing[0]["id"])).get_json()
    assert [(m["status"], m["body"], m["mine"]) for m in thread["messages"]] == [
        ("sent", "Thanks, here is mine.", True), ("deleted", None, False)]
    assert thread["can_reply"] is False
    assert "Here is my private plan." not in tom.get("/api/v1/members/me/export").get_data(as_text=True)
