"""The synthetic community: deterministic, valid import data, believable text, realistic ties.

Pure standard-library tests with literal expectations; no graph or app is needed.
"""

from __future__ import annotations

import gc
import json
import re
import statistics
import tracemalloc
from collections import Counter, defaultdict
from itertools import combinations, pairwise
from typing import Any

import pytest

from qnet.matching.people.skills import taxonomy
from seed import vocabulary as vocab
from seed.generator import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    JOIN_END,
    JOIN_START,
    Community,
    generate_community,
    iter_connections,
    iter_member_records,
    iter_members,
    taxonomy_skills,
)

Member = dict[str, Any]

SIZE = 3000
MEMBER_FIELDS = {
    "key",
    "email",
    "name",
    "role",
    "organisation",
    "region",
    "bio",
    "skills",
    "interests",
}


@pytest.fixture(scope="module")
def community() -> Community:
    return generate_community(SIZE, seed=7)


def _dump(community: Community) -> str:
    return json.dumps(community.to_dict(), sort_keys=True)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def _app_normalise(text: str) -> str:
    """Roughly how the app compares skill spellings: case-, hyphen- and spacing-blind."""
    text = re.sub(r"[\s\-_/]+", " ", text.casefold())
    return " ".join(re.sub(r"[^\w&+#.' ]", "", text).split()).strip(" .")


def _canonical(written: str) -> str:
    skill = taxonomy().find(written)
    assert skill is not None, written
    return skill.name


def _degrees(community: Community) -> Counter[str]:
    degree: Counter[str] = Counter()
    for a, b in community.connections:
        degree[a] += 1
        degree[b] += 1
    return degree


# --- determinism ---------------------------------------------------------------------------------


def test_same_arguments_give_a_byte_identical_community() -> None:
    assert _dump(generate_community(400, seed=3)) == _dump(generate_community(400, seed=3))


def test_a_different_seed_gives_a_different_community() -> None:
    first, second = generate_community(400, seed=3), generate_community(400, seed=4)
    assert first.members[:4] == second.members[:4]  # the demo accounts are fixed
    assert first.members[4:] != second.members[4:]
    assert first.connections != second.connections


def test_streamed_members_and_ties_match_the_whole_community(community: Community) -> None:
    assert list(iter_members(SIZE, seed=7)) == community.members
    assert list(iter_connections(SIZE, seed=7)) == community.connections
    records = list(iter_member_records(SIZE, seed=7))
    assert [extras for _, extras in records] == [
        community.extras[m["key"]] for m in community.members
    ]


# --- members -------------------------------------------------------------------------------------


def test_members_use_the_import_format_with_valid_values(community: Community) -> None:
    organisations = {region: {n for n, _ in orgs} for region, orgs in vocab.ORGANISATIONS.items()}
    for member in community.members:
        assert set(member) == MEMBER_FIELDS
        assert re.fullmatch(r"m\d{6}", member["key"])
        assert member["role"] in vocab.ROLES
        assert member["region"] in vocab.REGIONS
        assert member["organisation"] in organisations[member["region"]]
        assert 2 <= len(member["skills"]) <= 7
        assert 1 <= len(member["interests"]) <= 5
        assert set(member["interests"]) <= set(vocab.TOPICS)
        for skill in member["skills"]:
            assert taxonomy().find(skill["name"]) is not None, skill
            assert skill["level"] in (1, 2, 3)


def test_keys_and_emails_are_unique_and_emails_use_example_domains(community: Community) -> None:
    keys = [m["key"] for m in community.members]
    emails = [m["email"] for m in community.members]
    assert keys == [f"m{i:06d}" for i in range(1, SIZE + 1)]
    assert len(set(emails)) == SIZE
    assert all(re.fullmatch(r"[a-z.\d]+@example\.(org|net)", e) for e in emails)


def test_members_sometimes_write_skills_as_aliases(community: Community) -> None:
    written = [s["name"] for m in community.members for s in m["skills"]]
    aliases = [w for w in written if _canonical(w) != w]
    assert 0.05 < len(aliases) / len(written) < 0.3


def test_demo_accounts_are_the_first_members_with_fixed_profiles(community: Community) -> None:
    assert [a["email"] for a in DEMO_ACCOUNTS] == [
        "coordinator@example.org",
        "amira.hassan@example.org",
        "tom.price@example.org",
        "grace.owusu@example.org",
    ]
    assert {a["password"] for a in DEMO_ACCOUNTS} == {DEMO_PASSWORD} == {"improve-together-2026"}
    first_four = community.members[:4]
    assert [m["key"] for m in first_four] == ["m000001", "m000002", "m000003", "m000004"]
    assert [m["email"] for m in first_four] == [a["email"] for a in DEMO_ACCOUNTS]
    coordinator, amira, tom, grace = first_four
    assert (coordinator["role"], coordinator["region"]) == ("improvement adviser", "London")
    assert (amira["role"], amira["region"]) == ("data analyst", "North West")
    assert "sepsis" in amira["interests"] and "SPC" in amira["bio"]
    assert (tom["role"], tom["region"]) == ("patient leader", "Wales")
    assert (grace["role"], grace["region"]) == ("nurse", "London")
    assert "falls prevention" in grace["interests"]
    assert community.extras["m000001"]["account_role"] == "coordinator"
    assert all("account_role" not in community.extras[m["key"]] for m in community.members[4:])


