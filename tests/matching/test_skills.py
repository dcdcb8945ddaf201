"""Skill normalisation: one node per skill however members write it."""

from importlib import resources
from pathlib import Path

from qnet.matching.people.skills import normalise_text, normalise_topic, slug, taxonomy


def test_aliases_and_spellings_resolve_to_one_skill() -> None:
    spellings = ["SPC", "spc", "Statistical process control", "statistical  process-control", "control charts"]
    assert {taxonomy().resolve(s).key for s in spellings} == {"statistical-process-control"}


def test_plural_and_singular_resolve_alike() -> None:
    assert taxonomy().resolve("driver diagram").key == taxonomy().resolve("Driver diagrams").key


def test_unknown_skill_keeps_the_members_wording_tidied() -> None:
    skill = taxonomy().resolve("  bed   management ")
    assert (skill.key, skill.name) == ("bed-management", "Bed management")


def test_find_names_only_taxonomy_skills() -> None:
    assert taxonomy().find("Control charts") == taxonomy().resolve("SPC")
    assert taxonomy().find("sepsis") is None  # a clinical area is a topic, not a skill
    assert taxonomy().find("") is None


def test_the_taxonomy_ships_inside_the_package_that_resolves_skills() -> None:
    assert resources.files("qnet.matching.people").joinpath("taxonomy.json").is_file()
    root = Path(__file__).resolve().parents[2]
    assert "qnet.matching.people = taxonomy.json" in (root / "setup.cfg").read_text(encoding="utf-8")
    assert not (root / "seed" / "taxonomy.json").exists()  # seed reads the app's taxonomy through the app's resolver


def test_normalise_text_folds_case_punctuation_and_spacing() -> None:
    assert normalise_text("Plan-Do-Study-Act  (PDSA)") == "plan do study act pdsa"


def test_topics_are_keyed_case_insensitively() -> None:
    assert normalise_topic("Sepsis ")[0] == normalise_topic("sepsis")[0] == slug("SEPSIS") == "sepsis"


def test_mentions_finds_taxonomy_skills_named_in_free_text() -> None:
    found = taxonomy().mentions("We ran PDSA cycles and plotted SPC charts")
    assert "statistical-process-control" in found
