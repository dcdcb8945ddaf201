"""People search that says what it knows: meaning over common words, skill-only searches, the empty
state for nonsense, and explanations that quote the profile's best sentence (real Neo4j, real models)."""

from __future__ import annotations

import numpy as np
from flask.testing import FlaskClient

from qnet.matching.meaning.glossary import expand_abbreviations
from qnet.matching.meaning.search_space import space_of
from qnet.matching.meaning.text import split_sentences
from qnet.services import Services
from tests.conftest import Session, register

SEARCH = "/api/v1/search/people"

ECONOMIST_BIO = ("I am a health economist in a commissioning support unit. I work out what service changes "
                 "cost and what they save, and whether the savings are real. Before this I taught statistics.")

# Members whose profiles use the common words of these queries ("project", "health", "care") for
# other things: enough of them that those words are common in this community (qnet.matching.people.evidence).
WORDY = [
    ("Ruth Ellis", "I lead a project on hand hygiene in our health board. The project team audits every ward monthly."),
    ("Sam Okafor", "Project manager for our health centre's new building project, from design to handover."),
    ("Leah Brook", "Our project brought health visitors and school nurses together in one project hub."),
    ("Ian Moss", "I run the project office for a health and care partnership and keep every project on track."),
    ("Zara Iqbal", "Nurse on a care of older people ward; my project is about health inequalities in discharge."),
    ("Nia Rees", "Health care assistant; I joined a project to improve mouth care for people in care homes."),
    ("Olu Bade", "I care about health inequalities and run a community project with a local health charity."),
]


def wordy_community(client: FlaskClient) -> dict[str, Session]:
    people = {name: register(client, name=name, role="manager", region="Midlands", bio=bio,
                             skills=[{"name": "project management", "level": 2}], interests=["health inequalities"])
              for name, bio in WORDY}
    people["economist"] = register(client, name="Dev Anand", role="researcher", region="London", bio=ECONOMIST_BIO,
                                   skills=[{"name": "economic evaluation", "level": 3}], interests=["value"])
    return people


def test_a_common_word_does_not_beat_meaning(client: FlaskClient) -> None:
    people = wordy_community(client)
    me = people["Ruth Ellis"]
    for q in ("help evaluating whether our project saved money", "health economics"):
        body = me.get(SEARCH, query_string={"q": q}).get_json()
        assert body["results"], body
        top = body["results"][0]
        assert top["member"]["name"] == "Dev Anand", (q, [r["member"]["name"] for r in body["results"]])
    # The words shown are the informative ones: "health" is in most profiles here, "economics" in none.
    body = me.get(SEARCH, query_string={"q": "health economics project"}).get_json()
    for result in body["results"]:
        assert "health" not in result["explanation"]["matched_terms"]
        assert "project" not in result["explanation"]["matched_terms"]
        if result["member"]["name"] != "Dev Anand":
            assert result["explanation"]["parts"]["lexical"] == 0.0  # common words are no evidence


def test_a_query_that_only_names_a_skill_puts_its_holders_first(client: FlaskClient) -> None:
    """"health economics" asks for people who hold that skill: a beginner whose bio is about other work
    comes before profiles that only share the word "health" (interested in health inequalities). The
    economist holds it too (as "economic evaluation", an alias) at expert level and leads."""
    people = wordy_community(client)
    for name, bio in (("Poppy Marsh", "Into health inequalities, mainly."),
                      ("Hari Kent", "I'm especially interested in health inequalities."),
                      ("Ama Boateng", "Interests include health inequalities and health equity.")):
        register(client, name=name, role="data analyst", region="London", bio=bio,
                 skills=[{"name": "data visualisation", "level": 2}], interests=["health inequalities"])
    holder = register(client, name="Arthur Lane", role="improvement adviser", region="London",
                      bio="Improvement programme manager at an integrated care board. I use driver diagrams "
                          "and the model for improvement, and I would welcome contact about falls prevention.",
                      skills=[{"name": "Driver diagrams", "level": 3}, {"name": "Model for improvement", "level": 3},
                              {"name": "Safety huddles", "level": 2}, {"name": "Facilitation", "level": 2},
                              {"name": "Health economics", "level": 1}],
                      interests=["falls prevention", "frailty"])
    for q in ("health economics", "Health Economics?"):
        body = people["Ruth Ellis"].get(SEARCH, query_string={"q": q}).get_json()
        names = [r["member"]["name"] for r in body["results"]]
        assert names[:2] == ["Dev Anand", "Arthur Lane"], (q, names)
        assert [r["explanation"]["matched_skills"][0]["level"] for r in body["results"][:2]] == [3, 1]
        assert not any(r["explanation"]["matched_skills"] for r in body["results"][2:])
    assert holder.member["id"] == body["results"][1]["member"]["id"]
    # Words besides the skill keep it a search by meaning: the economist who never names the skill leads.
    body = people["Ruth Ellis"].get(SEARCH, query_string={"q": "help evaluating whether our project saved money"}).get_json()
    assert body["results"][0]["member"]["name"] == "Dev Anand"