def test_extras_stay_out_of_the_import_records(community: Community) -> None:
    assert set(community.extras) == {m["key"] for m in community.members}
    joined = [e["joined"] for e in community.extras.values()]
    assert min(joined) >= JOIN_START.isoformat() and max(joined) <= JOIN_END.isoformat()
    assert {j[:4] for j in joined} >= {str(y) for y in range(2016, 2027)}
    assert all(isinstance(e["pairing_opt_in"], bool) for e in community.extras.values())


def test_roles_come_with_plausible_skills(community: Community) -> None:
    def share_with(role: str, names: set[str]) -> float:
        people = [m for m in community.members if m["role"] == role]
        hits = [m for m in people if {_canonical(s["name"]) for s in m["skills"]} & names]
        return len(hits) / len(people)

    analyst_skills = {
        "Statistical process control",
        "Run charts",
        "Data visualisation",
        "R programming",
    }
    assert share_with("data analyst", analyst_skills) > 0.7
    assert share_with("patient leader", {"Lived experience leadership"}) == 1.0
    assert (
        share_with("researcher", {s.name for s in taxonomy_skills() if s.category == "research"})
        > 0.9
    )


# --- taxonomy ------------------------------------------------------------------------------------


def test_taxonomy_keys_are_unique_slugs() -> None:
    keys = [s.key for s in taxonomy_skills()]
    assert 70 <= len(keys) <= 90
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", k) for k in keys)


def test_no_spelling_belongs_to_two_skills_and_aliases_differ_from_names() -> None:
    owner: dict[str, str] = {}
    for skill in taxonomy_skills():
        for spelling in (skill.name, *skill.aliases):
            norm = _app_normalise(spelling)
            assert owner.setdefault(norm, skill.key) == skill.key, spelling
    names = {" ".join(s.name.lower().split()) for s in taxonomy_skills()}
    for skill in taxonomy_skills():
        assert not {" ".join(a.lower().split()) for a in skill.aliases} & names, skill.key
    spc = taxonomy().find("control charts")
    assert spc is not None and spc.key == "statistical-process-control"


def test_clinical_areas_are_topics_not_skills() -> None:
    for area in ("sepsis", "frailty", "mental health", "maternity safety", "primary care access"):
        assert taxonomy().find(area) is None
        assert area in vocab.TOPICS


# --- bios ----------------------------------------------------------------------------------------


def test_bios_talk_about_the_members_own_skills_and_topics(community: Community) -> None:
    def mentions_skill(member: Member) -> bool:
        bio = member["bio"].lower()
        for entry in member["skills"]:
            skill = taxonomy().find(entry["name"])
            assert skill is not None
            for spelling in (skill.name, *skill.aliases):
                if re.search(rf"(?<![a-z]){re.escape(spelling.lower())}(?![a-z])", bio):
                    return True
        return False

    def mentions_topic(member: Member) -> bool:
        bio = member["bio"].lower()
        forms = [f.lower() for t in member["interests"] for f in vocab.TOPIC_FORMS[t]]
        return any(f in bio for f in forms)

    generated = community.members[4:]
    assert all(mentions_skill(m) for m in generated)
    assert sum(map(mentions_topic, generated)) / len(generated) > 0.9


@pytest.mark.parametrize("seed", [1, 2, 7, 11])
def test_fifty_bios_do_not_read_like_one_template(seed: int) -> None:
    bios = [m["bio"] for m in list(iter_members(54, seed))[4:]]
    openings = {" ".join(b.split()[:6]) for b in bios}
    assert len(openings) >= 49
    sentence_use = Counter(s for b in bios for s in set(_sentences(b)))
    assert max(sentence_use.values()) <= 4
    assert {len(_sentences(b)) for b in bios} <= {2, 3, 4, 5}
    assert len({len(_sentences(b)) for b in bios}) >= 3
    first_person = sum(bool(re.search(r"\b(I|I'm|I've|my)\b", b)) for b in bios)
    assert 15 <= first_person <= 45


def test_no_bio_sentence_appears_in_more_than_a_few_demo_profiles() -> None:
    """The demo reads like people, not a template: no sentence closes (or opens) many bios."""
    bios = [m["bio"] for m in iter_members(300)]
    sentence_use = Counter(s for b in bios for s in set(_sentences(b)))
    most, times = sentence_use.most_common(1)[0]
    assert times <= 3, most
    lengths = sorted(len(b) for b in bios[4:])
    assert lengths[0] < 120 and lengths[-1] > 450  # short notes and longer stories
    voices = {"first": sum(bool(re.search(r"\b(I|I'm|I've|my)\b", b)) for b in bios),
              "notes": sum(not re.search(r"\b(I|I'm|I've|my|they|their)\b", b) for b in bios)}
    assert voices["first"] > 100 and voices["notes"] > 20


