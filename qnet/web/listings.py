"""Listings, written once for the API and the pages: each listing's query assembled from its
validated arguments (filters, sort, limit and cursor), and the one way a page of it is shown.

A listing answers one keyset page (qnet.core.records.Page); `listing` turns it into what the API
sends and the pages show: the items under the listing's name, and the cursor to the next page.
`paginated` does that for an API view (as flask-smorest's `@blp.paginate` does for offsets), and
`listed_page` does the whole of it for a page: read the query, validate it with the API's schema,
run the query, dump the page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any, NamedTuple

from flask import request
from marshmallow import Schema

from qnet.core.filters import IdeaFilters, MemberFilters, QueueFilters, SearchFilters
from qnet.core.knowledge_records import Group, Idea, Project
from qnet.core.records import Member, Page
from qnet.matching.membership.applications import ApplicationView
from qnet.matching.people.search import PeopleQuery, SearchPage
from qnet.matching.people.skills import slug, taxonomy
from qnet.web.forms import Form, load
from qnet.web.security import current_member
from qnet.web.services import services

Query = Callable[[dict[str, Any]], Page[Any]]


class Paging(NamedTuple):
    """Where a page starts and how long it is; services take them last, as (limit, cursor)."""

    limit: int
    cursor: str | None

    @classmethod
    def of(cls, args: Mapping[str, Any]) -> Paging:
        return cls(args["limit"], args.get("cursor"))


def listing(name: str, page: Page[Any], **more: Any) -> dict[str, Any]:
    """A page as the API sends it: its items under `name`, the cursor to the next page, and `more`."""
    return {name: page.items, "next_cursor": page.next_cursor, **more}


def paginated(name: str) -> Callable[[Callable[..., Page[Any]]], Callable[..., dict[str, Any]]]:
    """An API view that returns one Page responds with the listing's envelope (see `listing`)."""

    def decorate(view: Callable[..., Page[Any]]) -> Callable[..., dict[str, Any]]:
        @wraps(view)
        def respond(*args: Any, **kwargs: Any) -> dict[str, Any]:
            return listing(name, view(*args, **kwargs))

        return respond

    return decorate


def listed_page(name: str, query: Query, arguments: Schema, shown: Schema,
                fields: tuple[str, ...]) -> tuple[Form, dict[str, Any]]:
    """A page's listing: the query's `fields` as typed, validated by the API's `arguments` schema
    (the form shows its messages), then the page of `query` dumped by the API's `shown` schema
    (nothing listed while the form is not valid)."""
    typed = {k: request.args.get(k, "").strip() for k in fields}
    form = load(arguments, {k: v for k, v in typed.items() if v}, typed)
    if not form.ok:
        return form, {name: [], "next_cursor": None}
    return form, shown.dump(listing(name, query(form.data or {})))


# -- each listing's query, from its validated arguments -------------------------------------------

def ideas(args: dict[str, Any]) -> Page[Idea]:
    filters = IdeaFilters(topic=slug(args["topic"]) if args.get("topic") else None, region=args.get("region"),
                          status=args.get("status"), author=args.get("author"), round=args.get("round"))
    return services().knowledge.ideas.browse(current_member(), filters, args["sort"], *Paging.of(args))


def projects(args: dict[str, Any]) -> Page[Project]:
    return services().knowledge.projects.browse(args.get("status"), args.get("region"), args.get("method"),
                                                *Paging.of(args))


def groups(args: dict[str, Any]) -> Page[Group]:
    return services().knowledge.groups.browse(args.get("topic"), *Paging.of(args))


def members(args: dict[str, Any]) -> Page[Member]:
    filters = MemberFilters(
        skill=taxonomy().resolve(args["skill"]).key if args.get("skill") else None,
        region=args.get("region"),
        role=args.get("role"),
        organisation=slug(args["organisation"]) if args.get("organisation") else None,
    )
    return services().profiles.browse(filters, *Paging.of(args))


def applications(args: dict[str, Any]) -> Page[ApplicationView]:
    filters = QueueFilters(phase=args.get("phase"), route=args.get("route"), region=args.get("region"),
                           status=args.get("status"))
    return services().membership.applications.queue(filters, *Paging.of(args))


def people(args: dict[str, Any]) -> SearchPage:
    """People search (its pages carry their own cursor: ranked results, explained)."""
    filters = SearchFilters(region=args.get("region"), role=args.get("role"),
                            skill=taxonomy().resolve(args["skill"]).key if args.get("skill") else None)
    return services().search.search(PeopleQuery(args.get("q") or "", current_member().id, filters,
                                                *Paging.of(args)))
