"""A member's privacy choices, their data as one JSON document (by allow-list: privacy_export.py), and erasure."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from qnet.graph.membership.privacy import PrivacyRepository, Related
from qnet.matching.membership.privacy_export import (
    IDENTITY,
    MAIL,
    MEMBER,
    NODE_PROPERTIES,
    RELATIONSHIP_PROPERTIES,
    SUBSCRIPTION,
    allowed,
    node_properties,
)

# The member's relationships to things that are about someone else (their reviews and decisions on
# other people's applications) are listed with the relationship's own detail and the node's id only.
OTHERS_BUSINESS = frozenset({"REVIEWED", "DECIDED"})
# Shown in full in their own section ("messages"), so not again node by node.
OWN_SECTION = frozenset({"SENT", "IN_CONVERSATION"})


def _describe(item: Related) -> dict[str, Any]:
    node = item.node
    if "Member" in item.labels:  # another member: who, never their details
        other: dict[str, Any] = allowed(node, IDENTITY - {"title"})
    elif item.type in OTHERS_BUSINESS:  # e.g. an application I reviewed: its id, not its applicant
        other = allowed(node, frozenset({"id"}))
    else:
        other = node_properties(item.labels, node)
    return {"relationship": item.type, "direction": "out" if item.outgoing else "in",
            "labels": sorted(item.labels),
            "properties": allowed(item.relationship, RELATIONSHIP_PROPERTIES.get(item.type, frozenset())),
            "node": other}


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
        related = [_describe(r) for r in record.related if r.type not in OWN_SECTION]
        by_type: dict[str, list[dict[str, Any]]] = {}
        for item in (r for r in related if "Member" not in r["labels"]):
            by_type.setdefault(item["relationship"], []).append(item)
        return {
            "exported_at": now.isoformat(),
            "member": allowed(record.member, MEMBER),
            "connections": [
                {"relationship": r["relationship"], "direction": r["direction"], "member": r["node"],
                 "properties": r["properties"]}
                for r in related if "Member" in r["labels"]
            ],
            "relationships": dict(sorted(by_type.items())),
            "applications": [allowed(a, NODE_PROPERTIES["Application"]) for a in record.applications],
            "subscriptions": [allowed(s, SUBSCRIPTION) for s in record.subscriptions],
            "mail": [allowed(m, MAIL) for m in record.mail],
            # Messages and notifications are read by named properties only (qnet/graph/messaging/message_privacy.py,
            # qnet/graph/membership/privacy.py): their queries are this section's allow-list.
            "messages": record.messages,
            "notifications": record.notifications,
        }

    def erase(self, member_id: str) -> None:
        self.privacy.erase(member_id)
