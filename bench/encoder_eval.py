"""Offline: each sentence encoder's plain cosine, and their ensembles, on every relevance set.

    python -m bench.encoder_eval [--encoders all-MiniLM-L6-v2,bge-small-en-v1.5-q,e5-small-v2-q]

No Neo4j: members are segmented exactly as qnet embeds them (ProfileService.normalise +
segments_of, abbreviations written out), queries as search embeds them; a member's vector is the
normalised mean of its segment vectors, as stored. Vectors are cached per encoder under
$QNET_HOME/eval-cache (the machine is shared; never in git), so a second run encodes nothing.
People: nDCG@10 (gain 2^grade - 1), recall@10, MRR over the members that pass the query's filters.
Ideas: recall@2 of plain cosine over qnet's idea text. Writes bench/results/encoder_eval.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from statistics import mean
from typing import Any

import numpy as np

from bench.eval_sets import IdeaSet, PeopleSet, idea_sets, passes, people_sets
from qnet.matching.evaluation import ndcg_at, recall_at
from qnet.matching.knowledge.similar_work import idea_text
from qnet.matching.meaning.glossary import expand_abbreviations
from qnet.matching.meaning.text import mean_vector
from qnet.matching.people.skills import normalise_topic

Encode = Callable[[list[str], str], np.ndarray]


def mrr(ranked: list[str], relevant: dict[str, int]) -> float:
    return next((1.0 / (rank + 1) for rank, key in enumerate(ranked) if relevant.get(key, 0) > 0), 0.0)


class VectorCache:
    """text -> vector for one encoder and one kind (query or passage), kept in one .npz file."""

    def __init__(self, home: Path, encoder: str, kind: str) -> None:
        self.path = home / "eval-cache" / f"{encoder}-{kind}.npz"
        self.vectors: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path) as stored:
                self.vectors = {key: stored[key] for key in stored.files}

    def get(self, texts: list[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        keys = [hashlib.sha256(t.encode()).hexdigest()[:24] for t in texts]
        todo = sorted({k: t for k, t in zip(keys, texts) if k not in self.vectors}.items())
        if todo:
            fresh = encode([t for _, t in todo])
            self.vectors.update({k: v for (k, _), v in zip(todo, fresh)})
            self.path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(self.path, **self.vectors)
        return np.stack([self.vectors[k] for k in keys])


class CachedSpace:
    """qnet's search space (qnet.matching.meaning.search_space) with every encoder's vectors read through the eval
    cache: the same vectors, encoded once per machine, so loading a relevance set takes seconds."""

    def __init__(self, home: Path) -> None:
        from qnet.matching.meaning.search_space import PARTS, space_name

        self.parts = PARTS
        self.name = space_name(PARTS)
        self.dims = 384 * len(PARTS)
        self.home = home
        self._encoders: dict[str, Encode] = {}

    def _blocks(self, texts: list[str], kind: str) -> list[np.ndarray]:
        def encode(name: str) -> Callable[[list[str]], np.ndarray]:
            def run(todo: list[str]) -> np.ndarray:
                if name not in self._encoders:
                    self._encoders[name] = encoder_for(name)
                return self._encoders[name](todo, kind)
            return run
        return [VectorCache(self.home, p.name, "passage" if p.name == "all-MiniLM-L6-v2" else kind).get(
            texts, encode(p.name)) for p in self.parts]

    def passages(self, texts: list[str]) -> np.ndarray:
        from qnet.matching.meaning.search_space import combine

        return combine(self._blocks(texts, "passage"), self.parts) if texts else np.zeros((0, self.dims), np.float32)

    def query(self, text: str) -> np.ndarray:
        from qnet.matching.meaning.search_space import combine

        return combine(self._blocks([text], "query"), self.parts)[0]

    def warm(self) -> None:
        return None


def encoder_for(name: str) -> Encode:
    """query/passage -> unit vectors, as qnet would encode them with this encoder."""
    if name == "all-MiniLM-L6-v2":
        from qnet.matching.meaning.embedding import Embedder

        embedder = Embedder(name, backend="onnx")
        return lambda texts, kind: embedder.embed(texts)
    from qnet.matching.meaning.encoder_models import load_encoder

    encoder = load_encoder(name)
    return lambda texts, kind: encoder.encode(texts, kind)  # type: ignore[arg-type]


def member_segments(members: list[dict[str, Any]]) -> list[list[str]]:
    from qnet.matching.people.profiles import ProfileInput, ProfileService

    service = ProfileService(None, None)  # type: ignore[arg-type]  # normalising needs neither
    return [[expand_abbreviations(s) for s in service.segments_of(service.normalise(m["key"], m["email"],
                                                                                     ProfileInput.from_dict(m)))]
            for m in members]


def zscore(scores: np.ndarray) -> np.ndarray:
    """Each row (one query's scores over the candidates) to mean 0, standard deviation 1."""
    return (scores - scores.mean(axis=1, keepdims=True)) / np.clip(scores.std(axis=1, keepdims=True), 1e-9, None)


def people_scores(people: PeopleSet, encode: Encode, cache_home: Path, name: str) -> dict[str, np.ndarray]:
    """(queries, members) score matrices of one encoder: whole-profile cosine and qnet's sentence mix."""
    segments = member_segments(people.members)
    passages = VectorCache(cache_home, name, "passage")
    queries = VectorCache(cache_home, name, "query")
    flat = [s for segs in segments for s in segs]
    vectors = passages.get(flat, lambda texts: encode(texts, "passage"))
    q = queries.get([expand_abbreviations(c.text) for c in people.queries], lambda texts: encode(texts, "query"))
    whole = np.zeros((len(people.queries), len(people.members)), dtype=np.float32)
    best = np.zeros_like(whole)
    start = 0
    for j, segs in enumerate(segments):
        block = vectors[start:start + len(segs)]
        start += len(segs)
        whole[:, j] = q @ mean_vector(block)
        best[:, j] = (q @ block.T).max(axis=1)
    return {"cosine": whole, "sentences": 0.35 * whole + 0.65 * np.maximum(best, whole)}


def rank_people(people: PeopleSet, scores: np.ndarray) -> dict[str, Any]:
    keys = [m["key"] for m in people.members]
    ndcgs, recalls, mrrs = [], [], []
    for i, case in enumerate(people.queries):
        allowed = [j for j, m in enumerate(people.members) if passes(m, case.filters)]
        ranked = [keys[j] for j in sorted(allowed, key=lambda j: -scores[i, j])][:10]
        ndcgs.append(ndcg_at(ranked, case.relevant))
        recalls.append(recall_at(ranked, case.relevant))
        mrrs.append(mrr(ranked, case.relevant))
    return {"ndcg10": round(mean(ndcgs), 4), "recall10": round(mean(recalls), 4), "mrr": round(mean(mrrs), 4)}


def idea_vectors(ideas: IdeaSet, encode: Encode, cache_home: Path, name: str) -> np.ndarray:
    texts = [idea_text(i["title"], i["summary"], "", [normalise_topic(t)[1] for t in i["topics"]])
             for _, i in ideas.ideas]
    return VectorCache(cache_home, name, "passage").get(texts, lambda t: encode(t, "passage"))


def recall_at_2(ideas: IdeaSet, scores: np.ndarray) -> float:
    recalls = []
    for n, (group, _) in enumerate(ideas.ideas):
        if not group:
            continue
        row = scores[n].copy()
        row[n] = -np.inf
        top = np.argsort(-row, kind="stable")[:2]
        partners = sum(1 for g, _ in ideas.ideas if g == group) - 1
        recalls.append(sum(ideas.ideas[t][0] == group for t in top) / partners)
    return round(mean(recalls), 4)


def quote_share(people: PeopleSet, home: Path) -> dict[str, Any]:
    """Of the top 3 members by qnet's space (whole profile) for each query, the share whose quoted
    sentence is the profile's best bio sentence for the query judged by the three encoders together:
    qnet's quote (the best prose sentence in the space, never a skills, interests or projects line)
    and the quote before issue 15 (MiniLM's best, the projects line allowed)."""
    from qnet.matching.meaning.search_space import PARTS, combine, mean_of
    from qnet.matching.people.profiles import ProfileInput, ProfileService, pack_vectors
    from qnet.matching.people.search import PROFILE_LINES, _best_segment

    service = ProfileService(None, None)  # type: ignore[arg-type]
    raw = [service.segments_of(service.normalise(m["key"], m["email"], ProfileInput.from_dict(m))) for m in people.members]
    segments = member_segments(people.members)
    flat = [s for segs in segments for s in segs]
    queries = [expand_abbreviations(c.text) for c in people.queries]
    encode = {p.name: encoder_for(p.name) for p in PARTS}
    blocks = [VectorCache(home, p.name, "passage").get(flat, lambda t, n=p.name: encode[n](t, "passage")) for p in PARTS]
    qblocks = [VectorCache(home, p.name, "passage" if p.name == "all-MiniLM-L6-v2" else "query").get(
        queries, lambda t, n=p.name: encode[n](t, "query")) for p in PARTS]
    space, qspace = combine(blocks), combine(qblocks)
    offsets = np.cumsum([0] + [len(s) for s in segments])
    members = np.stack([mean_of(space[offsets[j]:offsets[j + 1]]) for j in range(len(segments))])
    kept = before = total = 0
    for i, case in enumerate(people.queries):
        allowed = [j for j, m in enumerate(people.members) if passes(m, case.filters)]
        for j in sorted(allowed, key=lambda j: -float(members[j] @ qspace[i]))[:3]:
            o, n = offsets[j], len(segments[j])
            prose = [k for k in range(1, n) if not raw[j][k].startswith(PROFILE_LINES)]
            if not prose:
                continue
            total += 1
            best = max(prose, key=lambda k: float(space[o + k] @ qspace[i]))
            old = max((k for k in range(1, n) if not raw[j][k].startswith(("Skills:", "Interests:"))),
                      key=lambda k: float(blocks[0][o + k] @ qblocks[0][i]))
            row = {"segments": raw[j], "segment_vectors": pack_vectors(space[o:o + n])}
            kept += _best_segment(row, qspace[i], space.shape[1])[1] == raw[j][best]  # what search quotes
            before += old == best
    return {"results": total, "qnet": round(kept / total, 3), "before_issue_15": round(before / total, 3)}


def run(encoders: list[str], home: Path) -> dict[str, Any]:
    started = time.perf_counter()
    load = os.getloadavg()[0]
    encode = {name: encoder_for(name) for name in encoders}
    out: dict[str, Any] = {"encoders": encoders, "people": {}, "ideas": {}}
    for people in people_sets():
        table: dict[str, Any] = {}
        per = {name: people_scores(people, encode[name], home, name) for name in encoders}
        for name in encoders:
            for kind in ("cosine", "sentences"):
                table[f"{name} {kind}"] = rank_people(people, per[name][kind])
        for kind in ("cosine", "sentences"):
            table[f"ensemble z-sum {kind}"] = rank_people(people, sum(zscore(per[n][kind]) for n in encoders))
        out["people"][people.name] = table
        out.setdefault("quotes", {})[people.name] = quote_share(people, home)
    for ideas in idea_sets():
        table = {}
        vectors = {name: idea_vectors(ideas, encode[name], home, name) for name in encoders}
        for name in encoders:
            table[f"{name} cosine"] = recall_at_2(ideas, vectors[name] @ vectors[name].T)
        table["ensemble z-sum cosine"] = recall_at_2(ideas, sum(zscore(v @ v.T) for v in vectors.values()))
        out["ideas"][ideas.name] = table
    out["seconds"] = round(time.perf_counter() - started, 1)
    out["load_average_1m"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    return out


def speed(encoders: list[str], texts: int = 300) -> dict[str, Any]:
    """Passages per second (the fixture's first `texts` member segments, batches of 32, all threads)
    and one-query latency (the fixture's queries, one thread, as search runs them) of each encoder.
    MiniLM through the app's default torch backend is the same-run baseline."""
    from qnet.matching.meaning.embedding import Embedder
    from qnet.matching.meaning.encoder_models import load_encoder

    people = people_sets(["fixtures"])[0]
    passages = [s for segs in member_segments(people.members) for s in segs][:texts]
    queries = [expand_abbreviations(c.text) for c in people.queries]
    out: dict[str, Any] = {"load_average_1m": [round(os.getloadavg()[0], 2)]}
    for name in encoders:
        if name == "all-MiniLM-L6-v2":
            embedder = Embedder(name)
            bulk: Callable[[list[str]], np.ndarray] = embedder.embed
            one: Callable[[str], np.ndarray] = embedder.embed_query
        else:
            many, single = load_encoder(name), load_encoder(name, threads=1)
            bulk = lambda t, e=many: e.encode(t, "passage")
            one = lambda t, e=single: e.encode([t], "query", batch_size=1)[0]
        bulk(passages[:8])
        one("warm up")
        started = time.perf_counter()
        bulk(passages)
        seconds = time.perf_counter() - started
        timings = []
        for text in queries:
            started = time.perf_counter()
            one(text)
            timings.append((time.perf_counter() - started) * 1000)
        out[name] = {"texts_per_s": round(len(passages) / seconds, 1),
                     "query_ms_p50": round(float(np.percentile(timings, 50)), 1),
                     "query_ms_p99": round(float(np.percentile(timings, 99)), 1)}
    out["load_average_1m"].append(round(os.getloadavg()[0], 2))
    return out


def main() -> None:
    from qnet.config import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoders", default="all-MiniLM-L6-v2,bge-small-en-v1.5-q,e5-small-v2-q")
    parser.add_argument("--speed", action="store_true", help="only each encoder's passages/s and query latency")
    args = parser.parse_args()
    if args.speed:
        print(json.dumps(speed(args.encoders.split(",")), indent=2))
        return
    results = run(args.encoders.split(","), load_settings().home)
    for kind in ("people", "ideas"):
        for set_name, table in results[kind].items():
            print(f"\n{kind} / {set_name}")
            for row, value in table.items():
                print(f"  {row:<40} {value}")
    for set_name, share in results.get("quotes", {}).items():
        print(f"\nquoted sentence = the profile's best for the query ({set_name}, top 3): {share}")
    out = Path(__file__).parent / "results" / "encoder_eval.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
