"""The coordinator page in words, through the Flask client against the real graph and model."""

from __future__ import annotations

import re
from html import escape

from qnet.services import Services
from tests.conftest import Session
from tests.coordinator.conftest import Community, wait_for_run


def page_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_page_describes_each_cluster_in_words_and_maps_the_same_clusters(
        coordinator: Session, community: Community, services: Services) -> None:
    services.insight.clusters.run_now(None, seed=42)
    html = coordinator.get("/coordinator").get_data(as_text=True)
    text = page_text(html)
    clusters = services.insight.clusters_of(services.insight.run(None))  # type: ignore[arg-type]
    assert len(clusters) >= 3
    for c in clusters:
        assert f'id="cluster-{c["number"]}"' in html
        assert f'<title>Cluster {c["number"]}: {escape(c["label"])}, {c["size"]} members</title>' in html
    # The map and the list are the same clusters: one circle-link per listed cluster (wide and phone maps).
    assert len(re.findall(r'<a href="#cluster-\d+"', html)) == 2 * len(clusters)
    assert "modularity" not in text.lower() and "×" not in text and "lift" not in text.lower()
    assert re.search(r"found on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday) \d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d", text)
    assert re.search(r"of \d+ members, against \d+% of the whole community", text)
    assert re.search(r"(Close-knit|Fairly close|Loosely knit): \d+% of their connections", text)
    assert "Sepsis Person" in text  # central members by name


def test_a_page_with_no_run_yet_says_so_and_offers_to_find_clusters(coordinator: Session) -> None:
    text = page_text(coordinator.get("/coordinator").get_data(as_text=True))
    assert "No clusters yet" in text and "Find clusters again" in text


def test_starting_a_pairing_round_asks_first_and_works_without_javascript(
        coordinator: Session, community: Community, services: Services) -> None:
    for person in community.everyone:
        services.insight.pairings.set_opt_in(person.id, True)
    page = coordinator.get("/coordinator").get_data(as_text=True)
    assert 'href="/coordinator/pairing-rounds/new"' in page and "No pairing round yet" in page
    confirm = page_text(coordinator.get("/coordinator/pairing-rounds/new").get_data(as_text=True))
    assert "Start pairing round 1?" in confirm and f"each of the {len(community.everyone)} members" in confirm
    assert services.insight.pairings.rounds() == []  # asking started nothing
    response = coordinator.post("/coordinator/pairing-rounds/new", data={"csrf_token": coordinator.csrf})
    assert response.status_code == 302
    rounds = services.insight.pairings.rounds()
    assert len(rounds) == 1 and rounds[0].members == len(community.everyone)
    text = page_text(coordinator.get(response.headers["Location"]).get_data(as_text=True))
    assert "Round 1, started on" in text and "Why these people" in text


def test_a_round_without_enough_opted_in_members_is_refused_in_words(coordinator: Session) -> None:
    confirm = page_text(coordinator.get("/coordinator/pairing-rounds/new").get_data(as_text=True))
    assert "a round needs at least two" in confirm
    response = coordinator.post("/coordinator/pairing-rounds/new", data={"csrf_token": coordinator.csrf},
                                follow_redirects=True)
    assert "A round needs at least two members who have opted in" in response.get_data(as_text=True)


def test_finding_clusters_from_the_page_starts_a_run(coordinator: Session, community: Community,
                                                     services: Services) -> None:
    response = coordinator.post("/coordinator/clusters/run", data={"csrf_token": coordinator.csrf},
                                follow_redirects=True)
    assert "Clustering has started" in response.get_data(as_text=True)
    runs = services.insight.results.runs(1)
    assert runs and wait_for_run(coordinator, runs[0].id)["status"] == "done"
