"""Deterministic synthetic Q community: members, ties, projects, ideas, comments and groups.

Each member is derived from (members, seed, index) alone, so members stream one at a time in
constant memory. The same arguments always give the same community, byte for byte once dumped
as sorted JSON. Nothing here touches a database or the network.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata
from bisect import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from itertools import accumulate
from string import Formatter
from typing import Any, Final

from qnet.matching.people.skills import Skill, taxonomy
from seed import vocabulary as vocab

Member = dict[str, Any]
Extras = dict[str, Any]

DEMO_PASSWORD: Final = "improve-together-2026"
DEMO_ACCOUNTS: Final[tuple[dict[str, str], ...]] = tuple(
    {
        "key": f"m{i + 1:06d}",
        "email": str(profile["email"]),
        "password": DEMO_PASSWORD,
        "account_role": "coordinator" if i == 0 else "member",
    }
    for i, profile in enumerate(vocab.DEMO_PROFILES)
)
EMAIL_DOMAINS: Final = ("example.org", "example.org", "example.net")
JOIN_START: Final = date(2015, 4, 1)
JOIN_END: Final = date(2026, 11, 20)
MEMBERS_PER_PLANTED_GROUP: Final = 200
ISOLATED_SHARE: Final = 0.05
HUB_SHARE: Final = 0.01

_POPULAR: Final = frozenset(
    {
        "quality-improvement",
        "pdsa-cycles",
        "model-for-improvement",
        "process-mapping",
        "run-charts",
        "co-design",
        "measurement-for-improvement",
        "driver-diagrams",
        "facilitation",
        "leadership",
        "human-factors",
        "root-cause-analysis",
        "statistical-process-control",
        "clinical-audit",
        "patient-and-public-involvement",
        "lean",
        "evaluation",
    }
)
_LIVED_ROLES: Final = frozenset({"patient leader", "carer"})
_TOOL_CATEGORIES: Final = frozenset(
    {"measurement", "data", "methods", "design", "research", "safety"}
)
_CONTENT_SLOTS: Final = (
    "skill",
    "skills",
    "skill_high",
    "skill_low",
    "method",
    "topic",
    "topic2",
    "topics",
)
# Slots whose values come from small vocabularies, so that a sentence made only of them can recur.
_SHARED_SLOTS: Final = frozenset({"place", "topic", "topic2", "hobby", "joined", "skill", "skill_high", "skill_low",
                                  "skills", "topics", "lived", "method", "title", "a_title", "duty", "side", "years"})
_VARIED_SLOTS: Final = frozenset({*_CONTENT_SLOTS, "first", "name", "title", "a_title", "year"})
_STUBS: Final = (1, 2, 2, 3, 3, 3, 4, 4, 5, 6)
_REGION_CUM: Final = tuple(accumulate(vocab.REGION_WEIGHTS))
_ROLE_CUM: Final = tuple(accumulate(vocab.ROLE_WEIGHTS))


@dataclass
class Community:
    members: list[Member]
    extras: dict[str, Extras]
    planted_groups: dict[str, int]
    connections: list[tuple[str, str]]
    projects: list[dict[str, Any]]
    ideas: list[dict[str, Any]]
    supports: list[tuple[str, str]]
    comments: list[dict[str, Any]]
    groups: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready form (tuples become lists once dumped)."""
        return asdict(self)


