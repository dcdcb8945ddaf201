"""In Chromium: finding people, posting an idea with similar ideas offered, discussing, voting in a round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from qnet.matching.knowledge.ideas import IdeaInput
from qnet.services import Services
from tests.browser.conftest import Visit, expect, member


def test_member_searches_people_sees_why_and_opens_a_result(visit: Visit, services: Services) -> None:
    member(services, name="Sam Patel", role="data analyst", region="North West",
           bio="I build statistical process control charts to track sepsis screening in the emergency department.",
           skills=[{"name": "SPC", "level": 3}], interests=["sepsis"])
    member(services, name="Grace Owusu", role="midwife", region="London",
           bio="I co-design maternity services with families.", skills=[{"name": "co-design", "level": 3}],
           interests=["maternity safety"])
    me = member(services, name="Lena Search", role="manager")
    visit.sign_in(me.email)
    page = visit.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    page.get_by_label("Looking for").fill("SPC charts for sepsis")
    page.get_by_role("button", name="Search").click()

    first = page.locator("ol.results > li").first
    expect(first.get_by_role("heading")).to_have_text("Sam Patel")
    expect(first).to_contain_text("Statistical process control (expert)")  # why: the matched skill
    expect(first.locator("blockquote")).to_contain_text("sepsis")  # why: the closest sentence
    first.get_by_role("link", name="Sam Patel").click()
    expect(page.get_by_role("heading", name="Sam Patel", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Ask to connect")).to_be_visible()
    assert "@example.org" not in page.content()  # emails never appear


def test_member_posting_an_idea_is_offered_a_similar_one_as_they_type(visit: Visit, services: Services) -> None:
    author = member(services, name="Tom Price")
    existing = services.knowledge.ideas.create(author, IdeaInput(
        title="Text message reminders for outpatient clinics",
        summary="Send patients an SMS a week and a day before their appointment so fewer clinic slots are wasted.",
        topics=("outpatients", "digital")))
    me = member(services, name="Ada Idea")
    visit.sign_in(me.email)
    page = visit.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Ideas").click()
    page.get_by_role("link", name="Post an idea").click()
    page.get_by_label("Title").fill("SMS reminders to cut missed hospital appointments")
    page.get_by_label("Summary").fill("Remind outpatients by text message before their appointment so fewer are missed.")

    similar = page.locator("#similar")
    expect(similar.get_by_role("link", name=existing.title)).to_be_visible()  # offered while typing

    page.get_by_label("Topics").fill("outpatients, missed appointments")
    page.get_by_role("button", name="Post idea").click()
    expect(page.get_by_role("heading", name="SMS reminders to cut missed hospital appointments", level=1)).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text("Your idea is posted")
    expect(page.get_by_role("complementary", name="Related").get_by_role("link", name=existing.title)).to_be_visible()


def test_member_comments_replies_supports_and_flags_a_comment(visit: Visit, services: Services) -> None:
    author = member(services, name="Tom Price")
    idea = services.knowledge.ideas.create(author, IdeaInput(
        title="Shared huddle board for ward flow", summary="A visible board of discharges and admissions for every shift.",
        topics=("patient flow",)))
    services.knowledge.comments.post(author, "idea", idea.id, "Happy to share our board template.")
    me = member(services, name="Cal Commenter")
    visit.sign_in(me.email)
    page = visit.page
    visit.go(f"/ideas/{idea.id}")

    page.get_by_role("button", name="Post comment").click()  # empty: the API's length rule answers
    expect(page.locator("#f-body-error")).to_be_visible()
    page.get_by_label("Your comment").fill("We tried this on two wards; **discharges before noon** went up.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("status").first).to_contain_text("Your comment is posted")
    expect(page.locator("ol.thread")).to_contain_text("discharges before noon")

    page.get_by_text("Reply to Tom Price").click()
    page.get_by_label("Your reply").filter(visible=True).fill("Could you send me the template?")
    page.get_by_role("button", name="Post reply").filter(visible=True).click()
    expect(page.locator("ol.thread ol")).to_contain_text("Could you send me the template?")

    page.get_by_role("button", name="Support this idea").click()
    expect(page.locator("#support-count")).to_contain_text("1 support")

    page.get_by_text("Flag the comment by Tom Price").click()
    page.get_by_label("Why should a coordinator look at this?").fill("Mentions a colleague by name")
    page.get_by_role("button", name="Flag comment").click()
    expect(page.get_by_role("status").first).to_contain_text("A coordinator will review the comment")
    queue = services.knowledge.comments.queue(10)
    assert [reasons for _, reasons in queue] == [["Mentions a colleague by name"]]


def test_member_votes_in_a_round_and_sees_the_votes_left(visit: Visit, services: Services) -> None:
    now = datetime.now(UTC)
    coordinator = member(services, "coordinator", name="Cora Ordinator")
    rounds, ideas = services.knowledge.rounds, services.knowledge.ideas
    round_ = rounds.open_round(coordinator, "Winter pressures round", "Ideas that ease winter pressures.", 2, {
        "ideas_open_at": now - timedelta(days=3), "shortlisting_at": now - timedelta(days=2),
        "voting_at": now - timedelta(hours=1), "results_at": now + timedelta(days=7)}, now=now - timedelta(days=4))
    titles = ["Virtual ward for frail patients", "Discharge lounge open at weekends", "Same-day emergency care clinic"]
    for title in titles:
        author = member(services, name=f"Author of {title}")
        idea = ideas.create(author, IdeaInput(title=title, summary=f"{title}: a plan for this winter.", topics=("winter",)))
        rounds.enter(author, round_.id, idea.id, now=now - timedelta(days=2, hours=12))
        ideas.change_status(coordinator, idea.id, "shortlisted")
    me = member(services, name="Val Voter")
    visit.sign_in(me.email)
    page = visit.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Rounds").click()
    page.get_by_role("link", name="Winter pressures round").click()
    expect(page.locator("#votes-left")).to_contain_text("You have 2 of 2 votes left")

    page.get_by_role("button", name=f"Vote for {titles[0]}").click()
    expect(page.get_by_role("status").first).to_contain_text("You have 1 vote left")
    expect(page.locator("#votes-left")).to_contain_text("You have 1 of 2 votes left")
    page.get_by_role("button", name=f"Vote for {titles[1]}").click()
    expect(page.locator("#votes-left")).to_contain_text("You have 0 of 2 votes left")
    expect(page.get_by_role("button", name=f"Vote for {titles[2]}")).to_have_count(0)  # none left to use
    assert len(rounds.view(me, round_.id).my_votes) == 2
