"""Writing ideas: create, edit, withdraw, status rules and safe Markdown."""

from __future__ import annotations

from qnet.graph.driver import Graph
from qnet.matching.meaning.search_space import DIMENSIONS as SPACE_DIMENSIONS
from tests.conftest import Session
from tests.knowledge.conftest import idea_body, post_idea


def test_an_idea_needs_only_title_summary_and_topics_and_is_embedded(author: Session, graph: Graph) -> None:
    idea = post_idea(author)
    assert idea["id"] and idea["status"] == "open"
    assert idea["author"] == {"id": author.member["id"], "name": "Amira Hassan"}
    assert idea["topics"] == ["digital", "outpatients"]
    rows = graph.query("MATCH (i:Idea {id: $id}) RETURN size(i.embedding) AS dims", id=idea["id"])
    assert rows[0]["dims"] == SPACE_DIMENSIONS == 1152  # the idea space: three encoders


def test_an_idea_never_shows_its_authors_email(author: Session, other: Session) -> None:
    idea = post_idea(author)
    text = other.get(f"/api/v1/ideas/{idea['id']}").get_data(as_text=True)
    assert author.member["name"] in text
    assert "@example.org" not in text


def test_a_bad_idea_names_every_bad_field(author: Session) -> None:
    response = author.post("/api/v1/ideas", json={"title": "", "topics": "x", "region": "Mars", "colour": 1})
    assert response.status_code == 400
    assert {"title", "summary", "topics", "region", "colour"} <= set(response.get_json()["error"]["fields"])


def test_markdown_body_is_rendered_and_no_script_survives(author: Session) -> None:
    body = ("## Plan\n\n**Bold** step <script>alert('x')</script>\n\n"
            "[click](javascript:alert(1)) <img src=x onerror=alert(2)> <a href='https://nhs.uk' onclick='e()'>nhs</a>")
    idea = post_idea(author, body=body)
    html = idea["body_html"]
    assert "<h2>Plan</h2>" in html and "<strong>Bold</strong>" in html
    lowered = html.lower()
    assert "<script" not in lowered and "javascript:" not in lowered
    assert "onerror" not in lowered and "onclick" not in lowered and "<img" not in lowered
    assert 'href="https://nhs.uk"' in html


def test_author_edits_their_idea(author: Session) -> None:
    idea = post_idea(author)
    response = author.put(f"/api/v1/ideas/{idea['id']}", json=idea_body(title="Two-way SMS reminders", region="London"))
    assert response.status_code == 200
    assert response.get_json()["title"] == "Two-way SMS reminders"
    assert response.get_json()["region"] == "London"


def test_member_cannot_edit_someone_elses_idea(author: Session, other: Session) -> None:
    idea = post_idea(author)
    response = other.put(f"/api/v1/ideas/{idea['id']}", json=idea_body(title="Hijacked idea"))
    assert response.status_code == 403
    assert author.get(f"/api/v1/ideas/{idea['id']}").get_json()["title"] == idea["title"]


def test_author_withdraws_their_idea_and_it_leaves_the_listing(author: Session, other: Session) -> None:
    idea = post_idea(author)
    assert other.delete(f"/api/v1/ideas/{idea['id']}").status_code == 403
    response = author.delete(f"/api/v1/ideas/{idea['id']}")
    assert response.status_code == 200
    assert response.get_json()["status"] == "archived" and response.get_json()["withdrawn"] is True
    assert other.get("/api/v1/ideas").get_json()["ideas"] == []


def test_only_coordinators_move_ideas_into_and_out_of_the_shortlist(author: Session, coordinator: Session) -> None:
    idea = post_idea(author)
    url = f"/api/v1/ideas/{idea['id']}/status"
    assert author.put(url, json={"status": "shortlisted"}).status_code == 403
    assert coordinator.put(url, json={"status": "shortlisted"}).get_json()["status"] == "shortlisted"
    assert author.put(url, json={"status": "open"}).status_code == 403
    assert coordinator.put(url, json={"status": "in_progress"}).get_json()["status"] == "in_progress"
    assert author.put(url, json={"status": "completed"}).get_json()["status"] == "completed"


def test_someone_elses_draft_is_invisible(author: Session, other: Session) -> None:
    idea = post_idea(author, status="draft")
    assert author.get(f"/api/v1/ideas/{idea['id']}").status_code == 200
    assert other.get(f"/api/v1/ideas/{idea['id']}").status_code == 404
    assert other.get("/api/v1/ideas?status=draft").get_json()["ideas"] == []
    assert [i["id"] for i in author.get("/api/v1/ideas?status=draft").get_json()["ideas"]] == [idea["id"]]
