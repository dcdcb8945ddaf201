"""A member's privacy choices, their data as one JSON document, and erasure of their account."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from qnet.graph.privacy import PrivacyRepository, Related

# Never exported: secrets (only hashes are stored, but even those stay inside) and internal vectors.
HIDDEN_KEYS = frozenset({"password_hash", "hash", "status_hash", "confirm_hash", "embedding", "embedding_hash",
                         "segment_vectors", "search_embedding",
                         "active_email", "_lock", "erasing"})
# Nodes whose content the member may take away in full; other neighbours appear by id and name only.
CONTENT_LABELS = frozenset({"Idea", "Comment", "Project", "Group", "Topic", "Skill", "Organisation", "Region",
                            "Round", "ApiToken", "Invitation", "Application"})
# The member's relationships to things that are about someone else (their reviews and decisions on
# other people's applications) are listed with the relationship's own detail and the node's id only.
OTHERS_BUSINESS = frozenset({"REVIEWED", "DECIDED"})


def _visible(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in sorted(props.items()) if k not in HIDDEN_KEYS}


def _describe(item: Related) -> dict[str, Any]:
    node = item.node
    if "Member" in item.labels:  # another member: who, never their details
        other: dict[str, Any] = {"id": node.get("id"), "name": node.get("name")}
    elif item.type in OTHERS_BUSINESS:  # e.g. an application I reviewed: its id, not its applicant
        other = {"id": node.get("id")}
    elif not CONTENT_LABELS.intersection(item.labels):
        other = {k: node[k] for k in ("id", "name", "title") if k in node}
    else:
        other = _visible(node)
    return {"relationship": item.type, "direction": "out" if item.outgoing else "in",
            "labels": sorted(item.labels), "properties": _visible(item.relationship), "node": other}


class PrivacyService:
    def __init__(self, privacy: PrivacyRepository) -> None:
        self.privacy = privacy

    def set_visibility(self, member_id: str, searchable: bool, suggestable: bool) -> None:
        self.privacy.set_visibility(member_id, searchable, suggestable)

    def profile_is_draft(self, member_id: str) -> bool:
        """Whether the member's profile is still the draft started from her application."""
        return self.privacy.profile_is_draft(member_id)

    def confirm_profile(self, member_id: str) -> bool:
        """Confirm a drafted profile, so search and suggestions can find her; False if none was waiting."""
        return self.privacy.confirm_profile(member_id)

    def export(self, member_id: str, now: datetime) -> dict[str, Any]:
        """Everything qnet holds about the member, grouped by what it is."""
        record = self.privacy.record_of(member_id)
        related = [_describe(r) for r in record.related]
        by_type: dict[str, list[dict[str, Any]]] = {}
        for item in (r for r in related if "Member" not in r["labels"]):
            by_type.setdefault(item["relationship"], []).append(item)
        return {
            "exported_at": now.isoformat(),
            "member": _visible(record.member),
            "connections": [
                {"relationship": r["relationship"], "direction": r["direction"], "member": r["node"],
                 "properties": r["properties"]}
                for r in related if "Member" in r["labels"]
            ],
            "relationships": dict(sorted(by_type.items())),
            "applications": [_visible(a) for a in record.applications],
            "subscriptions": [_visible(s) for s in record.subscriptions],
            "mail": record.mail,
        }

    def erase(self, member_id: str) -> None:
        self.privacy.erase(member_id)
