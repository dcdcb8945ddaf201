"""In Chromium: Amira finds Tom by search, asks to connect with a note, Tom sees the notification and
the note, accepts, and they write to each other; then Tom blocks a stranger's way in."""

from __future__ import annotations

from qnet.services import Services
from tests.browser.conftest import Visit, expect, member


def test_amira_finds_tom_asks_with_a_note_and_they_exchange_messages(visit: Visit, services: Services) -> None:
    amira = member(services, name="Amira Hassan", role="data analyst", region="North West",
                   bio="I chart sepsis screening times in our emergency department.",
                   skills=[{"name": "SPC", "level": 3}], interests=["sepsis"])
    tom = member(services, name="Tom Price", role="nurse", region="London",
                 bio="I run the discharge lounge and cut delayed discharges with process mapping.",
                 skills=[{"name": "process mapping", "level": 3}], interests=["patient flow", "discharge"])
    page = visit.page
    visit.sign_in(amira.email)
    visit.go("/people")
    page.get_by_label("Looking for").fill("process mapping for delayed discharges")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Tom Price").first.click()
    expect(page.get_by_role("heading", name="Tom Price", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Message Tom Price")).to_have_count(0)  # not connected yet
    page.get_by_label("A note to Tom Price").fill("Hello Tom, I would like to learn how you mapped discharges.")
    page.get_by_role("button", name="Ask to connect").click()
    expect(page.get_by_role("status").first).to_contain_text("Request sent")

    tom_tab = visit.page.context.browser.new_context(base_url=visit.base, locale="en-GB").new_page()
    tom_visit = Visit(tom_tab, visit.base, visit.errors)
    tom_visit.sign_in(tom.email)
    expect(tom_tab.get_by_role("navigation", name="Account")).to_contain_text("1")  # the header's unread count
    tom_visit.go("/notifications")
    expect(tom_tab.get_by_role("main")).to_contain_text("Amira Hassan asks to connect with you")
    tom_visit.go("/connections")
    expect(tom_tab.get_by_role("main")).to_contain_text("I would like to learn how you mapped discharges")
    tom_tab.get_by_role("button", name="Accept Amira Hassan").click()
    expect(tom_tab.get_by_role("status").first).to_contain_text("You are now connected")

    visit.go(f"/members/{tom.id}")
    page.get_by_role("link", name="Message Tom Price").click()
    page.get_by_label("Your message").fill("Thank you! Could we talk on Tuesday?")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").first).to_contain_text("Message sent")
    expect(page.get_by_role("list", name="Messages")).to_contain_text("Thank you! Could we talk on Tuesday?")

    tom_visit.go("/messages")
    expect(tom_tab.get_by_role("main")).to_contain_text("1 unread")
    tom_tab.get_by_role("link", name="Amira Hassan").click()
    expect(tom_tab.get_by_role("list", name="Messages")).to_contain_text("Could we talk on Tuesday?")
    tom_tab.get_by_label("Your message").fill("Tuesday at ten works for me.")
    tom_tab.get_by_role("button", name="Send").click()

    visit.go("/messages")
    expect(page.get_by_role("main")).to_contain_text("Tuesday at ten works for me.")
    page.get_by_role("link", name="Tom Price").first.click()
    thread = page.get_by_role("list", name="Messages")
    expect(thread).to_contain_text("Could we talk on Tuesday?")
    expect(thread).to_contain_text("Tuesday at ten works for me.")
    assert "@example.org" not in page.content()
    tom_tab.context.close()
