"""What a member's data export may contain: an allow-list per node label and per relationship type.

Only properties named here leave qnet. Anything else stored on a node (vectors, hashes, bytes,
locks, counters, sort keys, a property added next year) stays inside, so a new internal property can
neither break the export nor leak through it. To export a new kind of data, add its label (or its
relationship type) with the properties a person would recognise as theirs; docs/MEMBERSHIP.md lists
what each section holds, and tests/membership/test_export_allow_list.py fails when a property
stored on a member is neither exported nor declared internal below.
"""

from __future__ import annotations

import base64
from typing import Any

from qnet.matching.messaging.notifications import KINDS

# The member's own node: their profile, choices and account, with their email choice for each kind of
# notification (`mail_<kind>`, stored once made).
MEMBER = frozenset({"id", "key", "email", "name", "role", "organisation", "region", "bio", "account_role",
                    "searchable", "suggestable", "pairing_opt_in", "profile_draft", "created_at", "updated_at",
                    *(f"mail_{kind}" for kind in KINDS)})
# Stored on the member but never exported: secrets, derived vectors and caches, locks and sort keys.
MEMBER_INTERNAL = frozenset({"password_hash", "embedding", "embedding_hash", "segment_vectors", "segments", "search_embedding",
                             "cluster_vector", "cluster_vector_of", "skills_text", "interests_text",
                             "sort_name", "erasing", "_lock", "sessions_revoked_at", "session_epoch"})

# Nodes the member is related to, by label: what of each leaves with the export.
NODE_PROPERTIES: dict[str, frozenset[str]] = {
    "Idea": frozenset({"id", "title", "summary", "body", "region", "status", "withdrawn", "funded",
                       "funded_round", "created_at", "updated_at"}),
    "Comment": frozenset({"id", "body", "status", "created_at", "edited_at"}),
    "Project": frozenset({"id", "title", "aim", "setting", "region", "status", "created_at", "updated_at"}),
    "Group": frozenset({"id", "name", "learning_question", "description", "created_at", "updated_at"}),
    "Round": frozenset({"id", "name", "description"}),
    "ProgressUpdate": frozenset({"id", "body", "at"}),
    "JoinRequest": frozenset({"id", "message", "status", "at", "decided_at"}),
    "Topic": frozenset({"key", "name"}),
    "Skill": frozenset({"key", "name"}),
    "Organisation": frozenset({"id", "name"}),
    "Region": frozenset({"name"}),
    "ApiToken": frozenset({"id", "name", "created_at", "last_used_at"}),
    "Invitation": frozenset({"id", "created_at", "expires_at", "used_at"}),
    "Application": frozenset({"id", "name", "email", "organisation", "region", "role", "route", "route_evidence",
                               "answer_a", "answer_b", "answer_c", "status", "consent_at", "submitted_at",
                               "decided_at", "decision_message"}),
    "Cluster": frozenset({"id", "label", "description"}),
    "Pairing": frozenset({"id", "reason"}),
    "ModerationAction": frozenset({"id", "action", "reason", "at"}),
}
# Filed under the member's email rather than linked to their node.
SUBSCRIPTION = frozenset({"id", "email", "interests", "region", "status", "requested_at", "confirmed_at",
                          "created_at"})
MAIL = frozenset({"subject", "kind", "status", "created_at", "sent_at"})

# Relationship properties by type; a type not listed exports none of its properties.
RELATIONSHIP_PROPERTIES: dict[str, frozenset[str]] = {
    "HAS_SKILL": frozenset({"level"}),
    "CONNECTED_TO": frozenset({"since"}),
    "REQUESTED_CONNECTION": frozenset({"at", "note", "message"}),
    "DISMISSED": frozenset({"at"}),
    "MEMBER_OF": frozenset({"role", "since"}),
    "IN_GROUP": frozenset({"role", "since"}),
    "AUTHORED": frozenset({"at"}),
    "SUPPORTS": frozenset({"at"}),
    "FOLLOWS": frozenset({"at"}),
    "VOTED": frozenset({"round", "at"}),
    "FLAGGED": frozenset({"reason", "status", "at"}),
    "REVIEWED": frozenset({"at", "score_a", "score_b", "score_c", "note_a", "note_b", "note_c",
                           "conflict_of_interest"}),
    "DECIDED": frozenset({"at", "decision", "message"}),
    "IN_CLUSTER": frozenset({"isolated"}),
}
# Another member appears by id and name only; an unlisted node by these, when it has them.
IDENTITY = frozenset({"id", "name", "title"})


def exportable(value: Any) -> Any:
    """A value as JSON can carry it: bytes become base64 text, containers are walked."""
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, dict):
        return {str(k): exportable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [exportable(v) for v in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def allowed(props: dict[str, Any], names: frozenset[str]) -> dict[str, Any]:
    """Only the allow-listed properties, sorted by name, as JSON-ready values."""
    return {k: exportable(v) for k, v in sorted(props.items()) if k in names}


def node_properties(labels: list[str], props: dict[str, Any]) -> dict[str, Any]:
    """What of a related node leaves: its label's allow-list, or just its identity."""
    names = frozenset().union(*(NODE_PROPERTIES.get(label, frozenset()) for label in labels))
    return allowed(props, names or IDENTITY)