def test_a_skill_alone_is_a_search(client: FlaskClient) -> None:
    holder = register(client, name="Priya Shah", role="data analyst", region="North West",
                      bio="I built control charts for sepsis screening times in our emergency department.",
                      skills=[{"name": "SPC", "level": 3}], interests=["sepsis"])
    register(client, name="Owen Hughes", role="allied health professional", region="Wales",
             bio="Physiotherapist running strength and balance classes for frail older people.",
             skills=[{"name": "PDSA", "level": 2}], interests=["falls prevention"])
    me = register(client, name="Searcher", bio="I manage a ward.", skills=[], interests=[])
    response = me.get(SEARCH, query_string={"skill": "statistical process control"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [r["member"]["name"] for r in body["results"]] == ["Priya Shah"]
    assert body["confidence"] == "close"
    assert body["results"][0]["explanation"]["matched_skills"][0]["level"] == 3
    assert holder.member["id"] == body["results"][0]["member"]["id"]
    # Neither words nor a skill: a 400 that names the field to fill in.
    refused = me.get(SEARCH, query_string={"region": "Wales"})
    assert refused.status_code == 400 and "q" in refused.get_json()["error"]["fields"]


def test_nonsense_gets_the_empty_state_with_the_nearest_few(client: FlaskClient) -> None:
    people = wordy_community(client)
    me = people["economist"]
    body = me.get(SEARCH, query_string={"q": "xyzzy plugh"}).get_json()
    assert body["results"] == [] and body["confidence"] == "weak"
    assert body["next_cursor"] is None
    assert 0 < len(body["weak_matches"]) <= 5
    # A real need in the same community is answered.
    assert me.get(SEARCH, query_string={"q": "hand hygiene audits"}).get_json()["confidence"] == "close"
    # The page says so before it shows anyone.
    html = me.get("/people", query_string={"q": "xyzzy plugh"}).get_data(as_text=True)
    assert "No close matches" in html and "Closest matches" not in html
    assert html.index("No close matches") < html.index("Nearest, though not close")


def test_the_quoted_sentence_is_the_profiles_best_sentence_for_the_query(client: FlaskClient,
                                                                         services: Services) -> None:
    bio = ("I started as a staff nurse on an acute medical ward. "
           "For three years I ran the trust's programme that cut pressure ulcers on our wards by half. "
           "I am a keen cyclist and lead our trust's cycle-to-work group. "
           "I now teach quality improvement to newly qualified nurses.")
    register(client, name="Ana Lopes", role="nurse", region="London", bio=bio,
              skills=[{"name": "PDSA", "level": 2}], interests=["tissue viability"])
    me = register(client, name="Searcher", bio="I manage a ward.", skills=[], interests=[])
    query = "someone who has reduced bed sores in hospital"  # no word in common with the sentence meant
    body = me.get(SEARCH, query_string={"q": query}).get_json()
    [found] = [r for r in body["results"] if r["member"]["name"] == "Ana Lopes"]
    space = space_of(services.embedder)
    sentences = split_sentences(bio)
    scores = space.passages([expand_abbreviations(s) for s in sentences]) @ space.query(expand_abbreviations(query))
    assert found["explanation"]["best_sentence"] == sentences[int(np.argmax(scores))]
    assert "pressure ulcers" in found["explanation"]["best_sentence"]
