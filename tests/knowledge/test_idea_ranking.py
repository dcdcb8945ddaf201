"""The similar-ideas ranking (qnet/matching/knowledge/similar_work_ranking.py) on small, literal vectors."""

from __future__ import annotations

import numpy as np

from qnet.matching.knowledge.similar_work_ranking import IdeaSpace, speaks_first_person


def unit(*xs: float) -> list[float]:
    v = np.asarray(xs, dtype=np.float64)
    return list(v / np.linalg.norm(v))


def test_first_person_stories_are_told_apart_from_proposals() -> None:
    assert speaks_first_person("I waited all day for my tablets.")
    assert speaks_first_person("Nobody told me why.")
    assert not speaks_first_person("Ward-based dispensing would free beds before midday.")
    assert not speaks_first_person("Improve time-to-antibiotic in the emergency department.")  # 'in' is not 'I'


def test_a_story_finds_the_proposal_it_asks_for_rather_than_another_story() -> None:
    # Axes: three subjects, then the voice of a personal story, then small individual noise.
    stories = {f"story-{s}": unit(*[0.5 if k == s else 0 for k in range(3)], 0.85, 0.05 * s, 0) for s in range(3)}
    proposals = {f"plan-{s}": unit(*[1.0 if k == s else 0 for k in range(3)], 0, 0, 0.05 * s) for s in range(3)}
    ideas = {**stories, **proposals}
    plain = {i: float(np.dot(ideas["story-0"], v)) for i, v in ideas.items() if i != "story-0"}
    assert max(plain, key=plain.__getitem__).startswith("story")  # plain cosine is fooled by the voice
    space = IdeaSpace(list(ideas), np.asarray(list(ideas.values())), [i.startswith("story") for i in ideas])
    assert space.voice is not None
    assert space.rank(ideas["story-0"], limit=1, query_id="story-0")[0].id == "plan-0"


def test_without_enough_stories_no_voice_is_removed() -> None:
    ideas = {"a": unit(1, 0, 0), "b": unit(0.9, 0.1, 0), "c": unit(0, 1, 0), "d": unit(0, 0, 1)}
    space = IdeaSpace(list(ideas), np.asarray(list(ideas.values())), [True, False, False, False])
    assert space.voice is None
    assert [r.id for r in space.rank(ideas["a"], limit=1, query_id="a")] == ["b"]


def axis(i: int, weight: float = 1.0, dims: int = 10) -> np.ndarray:
    v = np.zeros(dims)
    v[i] = weight
    return v


def test_an_idea_close_to_everything_is_demoted_below_a_true_match() -> None:
    hub = unit(*axis(9))  # every other idea leans towards it
    others = [unit(*(0.6 * axis(9) + 0.8 * axis(i))) for i in range(1, 8)]
    query = unit(*(0.6 * axis(9) + 0.8 * axis(0)))
    match = unit(*(0.7 * axis(0) + 0.714 * axis(8)))
    ids = ["query", "match", "hub"] + [f"other-{n}" for n in range(7)]
    assert float(np.dot(query, hub)) > float(np.dot(query, match))  # the hub wins on plain cosine
    space = IdeaSpace(ids, np.asarray([query, match, hub] + others), [False] * len(ids))
    assert space.rank(query, limit=1, query_id="query")[0].id == "match"


def test_the_third_paraphrase_is_lifted_by_the_second_and_scores_stay_in_order() -> None:
    # a, b and c say the same thing (b is close to both); d is close to a alone.
    a, b = unit(*(axis(0) + 0.2 * axis(1))), unit(*(axis(0) + 0.8 * axis(1)))
    c, d = unit(*(0.3 * axis(0) + axis(1) + 0.2 * axis(2))), unit(*(axis(0) - 0.4 * axis(1) + 0.6 * axis(3)))
    filler = [unit(*(axis(4) + 0.3 * axis(5 + n % 4))) for n in range(6)]
    ids = ["a", "b", "c", "d"] + [f"filler-{n}" for n in range(6)]
    vectors = np.asarray([a, b, c, d] + filler)
    plain = sorted(["b", "c", "d"], key=lambda i: -float(np.dot(a, vectors[ids.index(i)])))
    assert plain[:2] == ["b", "d"]
    ranked = IdeaSpace(ids, vectors, [False] * len(ids)).rank(a, limit=3, query_id="a")
    assert {r.id for r in ranked[:2]} == {"b", "c"}
    assert all(0 <= r.score <= 1 for r in ranked)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)


