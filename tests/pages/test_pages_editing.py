"""Editing through the pages: an idea's author edits, moves and withdraws it; a comment's author edits it
within the edit window and deletes it, on idea and project pages; everyone else is refused as by the API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from qnet.matching.knowledge.ideas import IdeaInput
from qnet.matching.knowledge.projects import ProjectInput
from qnet.services import Services
from tests.conftest import make_member
from tests.pages.helpers import field_error, signed_in

IDEA = IdeaInput(title="Text message reminders for outpatient clinics",
                 summary="Send patients an SMS before their appointment so fewer clinic slots are wasted.",
                 topics=("outpatients",))


def idea_form(token: str, **overrides: str) -> dict[str, str]:
    form = {"csrf_token": token, "title": "SMS and letter reminders for outpatient clinics",
            "summary": "Remind patients by text and by letter so that fewer clinic slots are wasted.",
            "topics": "outpatients, digital inclusion", "body": "We will **measure** did-not-attend rates.",
            "region": "Wales", "project_id": ""}
    form.update(overrides)
    return form


def test_an_author_edits_their_idea_through_the_page_and_links_it_to_their_project(
        app: Flask, services: Services) -> None:
    author = make_member(services, name="Amira Author")
    idea = services.knowledge.ideas.create(author, IDEA)
    project = services.knowledge.projects.create(author, ProjectInput(
        title="Outpatient did-not-attend project", aim="Halve missed outpatient appointments within a year."))
    client, token = signed_in(app, author.email)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'href="/ideas/{idea.id}/edit"' in page and "Withdraw my idea" in page
    edit = client.get(f"/ideas/{idea.id}/edit").get_data(as_text=True)
    assert 'value="Text message reminders for outpatient clinics"' in edit
    assert "Outpatient did-not-attend project" in edit  # my project is offered to link to

    response = client.post(f"/ideas/{idea.id}/edit", data=idea_form(token, project_id=project.id))
    assert response.status_code == 302 and response.headers["Location"] == f"/ideas/{idea.id}"
    saved = services.knowledge.ideas.get(idea.id, author)
    assert saved.title == "SMS and letter reminders for outpatient clinics" and saved.region == "Wales"
    assert saved.topics == ["digital inclusion", "outpatients"]
    assert "<strong>measure</strong>" in saved.body_html
    assert saved.project is not None and saved.project.id == project.id
    shown = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Your idea is saved." in shown and "Outpatient did-not-attend project" in shown


def test_someone_else_sees_no_edit_buttons_and_is_refused_with_403(app: Flask, services: Services) -> None:
    author = make_member(services)
    idea = services.knowledge.ideas.create(author, IDEA)
    other = make_member(services, name="Olu Other")
    client, token = signed_in(app, other.email)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f"/ideas/{idea.id}/edit" not in page and "Withdraw my idea" not in page
    for response in (client.get(f"/ideas/{idea.id}/edit"),
                     client.post(f"/ideas/{idea.id}/edit", data=idea_form(token)),
                     client.post(f"/ideas/{idea.id}/status", data={"csrf_token": token, "status": "completed"}),
                     client.post(f"/ideas/{idea.id}/withdraw", data={"csrf_token": token})):
        assert response.status_code == 403 and "Not allowed" in response.get_data(as_text=True)
    unchanged = services.knowledge.ideas.get(idea.id, author)
    assert unchanged.title == IDEA.title and unchanged.status == "open" and not unchanged.withdrawn


def test_an_author_withdraws_their_idea_which_is_archived_and_can_no_longer_be_edited(
        app: Flask, services: Services) -> None:
    author = make_member(services)
    idea = services.knowledge.ideas.create(author, IDEA)
    client, token = signed_in(app, author.email)
    response = client.post(f"/ideas/{idea.id}/withdraw", data={"csrf_token": token}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Your idea is withdrawn." in html
    assert f'href="/ideas/{idea.id}/edit"' not in html and "withdrawn" in html
    withdrawn = services.knowledge.ideas.get(idea.id, author)
    assert withdrawn.status == "archived" and withdrawn.withdrawn
    refused = client.post(f"/ideas/{idea.id}/edit", data=idea_form(token))
    assert refused.status_code == 409
    assert "A withdrawn idea cannot be edited" in refused.get_data(as_text=True)
    assert 'value="SMS and letter reminders for outpatient clinics"' in refused.get_data(as_text=True)


def test_a_bad_idea_edit_shows_each_message_beside_its_field_and_keeps_what_was_typed(
        app: Flask, services: Services) -> None:
    author = make_member(services)
    idea = services.knowledge.ideas.create(author, IDEA)
    client, token = signed_in(app, author.email)
    response = client.post(f"/ideas/{idea.id}/edit", data=idea_form(token, title="ab", region="Atlantis",
                                                                        summary="Too short"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in html
    assert "Title must be at least 3 characters (it is 2)" in field_error(html, "title")
    assert "Summary must be at least 10 characters (it is 9)" in field_error(html, "summary")
    assert "Choose a region" in field_error(html, "region")
    assert 'value="ab"' in html and ">Too short</textarea>" in html
    missing = client.post(f"/ideas/{idea.id}/edit", data=idea_form(token, project_id="no-such-project"))
    assert missing.status_code == 404
    assert "No project with that id" in field_error(missing.get_data(as_text=True), "project_id")
    assert services.knowledge.ideas.get(idea.id, author).title == IDEA.title


def test_an_author_publishes_a_draft_but_cannot_shortlist_their_own_idea(app: Flask, services: Services) -> None:
    author = make_member(services)
    draft = services.knowledge.ideas.create(author, IDEA, status="draft")
    client, token = signed_in(app, author.email)
    published = client.post(f"/ideas/{draft.id}/status", data={"csrf_token": token, "status": "open"})
    assert published.status_code == 302
    assert services.knowledge.ideas.get(draft.id, author).status == "open"
    refused = client.post(f"/ideas/{draft.id}/status", data={"csrf_token": token, "status": "shortlisted"})
    assert refused.status_code == 403
    assert "Only coordinators move ideas into and out of the shortlist" in refused.get_data(as_text=True)
    assert services.knowledge.ideas.get(draft.id, author).status == "open"


def test_a_member_edits_their_own_comment_within_the_edit_window(app: Flask, services: Services) -> None:
    author = make_member(services)
    idea = services.knowledge.ideas.create(author, IDEA)
    me = make_member(services, name="Cai Commenter")
    mine = services.knowledge.comments.post(me, "idea", idea.id, "We tried this in antenatal clinic.")
    client, token = signed_in(app, me.email)
    edit_url = f"/ideas/{idea.id}/comments/{mine.id}/edit"
    assert f'href="{edit_url}"' in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "We tried this in antenatal clinic.</textarea>" in client.get(edit_url).get_data(as_text=True)
    response = client.post(edit_url, data={"csrf_token": token, "body": "We tried this in **two** antenatal clinics."})
    assert response.status_code == 302 and response.headers["Location"] == f"/ideas/{idea.id}#comment-{mine.id}"
    edited = services.knowledge.comments.get(me, mine.id)
    assert edited.body == "We tried this in **two** antenatal clinics." and edited.edited_at is not None
    too_short = client.post(edit_url, data={"csrf_token": token, "body": "x"})
    html = too_short.get_data(as_text=True)
    assert too_short.status_code == 400 and "Your text must be at least 2 characters (it is 1)" in field_error(html, "body")
    assert ">x</textarea>" in html


def test_a_member_cannot_edit_or_delete_someone_elses_comment(app: Flask, services: Services) -> None:
    author = make_member(services)
    idea = services.knowledge.ideas.create(author, IDEA)
    theirs = services.knowledge.comments.post(author, "idea", idea.id, "Our trust already sends texts.")
    other = make_member(services)
    client, token = signed_in(app, other.email)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f"/comments/{theirs.id}/edit" not in page and f"/comments/{theirs.id}/delete" not in page
    base = f"/ideas/{idea.id}/comments/{theirs.id}"
    for response in (client.get(f"{base}/edit"), client.post(f"{base}/edit", data={"csrf_token": token, "body": "Mine now"}),
                     client.post(f"{base}/delete", data={"csrf_token": token})):
        assert response.status_code == 403 and "Not allowed" in response.get_data(as_text=True)
    kept = services.knowledge.comments.get(author, theirs.id)
    assert kept.body == "Our trust already sends texts." and kept.status == "visible"


def test_after_the_edit_window_a_comment_can_no_longer_be_edited_but_can_be_deleted(
        app: Flask, services: Services) -> None:
    author = make_member(services)
    idea = services.knowledge.ideas.create(author, IDEA)
    me = make_member(services)
    old = services.knowledge.comments.post(me, "idea", idea.id, "Posted a while ago.",
                                           now=datetime.now(UTC) - timedelta(minutes=20))
    client, token = signed_in(app, me.email)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f"/comments/{old.id}/edit" not in page and f"/comments/{old.id}/delete" in page
    edit_url = f"/ideas/{idea.id}/comments/{old.id}/edit"
    assert "only within 15 minutes of posting" in client.get(edit_url).get_data(as_text=True)
    refused = client.post(edit_url, data={"csrf_token": token, "body": "A late change."})
    assert refused.status_code == 409 and "only within 15 minutes" in refused.get_data(as_text=True)
    assert "A late change.</textarea>" in refused.get_data(as_text=True)  # what was typed is kept
    assert services.knowledge.comments.get(me, old.id).body == "Posted a while ago."


def test_deleting_my_comment_on_a_project_page_keeps_the_replies(app: Flask, services: Services) -> None:
    lead = make_member(services)
    project = services.knowledge.projects.create(lead, ProjectInput(
        title="Weekend discharge lounge", aim="Open the discharge lounge at weekends to free beds earlier."))
    me = make_member(services)
    mine = services.knowledge.comments.post(me, "project", project.id, "Who staffs the lounge on Sundays?")
    services.knowledge.comments.post(lead, "project", project.id, "Two healthcare assistants.", reply_to=mine.id)
    client, token = signed_in(app, me.email)
    page = client.get(f"/projects/{project.id}").get_data(as_text=True)
    assert f'href="/projects/{project.id}/comments/{mine.id}/edit"' in page
    response = client.post(f"/projects/{project.id}/comments/{mine.id}/delete", data={"csrf_token": token},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Your comment is deleted." in html
    assert "This comment was deleted by its author." in html and "Two healthcare assistants." in html
    assert "Who staffs the lounge on Sundays?" not in html
    assert services.knowledge.comments.get(me, mine.id).status == "deleted"


def test_members_comment_and_reply_on_a_project_page(app: Flask, services: Services) -> None:
    lead = make_member(services)
    project = services.knowledge.projects.create(lead, ProjectInput(
        title="Weekend discharge lounge", aim="Open the discharge lounge at weekends to free beds earlier."))
    me = make_member(services)
    client, token = signed_in(app, me.email)
    empty = client.post(f"/projects/{project.id}/comments", data={"csrf_token": token, "body": " "})
    assert empty.status_code == 400 and field_error(empty.get_data(as_text=True), "body")
    posted = client.post(f"/projects/{project.id}/comments", data={"csrf_token": token, "body": "Count me in."})
    assert posted.status_code == 302
    [comment] = services.knowledge.comments.thread(me, "project", project.id)
    assert comment.body == "Count me in." and comment.author["id"] == me.id
    project_edit = f"/projects/{project.id}/comments/{comment.id}/edit"
    assert client.post(project_edit, data={"csrf_token": token, "body": "Count me in, please."}).status_code == 302
    assert services.knowledge.comments.get(me, comment.id).body == "Count me in, please."


def test_members_flag_comments_on_idea_and_project_pages_with_a_reason(app: Flask, services: Services) -> None:
    author = make_member(services)
    idea = services.knowledge.ideas.create(author, IDEA)
    project = services.knowledge.projects.create(author, ProjectInput(
        title="Weekend discharge lounge", aim="Open the discharge lounge at weekends to free beds earlier."))
    on_idea = services.knowledge.comments.post(author, "idea", idea.id, "Buy my reminder app.", None)
    on_project = services.knowledge.comments.post(author, "project", project.id, "Buy my lounge chairs.", None)
    me = make_member(services)
    client, token = signed_in(app, me.email)
    no_reason = client.post(f"/ideas/{idea.id}/comments/{on_idea.id}/flag", data={"csrf_token": token, "reason": ""})
    assert no_reason.status_code == 400 and f'id="flag-{on_idea.id}-error"' in no_reason.get_data(as_text=True)
    for page, comment in ((f"/ideas/{idea.id}", on_idea), (f"/projects/{project.id}", on_project)):
        flagged = client.post(f"{page}/comments/{comment.id}/flag", data={"csrf_token": token, "reason": "advertising"})
        assert flagged.status_code == 302 and flagged.headers["Location"].endswith(f"{page}#comment-{comment.id}")
        flags = services.knowledge.comments.comments.flags_of(comment.id)
        assert [(f["reason"], f["status"]) for f in flags] == [("advertising", "open")]
