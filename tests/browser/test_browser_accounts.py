"""In Chromium: signing up, signing out and in, editing a profile, and using the pages by keyboard."""

from __future__ import annotations

from qnet.web.services import Services
from tests.browser.conftest import Visit, expect, member


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
    page.get_by_label("Interests").fill("falls prevention, frailty")
    page.get_by_role("button", name="Save my profile").click()

    # The API's schema refuses the empty name; the message is beside the field and nothing typed is lost.
    expect(page.locator("#f-name-error")).to_be_visible()
    expect(page.get_by_label("Skill 1", exact=True)).to_have_value("PDSA")
    expect(page.get_by_label("Interests")).to_have_value("falls prevention, frailty")

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
    assert services.members.get(me.id).searchable is False


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