def test_a_draft_is_ranked_against_every_idea_and_exclusions_hold() -> None:
    ideas = {"a": unit(1, 0, 0), "b": unit(0.8, 0.2, 0), "c": unit(0, 1, 0), "d": unit(0, 0, 1)}
    space = IdeaSpace(list(ideas), np.asarray(list(ideas.values())), [False] * 4)
    assert [r.id for r in space.rank(unit(1, 0.05, 0), limit=2)] == ["a", "b"]
    assert "a" not in [r.id for r in space.rank(unit(1, 0.05, 0), limit=4, exclude=["a"])]
    assert IdeaSpace([], np.zeros((0, 3)), []).rank(unit(1, 0, 0), limit=3) == []


def random_ideas(n: int, seed: int, dims: int = 32) -> tuple[list[str], np.ndarray, list[bool]]:
    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, dims)).astype(np.float32)
    return [f"idea-{seed}-{k:03d}" for k in range(n)], vectors, [bool(k % 4 == 0) for k in range(n)]


def test_a_grown_space_ranks_as_a_fresh_build_with_the_same_voice() -> None:
    ids, vectors, voices = random_ideas(200, seed=1)
    new_ids, new_vectors, new_voices = random_ideas(6, seed=2)
    grown = IdeaSpace(ids, vectors, voices).with_added(new_ids[:1], new_vectors[:1], new_voices[:1])
    grown = grown.with_added(new_ids[1:], new_vectors[1:], new_voices[1:])
    assert len(grown) == 206 and grown.voice_from == 200  # 3 % more ideas: the voice estimate is kept
    # A fresh build whose voice is the grown one's (the voice switch off, vectors already neutral).
    fresh = IdeaSpace(grown.ids, grown.vectors, list(grown.flags), remove_voice=False)
    assert np.allclose(grown.density, fresh.density, atol=1e-5)
    for query in ["idea-1-007", "idea-2-003"]:
        assert [r.id for r in grown.rank([], limit=5, query_id=query)] == \
               [r.id for r in fresh.rank([], limit=5, query_id=query)]
    draft = new_vectors[0] + 0.1
    assert [r.id for r in grown.rank(draft, limit=5)] == [r.id for r in fresh.rank(grown.neutral(draft), limit=5)]


def test_a_space_grown_by_more_than_the_drift_re_estimates_its_voice() -> None:
    ids, vectors, voices = random_ideas(100, seed=3)
    new_ids, new_vectors, new_voices = random_ideas(10, seed=4)
    grown = IdeaSpace(ids, vectors, voices).with_added(new_ids, new_vectors, new_voices)
    rebuilt = IdeaSpace(ids + new_ids, np.vstack([vectors, new_vectors]), voices + new_voices)
    assert grown.voice_from == 110
    assert grown.voice is not None and rebuilt.voice is not None and np.allclose(grown.voice, rebuilt.voice)
    assert np.allclose(grown.density, rebuilt.density)


def test_an_empty_or_tiny_space_grows_into_a_full_build() -> None:
    ids, vectors, voices = random_ideas(3, seed=5)
    space = IdeaSpace([], np.zeros((0, 0), dtype=np.float32), []).with_added(ids[:1], vectors[:1], voices[:1])
    space = space.with_added(ids[1:], vectors[1:], voices[1:])
    assert space.ids == ids and space.rank(vectors[0], limit=1, query_id=ids[0])[0].id in ids[1:]
