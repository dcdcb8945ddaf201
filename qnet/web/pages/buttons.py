"""Buttons: a page's form that does one thing for the signed-in member and says so on the page.

    @button(bp, "/ideas/<idea_id>/support", ".show", "You support this idea.")
    def support(me: Member, idea_id: str) -> None:
        services().knowledge.ideas.support(me, idea_id)

registers a members-only POST at the rule (its endpoint is the function's name) that calls the
function with the member and the rule's arguments, then goes back to `page` (an endpoint taking the
same arguments) with the message. Refusals (a 403, a 404) are the app's error pages, as for any view.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, url_for
from werkzeug.wrappers import Response

from qnet.web.pages.common import done
from qnet.web.security import current_member, member_required

Act = Callable[..., None]


def button(bp: Blueprint, rule: str, page: str, said: str) -> Callable[[Act], Act]:
    def register(act: Act) -> Act:
        @wraps(act)
        def view(**ids: Any) -> Response:
            act(current_member(), **ids)
            return done(said, url_for(page, **ids))

        bp.add_url_rule(rule, view_func=member_required(view), methods=["POST"])
        return act

    return register

