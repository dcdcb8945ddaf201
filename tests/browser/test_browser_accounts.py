"""In Chromium: signing up, signing out and in, editing a profile, and using the pages by keyboard."""

from __future__ import annotations

from typing import Any

import pytest

from qnet.services import Services
from tests.browser.conftest import DESKTOP, Visit, expect, member
from tests.conftest import TEST_PASSWORD


def test_visitor_finds_no_sign_up_and_is_told_how_to_apply(visit: Visit) -> None:
    """Membership is by application (the default): no sign-up link anywhere, and /sign-up explains."""
    page = visit.page
    visit.go("/")
    expect(page.get_by_role("link", name="Sign up")).to_have_count(0)
    visit.go("/sign-in")
    expect(page.get_by_role("link", name="Create an account")).to_have_count(0)
    expect(page.get_by_role("main")).to_contain_text("Membership is by application")
    response = visit.go("/sign-up")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("qnet membership is by application")
    page.get_by_role("link", name="Register for updates").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register for updates")


def test_member_changes_password_and_signs_out_everywhere(visit: Visit, services: Services, browser: Any,
                                                          live_server: str) -> None:
    me = member(services, name="Rhian Jones")
    other = browser.new_context(viewport=DESKTOP, base_url=live_server, locale="en-GB")
    laptop = Visit(other.new_page(), live_server, [])
    laptop.sign_in(me.email)
    visit.sign_in(me.email)
    page = visit.page
    page.get_by_role("link", name="Password and sign-in").click()
    expect(page.get_by_role("main")).to_contain_text("You are signed in on 2 browsers")
    page.get_by_label("Current password").fill(TEST_PASSWORD)
    page.get_by_label("New password", exact=True).fill("a-new-long-password")
    page.get_by_label("Confirm new password").fill("a-new-long-password")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_role("status").first).to_contain_text("Your password is changed")
    expect(page.get_by_role("status").first).to_contain_text("signed out on the other browser")

    laptop.go("/profile")  # the other browser's session ended with the password change
    expect(laptop.page.get_by_role("heading", name="Sign in")).to_be_visible()
    laptop.sign_in(me.email, "a-new-long-password")
    other_page = laptop.page
    page.get_by_role("button", name="Sign out everywhere").click()
    expect(page.get_by_role("status").first).to_contain_text("You have signed out everywhere")
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    other_page.goto(live_server + "/profile")
    expect(other_page.get_by_role("heading", name="Sign in")).to_be_visible()
    other.close()


@pytest.mark.usefixtures("open_signup")
def test_visitor_signs_up_fixes_a_mistake_then_signs_out_and_back_in(visit: Visit) -> None:
    page = visit.page
    visit.go("/")
    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Full name").fill("Nia Roberts")
    page.get_by_label("Email address").fill("nia.roberts@example.org")
    page.get_by_label("Password").fill("short")
    page.get_by_label("Your role").select_option("pharmacist")
    page.get_by_label("Region").select_option("Wales")
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.locator("#f-password-error")).to_contain_text("10")
    expect(page.get_by_label("Full name")).to_have_value("Nia Roberts")  # what was typed is kept
    expect(page.get_by_label("Your role")).to_have_value("pharmacist")

    page.get_by_label("Password").fill("a-long-enough-password")
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", name="My profile")).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Welcome to qnet")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status").first).to_contain_text("You have signed out")
    page.get_by_role("link", name="Sign in").first.click()
    page.get_by_label("Email address").fill("nia.roberts@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("The email or password is not right")
    expect(page.get_by_label("Email address")).to_have_value("nia.roberts@example.org")

    page.get_by_label("Password").fill("a-long-enough-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="What would you like to do?")).to_be_visible()
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Nia Roberts")


def test_member_edits_skills_with_levels_interests_and_privacy(visit: Visit, services: Services) -> None:
    me = member(services, name="Owen Davies", role="nurse", skills=[], interests=[], bio="")
    visit.sign_in(me.email)
    page = visit.page
    visit.go("/profile")
    page.get_by_label("Full name").fill("")
    page.get_by_label("About your work").fill("I run falls prevention huddles on an older people's ward.")
    page.get_by_label("Skill 1", exact=True).fill("PDSA")
    page.get_by_label("Level of skill 1").select_option(label="Expert")
    page.get_by_label("Skill 2", exact=True).fill("co-design")
    page.get_by_label("Level of skill 2").select_option(label="Learning")
    page.get_by_role("textbox", name="Interests").fill("falls prevention, frailty")
    page.get_by_role("button", name="Save my profile").click()

    # The API's schema refuses the empty name; the message is beside the field and nothing typed is lost.
    expect(page.locator("#f-name-error")).to_be_visible()
    expect(page.get_by_label("Skill 1", exact=True)).to_have_value("PDSA")
    expect(page.get_by_role("textbox", name="Interests")).to_have_value("falls prevention, frailty")

    page.get_by_label("Full name").fill("Owen Davies")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_role("heading", name="Owen Davies", level=1)).to_be_visible()
    skills = page.get_by_role("list", name="Skills")
    expect(skills).to_contain_text("PDSA cycles (expert)")  # "PDSA" resolved to the taxonomy's skill
    expect(skills).to_contain_text("(learning)")
    expect(page.get_by_role("list", name="Interests")).to_contain_text("frailty")

    visit.go("/profile")
    page.get_by_label("Show me in people search").uncheck()
    page.get_by_role("button", name="Save privacy choices").click()
    expect(page.get_by_role("status").first).to_contain_text("privacy choices are saved")
    expect(page.get_by_label("Show me in people search")).not_to_be_checked()
    assert services.profiles.get(me.id).searchable is False


def test_keyboard_user_skips_to_the_content_and_signs_in_without_a_mouse(visit: Visit, services: Services) -> None:
    me = member(services, name="Kay Board")
    page = visit.page
    visit.go("/sign-in")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()  # the first field follows the skip link
    page.keyboard.type(me.email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")
    expect(page.get_by_role("navigation", name="Account")).to_contain_text("Kay Board")
