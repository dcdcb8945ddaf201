"""In Chromium: a comment on a followed idea reaches the follower by digest email (a real SMTP server
started by the test, through `qnet worker`'s round), and the email's unsubscribe link works without
signing in; the follower then sees the notification in the header and on the page."""

from __future__ import annotations

from urllib.parse import urlsplit

from qnet.matching.knowledge.ideas import IdeaInput
from qnet.services import Services, build_worker
from tests.browser.conftest import Visit, expect, member
from tests.membership.smtp import LoopbackSmtp


def test_a_comment_on_a_followed_idea_reaches_the_follower_by_digest_and_unsubscribe_works(
        visit: Visit, services: Services) -> None:
    author = member(services, name="Amira Hassan")
    idea = services.knowledge.ideas.create(author, IdeaInput(
        title="Falls prevention huddles on older people's wards",
        summary="A five-minute huddle at each shift change about who is at risk of falling.", topics=("falls",)))
    follower = member(services, name="Tom Price")
    commenter = member(services, name="Grace Owusu")
    page = visit.page

    visit.sign_in(follower.email)
    visit.go(f"/ideas/{idea.id}")
    page.get_by_role("button", name="Follow").click()
    page.get_by_role("button", name="Sign out").click()

    visit.sign_in(commenter.email)
    visit.go(f"/ideas/{idea.id}")
    page.get_by_label("Your comment").fill("We run these huddles in our trust; happy to share the checklist.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status").first).to_contain_text("Your comment is posted")
    page.get_by_role("button", name="Sign out").click()
    services.notifier.dispatcher.drain()

    with LoopbackSmtp() as smtp:
        settings = services.settings.with_overrides(smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_tls="none")
        report = build_worker(settings, services.graph).run_once()
    assert report.digests["daily"] == 2  # the follower and the idea's author
    [digest] = [m for recipients, m in smtp.received if follower.email in recipients]
    assert digest["Subject"] == "Your daily qnet digest: 1 update"
    body = str(digest.get_content())
    assert "Grace Owusu commented on “Falls prevention huddles on older people's wards”, which you follow" in body
    unsubscribe = urlsplit(str(digest["List-Unsubscribe"]).strip("<>")).path
    assert unsubscribe in body  # the same link is in the text for people to click

    visit.go(unsubscribe)  # from the email, not signed in
    expect(page.get_by_role("heading", name="Stop these emails")).to_be_visible()
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("status").last).to_contain_text("we will no longer send you the daily digest")

    visit.sign_in(follower.email)
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    account.get_by_role("link", name="Notifications 1 unread").click()
    expect(page.get_by_role("heading", name="Notifications", level=1)).to_be_visible()
    page.get_by_role("link", name="Grace Owusu commented on “Falls prevention huddles on older people's wards”, "
                                   "which you follow").click()
    expect(page.get_by_role("heading", name="Falls prevention huddles on older people's wards", level=1)).to_be_visible()
    expect(account.get_by_role("link", name="Notifications", exact=True)).to_be_visible()  # read now
    visit.go("/settings/notifications")
    expect(page.get_by_role("group", name="New comments, status changes and updates on what you follow")
           .get_by_label("Never email me (only in qnet)")).to_be_checked()
