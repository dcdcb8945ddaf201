"""What people search reads from a query besides its meaning: places, kinds of people, skills, abbreviations."""

from __future__ import annotations

from qnet.graph.fulltext import lucene_query
from qnet.matching.meaning.glossary import abbreviations_meant
from qnet.matching.people.intent import named_skills, query_words, wanted_regions, wanted_roles
from qnet.matching.people.skills import taxonomy


def test_a_place_after_a_word_of_place_is_a_wanted_region() -> None:
    assert wanted_regions("someone in the North West who runs SPC charts") == ["North West"]
    assert wanted_regions("improvement advisers based in Wales or in London") == ["Wales", "London"]
    assert wanted_regions("QI coaches across the East Midlands") == ["Midlands"]
    assert wanted_regions("a pharmacist from Yorkshire") == ["North East and Yorkshire"]


def test_a_place_inside_a_name_is_not_a_wanted_region() -> None:
    assert wanted_regions("experience of the Scottish Patient Safety Programme") == []
    assert wanted_regions("the London ambulance handover work") == []
    assert wanted_regions("reducing falls in older people") == []


def test_a_family_member_caring_for_someone_is_asking_for_carers() -> None:
    assert wanted_roles("what discharge feels like for a family member caring for someone with dementia") == ["carer"]
    assert wanted_roles("caring for a relative with motor neurone disease") == ["carer"]
    assert wanted_roles("nurse-led clinics for people with dementia") == []


def test_a_spelled_out_meaning_names_its_abbreviation() -> None:
    assert abbreviations_meant("experience of the Scottish Patient Safety Programme") == ["SPSP"]
    assert abbreviations_meant("waits in the emergency department") == ["A&E"]  # "ED" is also a first name
    assert abbreviations_meant("good news from a nice team") == []


def test_the_word_query_also_asks_for_the_abbreviation_of_a_spelled_out_meaning() -> None:
    lucene = lucene_query(*query_words("experience of the Scottish Patient Safety Programme", taxonomy()))
    assert lucene is not None and "spsp" in lucene.split(" OR ")


def test_phrases_of_the_query_are_looked_up_as_skills_members_wrote_themselves() -> None:
    keys = named_skills("who runs Schwartz Rounds alongside SPC charts?", taxonomy())
    assert keys[0] == "statistical-process-control"  # the taxonomy's skills come first
    assert "schwartz-rounds" in keys
    assert "spc-charts" not in keys  # an alias of a taxonomy skill is that skill, not a second one
    assert all("-" in key for key in keys[1:])  # single words are left to the text match
