"""Safe Markdown rendering (pure functions) and the indexes knowledge sharing relies on."""

from __future__ import annotations

from qnet.graph.driver import Graph
from qnet.matching.markdown import plain_text, render_markdown


def test_markdown_renders_basic_formatting() -> None:
    assert render_markdown("**bold** and *it*") == "<p><strong>bold</strong> and <em>it</em></p>"
    assert render_markdown("- a\n- b") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_no_script_style_or_event_handler_survives() -> None:
    nasty = ('<script>alert(1)</script><style>p{}</style><iframe src="x"></iframe>'
             '<p onclick="x()">hi</p><img src=x onerror=alert(1)><svg onload=alert(1)></svg>'
             '[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) <a href="vbscript:x">c</a>')
    html = render_markdown(nasty).lower()
    for forbidden in ("<script", "<style", "<iframe", "onclick", "onerror", "onload", "<img", "<svg",
                      "javascript:", "data:text", "vbscript:"):
        assert forbidden not in html, forbidden


def test_links_keep_safe_targets_and_never_pass_on_the_opener() -> None:
    html = render_markdown("[NHS](https://www.nhs.uk)")
    assert html == '<p><a href="https://www.nhs.uk" rel="nofollow noopener">NHS</a></p>'


def test_plain_text_drops_markup() -> None:
    assert plain_text("# Title\n\n**Bold** <b>x</b> &amp; more") == "Title Bold x & more"


def test_knowledge_indexes_are_online(graph: Graph) -> None:
    rows = graph.query("SHOW INDEXES YIELD name, type, state, options RETURN name, type, state, options")
    by_name = {row["name"]: row for row in rows}
    # ideas and projects in the idea space (three encoders, migration 16); groups stay MiniLM's
    for name, dims in (("idea_embedding", 1152), ("project_embedding", 1152), ("group_embedding", 384)):
        assert by_name[name]["type"] == "VECTOR" and by_name[name]["state"] == "ONLINE"
        config = by_name[name]["options"]["indexConfig"]
        assert config["vector.dimensions"] == dims and config["vector.similarity_function"].lower() == "cosine"
    for name in ("idea_text", "project_text", "group_text"):
        assert by_name[name]["type"] == "FULLTEXT" and by_name[name]["state"] == "ONLINE"
    constraints = graph.query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties "
                              "RETURN labelsOrTypes[0] AS label, properties")
    present = {(row["label"], tuple(row["properties"])) for row in constraints}
    assert {("Group", ("id",)), ("Round", ("id",)), ("Ballot", ("key",))} <= present
