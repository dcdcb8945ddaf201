"""Load the deterministic demo community into the graph through qnet's own write paths.

Members go through the same validation, normalisation and embedding as `qnet import members`
(batched, updated by key, so re-running or resuming after an interruption never duplicates
anything); the demo accounts get their passwords and roles; ties are added once each.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from qnet.graph.accounts import AccountRepository
from qnet.graph.connections import ConnectionRepository
from qnet.graph.driver import Graph
from qnet.graph.members import MemberRepository
from qnet.matching.accounts import hash_password
from qnet.matching.embedding import Embedder
from qnet.matching.importer import ImportReport, MemberImporter
from qnet.matching.profiles import ProfileService
from seed.generator import DEMO_ACCOUNTS, iter_connections, iter_members

DEMO_MEMBERS = 300
TIE_BATCH = 5000

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class SeedReport:
    members: ImportReport
    connections: int
    accounts: int


def _batched(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    while batch := list(islice(items, size)):
        yield batch


def load_demo(graph: Graph, embedder: Embedder, validate: Callable[[dict[str, Any]], dict[str, Any]],
              members: int = DEMO_MEMBERS, seed: int = 7, progress: Progress | None = None,
              batch_size: int = 500) -> SeedReport:
    """Load `members` generated members, the demo accounts and the ties between members."""
    repository = MemberRepository(graph)
    importer = MemberImporter(ProfileService(repository, embedder), validate, batch_size=batch_size)
    done = 0

    def member_progress(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("members", done, members)

    report = importer.run(enumerate(iter_members(members, seed), start=1), progress=member_progress)

    accounts = AccountRepository(graph)
    password_hashes = {account["password"]: hash_password(account["password"]) for account in DEMO_ACCOUNTS}
    made = 0
    for account in DEMO_ACCOUNTS[: members]:
        member = repository.find_by_email(account["email"])
        if member is None:
            continue
        accounts.set_password_hash(member.id, password_hashes[account["password"]])
        repository.set_account_role(member.id, account["account_role"])
        made += 1

    connections = ConnectionRepository(graph)
    ties = 0
    for batch in _batched(iter_connections(members, seed), TIE_BATCH):
        ties += connections.connect_many([{"a": a, "b": b} for a, b in batch])
        if progress:
            progress("connections", ties, ties)
    return SeedReport(report, ties, made)