@dataclass(frozen=True)
class _Theme:
    region: str
    topics: tuple[str, ...]
    skills: tuple[str, ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class _World:
    seed: int
    size: int
    themes: tuple[_Theme, ...]
    theme_cum: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class _Core:
    index: int
    group: int
    region: str
    role: str
    isolated: bool
    hub: bool
    joined: str
    pairing_opt_in: bool


def taxonomy_skills() -> tuple[Skill, ...]:
    """The app's skills taxonomy (qnet.matching.people.skills), in its shipped order."""
    return tuple(taxonomy().skills.values())


def member_key(index: int) -> str:
    """Key of the member at a zero-based position (m000001 is the first)."""
    return f"m{index + 1:06d}"


@lru_cache(maxsize=8)
def _world(size: int, seed: int) -> _World:
    """Planted-group themes: a home region, shared topics, shared skills and typical roles."""
    count = max(len(vocab.DEMO_PROFILES), size // MEMBERS_PER_PLANTED_GROUP)
    themes = [_demo_theme(p) for p in vocab.DEMO_PROFILES]
    by_category: dict[str, list[str]] = defaultdict(list)
    for skill in taxonomy_skills():
        by_category[skill.category].append(skill.key)
    categories = sorted(by_category)
    weights = [1.0] * len(themes)
    for g in range(len(themes), count):
        rng = random.Random(f"{seed}/theme/{g}")
        pool = by_category[rng.choice(categories)]
        skills = rng.sample(pool, min(3, len(pool)))
        skills.append(rng.choice([s.key for s in taxonomy_skills() if s.key not in skills]))
        topics = tuple(rng.sample(vocab.TOPICS, rng.choice((2, 3, 3))))
        roles = tuple(r for r in vocab.ROLES if set(vocab.ROLE_SKILLS[r]) & set(skills)) or (
            "nurse",
        )
        region = rng.choices(vocab.REGIONS, cum_weights=_REGION_CUM)[0]
        themes.append(_Theme(region, topics, tuple(skills), roles))
        weights.append(rng.uniform(0.5, 1.5))
    return _World(seed, size, tuple(themes), tuple(accumulate(weights)))


def _demo_theme(profile: dict[str, Any]) -> _Theme:
    skills = tuple(s.key for e in profile["skills"] if (s := taxonomy().find(e["name"])))
    return _Theme(profile["region"], tuple(profile["interests"]), skills, (profile["role"],))


def _core(world: _World, index: int) -> _Core:
    """The cheap attributes that ties and activity need: planted group, region, role, hub or not."""
    if index < len(vocab.DEMO_PROFILES):
        profile = vocab.DEMO_PROFILES[index]
        coordinator = index == 0
        return _Core(
            index,
            index,
            str(profile["region"]),
            str(profile["role"]),
            False,
            coordinator,
            vocab.DEMO_JOINED[index],
            True,
        )
    rng = random.Random(f"{world.seed}/core/{index}")
    group = bisect(world.theme_cum, rng.random() * world.theme_cum[-1])
    theme = world.themes[group]
    region = (
        theme.region
        if rng.random() < 0.75
        else rng.choices(vocab.REGIONS, cum_weights=_REGION_CUM)[0]
    )
    if rng.random() < 0.45:
        role = rng.choice(theme.roles)
    else:
        role = rng.choices(vocab.ROLES, cum_weights=_ROLE_CUM)[0]
    isolated = rng.random() < ISOLATED_SHARE
    hub = not isolated and rng.random() < HUB_SHARE
    if isolated:
        joined = JOIN_END - timedelta(days=rng.randint(0, 45))
    else:
        joined = JOIN_START + timedelta(
            days=int(rng.random() ** 0.7 * (JOIN_END - JOIN_START).days)
        )
    opt_in = rng.random() < (0.8 if isolated else 0.55)
    return _Core(index, group, region, role, isolated, hub, joined.isoformat(), opt_in)


def _extras(core: _Core) -> Extras:
    extras: Extras = {"joined": core.joined, "pairing_opt_in": core.pairing_opt_in}
    if core.index < len(DEMO_ACCOUNTS):
        extras["account_role"] = DEMO_ACCOUNTS[core.index]["account_role"]
    return extras


def iter_members(members: int, seed: int = 7) -> Iterator[Member]:
    """Members in the qnet import format, one at a time, in memory independent of ``members``."""
    world = _world(members, seed)
    voices = Voices(members)
    for index in range(members):
        yield _member(world, _core(world, index), voices)


def iter_member_records(members: int, seed: int = 7) -> Iterator[tuple[Member, Extras]]:
    """Like ``iter_members``, each member paired with its non-import extras (joined, opt-in...)."""
    world = _world(members, seed)
    voices = Voices(members)
    for index in range(members):
        core = _core(world, index)
        yield _member(world, core, voices), _extras(core)


def iter_connections(members: int, seed: int = 7) -> Iterator[tuple[str, str]]:
    """Undirected ties as (smaller key, larger key), no duplicates; memory O(members + ties)."""
    world = _world(members, seed)
    yield from _ties(world, [_core(world, i) for i in range(members)])


@dataclass
class Activity:
    """What members do together: the activity half of a Community."""

    projects: list[dict[str, Any]]
    ideas: list[dict[str, Any]]
    supports: list[tuple[str, str]]
    comments: list[dict[str, Any]]
    groups: list[dict[str, Any]]


def activity_view(member: Member) -> Member:
    """The only fields of a member that activity reads (key, region, interests, skill names).

    A loader keeps these small views while it streams members, instead of whole members with bios.
    """
    skills = [_SKILL_NAME_ROWS.setdefault(s["name"], {"name": s["name"]}) for s in member["skills"]]
    return {"key": member["key"], "region": member["region"], "interests": member["interests"], "skills": skills}


_SKILL_NAME_ROWS: dict[str, dict[str, str]] = {}


def generate_activity(members: int, seed: int = 7, people: list[Member] | None = None) -> Activity:
    """Projects, ideas, supports, comments and groups exactly as ``generate_community`` makes them.

    ``people`` may be the members' ``activity_view``s, in order, collected while streaming them.
    """
    world = _world(members, seed)
    cores = [_core(world, i) for i in range(members)]
    if people is None:
        people = [activity_view(m) for m in iter_members(members, seed)]
    projects = _projects(world, cores, people)
    ideas, supports = _ideas(world, cores, people, projects)
    return Activity(
        projects=projects,
        ideas=ideas,
        supports=supports,
        comments=_comments(world, cores, people, ideas, supports),
        groups=_groups(world, people),
    )


def generate_community(members: int, seed: int = 7) -> Community:
    """The whole community in memory: members, extras, planted groups, ties and activity."""
    world = _world(members, seed)
    cores = [_core(world, i) for i in range(members)]
    voices = Voices(members)
    people = [_member(world, c, voices) for c in cores]
    projects = _projects(world, cores, people)
    ideas, supports = _ideas(world, cores, people, projects)
    return Community(
        members=people,
        extras={p["key"]: _extras(c) for p, c in zip(people, cores)},
        planted_groups={p["key"]: c.group for p, c in zip(people, cores)},
        connections=list(_ties(world, cores)),
        projects=projects,
        ideas=ideas,
        supports=supports,
        comments=_comments(world, cores, people, ideas, supports),
        groups=_groups(world, people),
    )


# --- members and bios -------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _orgs_by_region_kind() -> dict[tuple[str, str], tuple[str, ...]]:
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for region, orgs in vocab.ORGANISATIONS.items():
        for name, kind in orgs:
            grouped[(region, kind)].append(name)
    return {k: tuple(v) for k, v in grouped.items()}


@lru_cache(maxsize=1)
def _skill_popularity() -> tuple[tuple[str, ...], tuple[float, ...]]:
    keys = tuple(s.key for s in taxonomy_skills())
    return keys, tuple(accumulate(4.0 if k in _POPULAR else 1.0 for k in keys))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", ascii_text.lower())


def _organisation(rng: random.Random, region: str, role: str) -> str:
    table = _orgs_by_region_kind()
    kind = rng.choice(vocab.ROLE_ORG_KINDS[role])
    for candidate in (kind, "health board", "trust"):
        if (region, candidate) in table:
            return rng.choice(table[(region, candidate)])
    return rng.choice(vocab.ORGANISATIONS[region])[0]


def _pick_skills(rng: random.Random, theme: _Theme, role: str) -> list[tuple[str, int]]:
    """2-7 (key, level) pairs: the planted group's skills, the role's usual ones, then popular."""
    wanted = rng.choice((2, 3, 3, 4, 4, 4, 5, 5, 6, 7))
    chosen: dict[str, int] = {}
    if role in _LIVED_ROLES:
        chosen["lived-experience-leadership"] = rng.choice((2, 3, 3))
    fits = role in theme.roles
    core_keys = rng.sample(
        theme.skills, min(len(theme.skills), rng.choice((1, 2, 2, 3)) if fits else 1)
    )
    typical = vocab.ROLE_SKILLS[role]
    ranks = tuple(accumulate(range(len(typical), 0, -1)))
    role_keys = [
        rng.choices(typical, cum_weights=ranks)[0] for _ in range(rng.choice((1, 2, 2, 3)))
    ]
    for key in (*core_keys, *role_keys) if fits else (*role_keys, *core_keys):
        chosen.setdefault(
            key, rng.choices((1, 2, 3), (2, 4.5, 3.5) if fits or key in typical else (4, 4, 2))[0]
        )
    keys, cum = _skill_popularity()
    while len(chosen) < wanted:
        chosen.setdefault(
            rng.choices(keys, cum_weights=cum)[0], rng.choices((1, 2, 3), (5, 3.5, 1.5))[0]
        )
    return list(chosen.items())[: max(2, wanted)]


def _pick_topics(rng: random.Random, theme: _Theme, role: str) -> list[str]:
    wanted = rng.choice((1, 2, 2, 3, 3, 3, 4, 5))
    topics = rng.sample(theme.topics, min(wanted, len(theme.topics), rng.choice((1, 2, 2, 3))))
    if role in _LIVED_ROLES and rng.random() < 0.5 and len(topics) < wanted:
        topics.append(rng.choice(sorted(vocab.TOPIC_LIVED)))
    while len(topics) < wanted:
        topic = rng.choice(vocab.TOPICS)
        if topic not in topics:
            topics.append(topic)
    return list(dict.fromkeys(topics))


def _written_skill(rng: random.Random, skill: Skill, alias_share: float) -> str:
    """How a member writes a skill: usually the name (in running-text case), sometimes an alias."""
    if skill.aliases and rng.random() < alias_share:
        return rng.choice(skill.aliases)
    return skill.name


def _is_tool(skill: Skill) -> bool:
    """Whether a skill reads well after "using" (methods yes; leadership, lived experience no)."""
    return skill.category in _TOOL_CATEGORIES and skill.key != "lived-experience-leadership"


def _running_case(name: str, skill: Skill | None = None) -> str:
    """A skill name as it reads mid-sentence ("run charts", but "PDSA cycles" and "R")."""
    first, _, rest = name.partition(" ")
    canonical = skill is None or name == skill.name
    if canonical and len(first) > 1 and first[1:] == first[1:].lower() and rest == rest.lower():
        return name[0].lower() + name[1:]
    return name


def _org_phrase(organisation: str) -> str:
    """An organisation as it reads after "at" ("the University of Strathallan")."""
    bodies = (
        "Centre",
        "Alliance",
        "Academy",
        "Institute",
        "Collaborative",
        "Forum",
        "Network",
        "Collective",
    )
    if (
        organisation.startswith(("University of", "Borough of"))
        or organisation.split()[-1] in bodies
    ):
        return f"the {organisation}"
    return organisation


def _with_article(title: str) -> str:
    word = title.split()[0]
    vowel = (
        word[0] in "AEFHILMNORSX"
        if word.isupper() and len(word) > 1
        else word[0].lower() in "aeiou"
    )
    return f"{'an' if vowel else 'a'} {title}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _place(region: str) -> str:
    return f"in the {region}" if region in vocab.REGIONS_WITH_ARTICLE else f"in {region}"


class Voices:
    """How often each bio sentence has been written so far, so that no sentence closes many bios.

    Members are always generated in order from the first, so the same (members, seed) gives the
    same bios. A sentence may appear in at most `limit` bios (3 in the 300-member demo, 1 in 100
    members at scale); after that the member says something else, or leaves that part out. Only
    sentences that can recur are counted (their slots come from small vocabularies: a topic, a
    region, a skill); one that names the member, their organisation or their own project cannot.
    At most TRACKED sentences are counted: the ones that recur often are met early, and the cap
    keeps memory flat however many members are generated.
    """

    TRACKED = 2000

    def __init__(self, members: int) -> None:
        self.limit = max(3, members // 100)
        self.used: Counter[str] = Counter()

    @staticmethod
    def can_recur(fields: tuple[str, ...]) -> bool:
        return set(fields) <= _SHARED_SLOTS

    def fresh(self, sentence: str, fields: tuple[str, ...]) -> bool:
        return not self.can_recur(fields) or self.used[sentence] < self.limit

    def said(self, sentence: str, fields: tuple[str, ...]) -> None:
        if self.can_recur(fields) and (sentence in self.used or len(self.used) < self.TRACKED):
            self.used[sentence] += 1


def _member(world: _World, core: _Core, voices: Voices) -> Member:
    """One member in the qnet import format; the bio agrees with its skills and interests."""
    key = member_key(core.index)
    if core.index < len(vocab.DEMO_PROFILES):
        return {"key": key, **json.loads(json.dumps(vocab.DEMO_PROFILES[core.index]))}
    rng = random.Random(f"{world.seed}/member/{core.index}")
    theme = world.themes[core.group]
    first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.SURNAMES)
    organisation = _organisation(rng, core.region, core.role)
    skills = _pick_skills(rng, theme, core.role)
    topics = _pick_topics(rng, theme, core.role)
    table = taxonomy().skills
    bio = _bio(
        rng,
        first=first,
        name=f"{first} {last}",
        org=organisation,
        core=core,
        skills=skills,
        topics=topics,
        voices=voices,
    )
    return {
        "key": key,
        "email": f"{_slug(first)}.{_slug(last)}{core.index + 1}@{rng.choice(EMAIL_DOMAINS)}",
        "name": f"{first} {last}",
        "role": core.role,
        "organisation": organisation,
        "region": core.region,
        "bio": bio,
        "skills": [
            {"name": _written_skill(rng, table[k], 0.15), "level": lvl} for k, lvl in skills
        ],
        "interests": topics,
    }


def _bio_context(
    rng: random.Random,
    *,
    first: str,
    name: str,
    org: str,
    core: _Core,
    skills: list[tuple[str, int]],
    topics: list[str],
    with_work: bool,
) -> dict[str, str]:
    """Slot values for the sentence patterns; a missing key rules out the patterns that need it."""
    table = taxonomy().skills
    spoken = [
        (k, lvl, _running_case(_written_skill(rng, table[k], 0.3), table[k])) for k, lvl in skills
    ]
    spoken.sort(key=lambda item: not _is_tool(table[item[0]]))
    forms = [rng.choice(vocab.TOPIC_FORMS[t]) if rng.random() < 0.35 else t for t in topics]
    _, action, setting = rng.choice(vocab.TOPIC_WORK[topics[0]])
    title = rng.choice(vocab.ROLE_TITLES[core.role])
    lived = [p for t in topics for p in vocab.TOPIC_LIVED.get(t, ())] or list(vocab.GENERIC_LIVED)
    rest = [w for _, _, w in spoken[1:]] if with_work else [w for _, _, w in spoken]
    ctx = {
        "first": first,
        "name": name,
        "org": _org_phrase(org),
        "title": title,
        "a_title": _with_article(title),
        "place": _place(core.region),
        "year": str(rng.randint(2004, 2025)),
        "years": rng.choice(vocab.YEAR_WORDS),
        "duty": rng.choice(vocab.ROLE_DUTIES[core.role]),
        "side": rng.choice(vocab.SIDE_ROLES),
        "skill": spoken[0][2],
        "skills": _join(rest[: rng.choice((1, 2, 2, 3))] or [spoken[0][2]]),
        "topic": forms[0],
        "topic2": forms[-1],
        "topics": _join(forms[:3]),
        "action": action,
        "setting": rng.choice(vocab.SETTING_FORMS.get(setting, (setting,))),
        "outcome": rng.choice(vocab.OUTCOMES),
        "lived": rng.choice(lived),
        "hobby": rng.choice(vocab.HOBBIES),
        "sites": str(rng.randint(3, 12)),
        "joined": date.fromisoformat(core.joined).strftime("%B %Y"),
    }
    for slot, level in (("skill_high", 3), ("skill_low", 1)):
        found = [w for _, lvl, w in spoken[1:] if lvl == level] or [
            w for _, lvl, w in spoken if lvl == level
        ]
        if found:
            ctx[slot] = found[0]
    methods = [w for k, _, w in spoken if table[k].category == "research"]
    if methods:
        ctx["method"] = methods[0]
    return ctx


def _plan_bio(rng: random.Random, core: _Core, has_method: bool) -> list[str]:
    """Which slots a bio uses, in order: 2-5 sentences, always a skill and usually a topic."""
    lived_role = core.role in _LIVED_ROLES
    chances = {"work": 0.5 if lived_role else 0.8, "skills": 0.7, "interests": 0.65}
    middle = [slot for slot, p in chances.items() if rng.random() < p]
    if lived_role or rng.random() < 0.04:
        middle.insert(0, "lived")
    if has_method and (core.role == "researcher" or rng.random() < 0.15):
        middle.append("research")
    if not {"work", "skills", "research"} & set(middle):
        middle.append("skills")
    if not {"interests", "research"} & set(middle) and rng.random() < 0.8:
        middle.append("interests")
    head = middle[:1] if lived_role and rng.random() < 0.6 else []
    tail = middle[len(head) :]
    rng.shuffle(tail)
    middle = head + tail
    intro = rng.random() < (0.95 if len(middle) < 2 else 0.8)
    closing = rng.random() < (0.9 if len(middle) + intro < 2 else 0.3)
    if intro:
        spot = rng.random()
        middle.insert(0 if spot < 0.75 else 1 if spot < 0.9 else len(middle), "intro")
    if closing:
        middle.append("closing")
    while len(middle) > 5:
        middle.remove("closing" if "closing" in middle else "intro")
    if len(middle) < 2 and "intro" in middle:
        middle.append("closing")
    elif len(middle) < 2:
        middle.insert(0, "intro")
    return middle


def _bio(
    rng: random.Random,
    *,
    first: str,
    name: str,
    org: str,
    core: _Core,
    skills: list[tuple[str, int]],
    topics: list[str],
    voices: Voices,
) -> str:
    """A 2-5 sentence bio, first or third person, about the member's real skills and topics."""
    voice = rng.random()
    patterns = vocab.FIRST_PERSON if voice < 0.52 else vocab.THIRD_PERSON if voice < 0.85 else vocab.NOTES
    third = patterns is vocab.THIRD_PERSON
    table = taxonomy().skills
    slots = _plan_bio(rng, core, any(table[k].category == "research" for k, _ in skills))
    ctx = _bio_context(
        rng,
        first=first,
        name=name,
        org=org,
        core=core,
        skills=skills,
        topics=topics,
        with_work="work" in slots,
    )
    if "intro" in slots and third:
        slots = ["intro"] + [s for s in slots if s != "intro"]
    openers = [slot for slot in slots if any(_opens_well(p, third) for p in patterns[slot])]
    if openers and slots[0] not in openers:
        slots.remove(openers[0])
        slots.insert(0, openers[0])
    sentences: list[str] = []
    said: set[str] = set()
    for slot in slots:
        options = patterns[slot]
        if not sentences:
            options = tuple(p for p in options if _opens_well(p, third)) or options
        if (filled := _fill(rng, options, ctx, said, voices)) is not None:
            sentences.append(filled[0])
            voices.said(*filled)
    return " ".join(sentences)


@cache
def _opens_well(pattern: str, third: bool) -> bool:
    """Whether a pattern may open a bio: member-specific words early, a name in third person."""
    words = pattern.split()
    lead = next((i for i, word in enumerate(words) if "{" in word), len(words))
    varied = lead < len(words) and _fields(words[lead])[0] in _VARIED_SLOTS
    follows_on = " also " in pattern or pattern.startswith("Alongside")
    return (
        lead <= 3
        and varied
        and not follows_on
        and (not third or "{first}" in pattern or "{name}" in pattern)
    )


@cache
def _fields(pattern: str) -> tuple[str, ...]:
    return tuple(f for _, f, _, _ in Formatter().parse(pattern) if f)


def _fill(
    rng: random.Random, patterns: tuple[str, ...], ctx: dict[str, str], said: set[str], voices: Voices
) -> tuple[str, tuple[str, ...]] | None:
    """A random usable pattern, preferring one that repeats no skill or topic already mentioned,
    and never a sentence already written in as many bios as `voices` allows."""
    count = len(patterns)
    tries = [rng.randrange(count) for _ in range(3)]
    repeat: tuple[str, tuple[str, ...]] | None = None
    for index in (*tries, *range(count)):
        fields = _fields(patterns[index])
        if any(f not in ctx for f in fields):
            continue
        text: str = patterns[index].format_map(ctx)
        text = text[0].upper() + text[1:]
        if not voices.fresh(text, fields):
            continue
        content = {ctx[f] for f in fields if f in _CONTENT_SLOTS}
        if any(c in old or old in c for c in content for old in said):
            repeat = repeat or (text, fields)
            continue
        said.update(content)
        return text, fields
    return repeat


# --- ties -------------------------------------------------------------------------------------


def _ties(world: _World, cores: list[_Core]) -> Iterator[tuple[str, str]]:
    """Ties mostly inside planted groups, then region and role; hubs attract many ties."""
    active = [c.index for c in cores if not c.isolated]
    if len(active) < 2:
        return
    by_group: dict[int, list[int]] = defaultdict(list)
    by_region: dict[str, list[int]] = defaultdict(list)
    by_role: dict[str, list[int]] = defaultdict(list)
    for i in active:
        by_group[cores[i].group].append(i)
        by_region[cores[i].region].append(i)
        by_role[cores[i].role].append(i)
    hubs = [i for i in active if cores[i].hub] or active
    seen: set[int] = set()
    size = len(cores)
    for i in active:
        core = cores[i]
        rng = random.Random(f"{world.seed}/ties/{i}")
        stubs = rng.choice(_STUBS) + (rng.randint(25, 60) if core.hub else 0)
        for _ in range(stubs):
            r = rng.random()
            if r < 0.5:
                pool = by_group[core.group]
            elif r < 0.72:
                pool = by_region[core.region]
            elif r < 0.82:
                pool = by_role[core.role]
            else:
                pool = hubs if r < 0.92 else active
            j = pool[int(rng.random() * len(pool))]
            low, high = (i, j) if i < j else (j, i)
            if j == i or low * size + high in seen:
                continue
            seen.add(low * size + high)
            yield member_key(low), member_key(high)


# --- projects, ideas, comments, groups ---------------------------------------------------------


def _active_index(
    cores: list[_Core],
) -> tuple[list[int], dict[int, list[int]], dict[str, list[int]]]:
    active = [c.index for c in cores if not c.isolated] or [c.index for c in cores]
    by_group: dict[int, list[int]] = defaultdict(list)
    by_region: dict[str, list[int]] = defaultdict(list)
    for i in active:
        by_group[cores[i].group].append(i)
        by_region[cores[i].region].append(i)
    return active, by_group, by_region


def _canonical_skills(member: Member) -> list[str]:
    return [s.name for e in member["skills"] if (s := taxonomy().find(e["name"]))]


def _projects(world: _World, cores: list[_Core], people: list[Member]) -> list[dict[str, Any]]:
    """About one project per ten members, each led and staffed from one planted group."""
    rng = random.Random(f"{world.seed}/projects")
    active, by_group, _ = _active_index(cores)
    advisers: dict[str, list[int]] = defaultdict(list)
    for i in active:
        if cores[i].role in ("improvement adviser", "researcher"):
            advisers[cores[i].region].append(i)
    projects = []
    for number in range(1, len(people) // 10 + 1):
        lead_i = rng.choice(active)
        lead, core = people[lead_i], cores[lead_i]
        title, action, setting = rng.choice(vocab.TOPIC_WORK[rng.choice(lead["interests"])])
        team = [{"member": lead["key"], "role": "lead"}]
        pool = by_group[core.group]
        for j in dict.fromkeys(rng.choice(pool) for _ in range(rng.randint(1, 5))):
            if j != lead_i:
                team.append({"member": people[j]["key"], "role": "member"})
        if rng.random() < 0.35 and advisers[core.region]:
            adviser = rng.choice(advisers[core.region])
            if all(t["member"] != people[adviser]["key"] for t in team):
                team.append({"member": people[adviser]["key"], "role": "adviser"})
        theme_skills = [taxonomy().skills[k].name for k in world.themes[core.group].skills]
        methods = list(dict.fromkeys(_canonical_skills(lead)[:2] + rng.sample(theme_skills, 2)))
        deadline = (
            f"{rng.choice(('March', 'June', 'September', 'December'))} {rng.randint(2024, 2028)}"
        )
        sustain = " and sustain the change for at least six months" if rng.random() < 0.3 else ""
        projects.append(
            {
                "key": f"p{number:05d}",
                "title": rng.choice(vocab.PROJECT_TITLE_PATTERNS).format(
                    title=title,
                    title_lower=title[0].lower() + title[1:],
                    town=rng.choice(vocab.REGION_TOWNS[core.region]),
                    phase=rng.randint(2, 3),
                    region=_place(core.region).removeprefix("in "),
                ),
                "aim": f"To {action} in the {setting} by {deadline}{sustain}.",
                "setting": setting,
                "methods": methods,
                "region": core.region,
                "status": rng.choices(("planning", "active", "completed"), (25, 45, 30))[0],
                "lead": lead["key"],
                "team": team,
            }
        )
    return projects


def _ideas(
    world: _World, cores: list[_Core], people: list[Member], projects: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """About one idea per eight members; supports come mostly from the author's group and region."""
    rng = random.Random(f"{world.seed}/ideas")
    active, by_group, by_region = _active_index(cores)
    position = {p["key"]: i for i, p in enumerate(people)}
    on_projects: dict[int, list[str]] = defaultdict(list)
    for project in projects:
        for seat in project["team"]:
            on_projects[position[seat["member"]]].append(project["key"])
    ideas: list[dict[str, Any]] = []
    supports: list[tuple[str, str]] = []
    for number in range(1, len(people) // 8 + 1):
        author_i = rng.choice(active) if rng.random() < 0.9 else rng.randrange(len(people))
        author, core = people[author_i], cores[author_i]
        topics = rng.sample(
            author["interests"], min(len(author["interests"]), rng.choice((1, 1, 2)))
        )
        topic = topics[0]
        _, action, setting = rng.choice(vocab.TOPIC_WORK[topic])
        skill = _running_case(rng.choice(_canonical_skills(author)))
        hook = rng.choice(vocab.IDEA_HOOKS)
        slots = {
            "action": action,
            "topic": topic,
            "topic_cap": topic[0].upper() + topic[1:],
            "hook": hook,
            "hook_cap": hook[0].upper() + hook[1:],
            "skill": skill,
            "region": core.region,
            "setting": setting,
        }
        needs = rng.sample(vocab.IDEA_NEEDS, 2)
        mechanism, reason = rng.choice(vocab.IDEA_MECHANISMS), rng.choice(vocab.IDEA_REASONS)
        summary = f"We want to {action} by {mechanism}. {reason}"
        linked: str | None = None
        if on_projects[author_i] and rng.random() < 0.35:
            linked = rng.choice(on_projects[author_i])
        key = f"i{number:05d}"
        ideas.append(
            {
                "key": key,
                "title": rng.choice(vocab.IDEA_TITLE_PATTERNS).format_map(slots),
                "summary": summary if rng.random() < 0.7 else summary.split(". ")[0] + ".",
                "body": (
                    f"## The problem\n\n{rng.choice(vocab.IDEA_PROBLEMS).format_map(slots)}\n\n"
                    f"## The idea\n\n{summary}\n\n## What we need\n\n"
                    + "\n".join(f"- {n.format_map(slots)}" for n in needs)
                ),
                "topics": topics,
                "region": core.region,
                "author": author["key"],
                "status": "adopted"
                if linked
                else rng.choices(("draft", "open", "closed"), (15, 70, 15))[0],
                "project": linked,
            }
        )
        pool = by_group[core.group] if rng.random() < 0.7 else by_region[core.region]
        backers = (
            {rng.choice(pool) for _ in range(min(int(rng.expovariate(0.25)), 40))}
            if pool
            else set()
        )
        supports.extend((people[j]["key"], key) for j in sorted(backers) if j != author_i)
    return ideas, supports


def _comments(
    world: _World,
    cores: list[_Core],
    people: list[Member],
    ideas: list[dict[str, Any]],
    supports: list[tuple[str, str]],
) -> list[dict[str, Any]]:
    """About one comment per three members, on popular ideas more often, a third of them replies."""
    if not ideas:
        return []
    rng = random.Random(f"{world.seed}/comments")
    _, by_group, by_region = _active_index(cores)
    position = {p["key"]: i for i, p in enumerate(people)}
    backing: dict[str, int] = defaultdict(int)
    for _, idea_key in supports:
        backing[idea_key] += 1
    cum = tuple(accumulate(1 + backing[i["key"]] for i in ideas))
    threads: dict[str, list[str]] = defaultdict(list)
    comments = []
    for number in range(1, len(people) // 3 + 1):
        idea = ideas[bisect(cum, rng.random() * cum[-1])]
        author_core = cores[position[idea["author"]]]
        pool = by_group[author_core.group] if rng.random() < 0.6 else by_region[author_core.region]
        commenter = people[rng.choice(pool)] if pool else people[position[idea["author"]]]
        thread = threads[idea["key"]]
        parent = rng.choice(thread) if thread and rng.random() < 0.35 else None
        if parent:
            body = rng.choice(vocab.REPLIES)
        else:
            _, _, setting = rng.choice(vocab.TOPIC_WORK[idea["topics"][0]])
            body = rng.choice(vocab.COMMENTS).format(
                setting=setting,
                skill=_running_case(rng.choice(_canonical_skills(commenter))),
                place=_place(commenter["region"]),
                topic=idea["topics"][0],
            )
        key = f"c{number:06d}"
        thread.append(key)
        comments.append(
            {
                "key": key,
                "idea": idea["key"],
                "author": commenter["key"],
                "body": body,
                "parent": parent,
            }
        )
    return comments


def _groups(world: _World, people: list[Member]) -> list[dict[str, Any]]:
    """Special interest groups, one per hundred members (at least five), built around topics."""
    if not people:
        return []
    rng = random.Random(f"{world.seed}/groups")
    by_topic: dict[str, list[int]] = defaultdict(list)
    for i, person in enumerate(people):
        for topic in person["interests"]:
            by_topic[topic].append(i)
    names: set[str] = set()
    groups = []
    for number in range(1, max(5, len(people) // 100) + 1):
        topic = (
            vocab.TOPICS[number - 1] if number <= len(vocab.TOPICS) else rng.choice(vocab.TOPICS)
        )
        pool = by_topic[topic] or list(range(len(people)))
        size = min(len(pool), max(3, int(rng.paretovariate(1.3) * 10)), 400)
        chosen = rng.sample(pool, size) if pool else []
        skill_names = [n for i in chosen[:5] for n in _canonical_skills(people[i])] or [
            "Quality improvement"
        ]
        skill = rng.choice(skill_names)
        region = people[chosen[0]]["region"] if chosen else rng.choice(vocab.REGIONS)
        slots = {
            "topic": topic,
            "topic_cap": topic[0].upper() + topic[1:],
            "skill": _running_case(skill),
            "skill_cap": skill,
            "region": region,
        }
        base = name = rng.choice(vocab.GROUP_NAME_PATTERNS).format_map(slots)
        suffix = 1
        while name in names:
            suffix += 1
            name = f"{base} ({region})" if suffix == 2 else f"{base} {suffix}"
        names.add(name)
        _, action, _ = rng.choice(vocab.TOPIC_WORK[topic])
        related = [t for t in people[chosen[0]]["interests"] if t != topic][:1] if chosen else []
        groups.append(
            {
                "key": f"g{number:03d}",
                "name": name,
                "learning_question": rng.choice(vocab.LEARNING_QUESTIONS).format(
                    action=action, skill=_running_case(skill)
                ),
                "topics": [topic, *related],
                "conveners": [people[i]["key"] for i in chosen[: rng.choice((1, 1, 2))]],
                "members": sorted(people[i]["key"] for i in chosen),
            }
        )
    return groups