# --- ties ----------------------------------------------------------------------------------------


def test_ties_are_undirected_without_self_loops_or_duplicates(community: Community) -> None:
    keys = {m["key"] for m in community.members}
    pairs = community.connections
    assert all(a < b and a in keys and b in keys for a, b in pairs)
    assert len(set(pairs)) == len(pairs)


def test_about_five_percent_are_isolated_newcomers(community: Community) -> None:
    degree = _degrees(community)
    isolated = [m["key"] for m in community.members if degree[m["key"]] == 0]
    assert 0.03 <= len(isolated) / SIZE <= 0.08
    recent = [k for k in isolated if community.extras[k]["joined"] >= "2026-09-01"]
    assert len(recent) / len(isolated) > 0.9


def test_average_degree_is_six_to_eight_with_a_few_hubs(community: Community) -> None:
    degree = _degrees(community)
    assert 6 <= 2 * len(community.connections) / SIZE <= 8
    values = sorted(degree.values())
    hubs = [d for d in values if d >= 30]
    assert 0.003 <= len(hubs) / SIZE <= 0.03
    assert values[-1] >= 5 * statistics.median(values)


def test_ties_cluster_by_region_and_planted_group(community: Community) -> None:
    region = {m["key"]: m["region"] for m in community.members}
    group = community.planted_groups
    pairs = community.connections
    same_region = sum(region[a] == region[b] for a, b in pairs) / len(pairs)
    same_group = sum(group[a] == group[b] for a, b in pairs) / len(pairs)
    sizes = Counter(group.values())
    chance = sum((n / len(group)) ** 2 for n in sizes.values())
    assert same_region > 0.4
    assert same_group > 0.35 > 3 * chance


def test_planted_groups_share_topics_and_skills(community: Community) -> None:
    by_group: dict[int, list[Member]] = defaultdict(list)
    for member in community.members[4:]:
        by_group[community.planted_groups[member["key"]]].append(member)

    def overlap(a: Member, b: Member) -> bool:
        return bool(set(a["interests"]) & set(b["interests"]))

    groups = list(by_group.values())
    within = [overlap(a, b) for g in groups for a, b in combinations(g[:20], 2)]
    across = [overlap(a, b) for g, h in pairwise(groups) for a, b in zip(g[:40], h[:40])]
    assert sum(within) / len(within) > 2 * sum(across) / len(across)


# --- activity ------------------------------------------------------------------------------------


def test_activity_is_sized_to_the_membership_and_references_are_valid(community: Community) -> None:
    keys = {m["key"] for m in community.members}
    projects = {p["key"]: p for p in community.projects}
    ideas = {i["key"]: i for i in community.ideas}
    assert (len(projects), len(ideas), len(community.comments)) == (
        SIZE // 10,
        SIZE // 8,
        SIZE // 3,
    )
    assert len(community.groups) == max(5, SIZE // 100)
    for project in projects.values():
        assert re.fullmatch(r"p\d{5}", project["key"]) and project["status"] in {
            "planning",
            "active",
            "completed",
        }
        assert project["team"][0] == {"member": project["lead"], "role": "lead"}
        assert {t["member"] for t in project["team"]} <= keys
        assert all(taxonomy().find(m) for m in project["methods"])
    for idea in ideas.values():
        assert idea["author"] in keys and set(idea["topics"]) <= set(vocab.TOPICS)
        assert idea["project"] is None or idea["project"] in projects
        assert idea["body"].startswith("## ")
    assert len(set(community.supports)) == len(community.supports)
    assert all(m in keys and i in ideas and ideas[i]["author"] != m for m, i in community.supports)
    seen: dict[str, str] = {}
    for comment in community.comments:
        assert comment["author"] in keys and comment["idea"] in ideas
        assert comment["parent"] is None or seen[comment["parent"]] == comment["idea"]
        seen[comment["key"]] = comment["idea"]
    assert len({g["name"] for g in community.groups}) == len(community.groups)
    assert all(set(g["conveners"]) <= set(g["members"]) <= keys for g in community.groups)


# --- scale ---------------------------------------------------------------------------------------


def _streaming_peak(members: int) -> int:
    """Peak traced memory while streaming; free lists are emptied now and then (gc.collect does
    that), so the number reflects what the iterator holds, not what the interpreter keeps spare."""
    gc.collect()
    tracemalloc.start()
    for position, _ in enumerate(iter_members(members, seed=5)):
        if position % 1000 == 0:
            gc.collect()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_iter_members_yields_exactly_n_members() -> None:
    # How fast it streams is measured by bench/load.py ("generate s"), not timed here.
    assert sum(1 for _ in iter_members(5_000, seed=5)) == 5_000


def test_iter_members_memory_does_not_grow_with_membership() -> None:
    _streaming_peak(100)  # load the taxonomy and caches first
    assert _streaming_peak(10_000) < 2 * _streaming_peak(1_000)  # ten times the members, not twice the memory


def test_ties_for_20k_members_average_three_and_a_half_each() -> None:
    pairs = sum(1 for _ in iter_connections(20_000, seed=5))
    assert 60_000 < pairs < 80_000
