"""Following an idea, a project or a group: the same two operations on each, written once."""

from __future__ import annotations

from typing import Any

from qnet.web.api import Blueprint
from qnet.web.schemas.knowledge.ideas import FollowSchema
from qnet.web.security import current_member
from qnet.web.services import services


def add_follow_operations(bp: Blueprint, rule: str, kind: str) -> None:
    """POST `rule` follows and DELETE `rule` unfollows the `kind` ("idea", "project", "group") whose
    id is the rule's one path parameter; both answer whether I follow it and how many do."""

    def follow(**path: str) -> dict[str, Any]:
        (target_id,) = path.values()
        return {"following": True,
                "follower_count": services().knowledge.ideas.follow(current_member(), kind, target_id)}

    def unfollow(**path: str) -> dict[str, Any]:
        (target_id,) = path.values()
        return {"following": False,
                "follower_count": services().knowledge.ideas.unfollow(current_member(), kind, target_id)}

    # Endpoint names as they were when each module wrote its own pair ("groups.follow_group").
    suffix = "" if kind == "idea" else f"_{kind}"
    follow.__name__, unfollow.__name__ = f"follow{suffix}", f"unfollow{suffix}"
    bp.operation("POST", rule, gives=FollowSchema)(follow)
    bp.operation("DELETE", rule, gives=FollowSchema)(unfollow)
