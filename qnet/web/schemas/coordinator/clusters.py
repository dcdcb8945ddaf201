"""Coordinator insight schemas: clustering runs, clusters, insights, pairing rounds. No emails anywhere."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.web.schemas.base import InputSchema, RefSchema, page_size


class RunStartSchema(InputSchema):
    seed = fields.Integer(load_default=42, validate=validate.Range(min=0, max=2**31 - 1))
    resolution = fields.Float(load_default=None, allow_none=True, validate=validate.Range(min=0.05, max=500),
                              metadata={"description": "Leiden resolution; larger gives smaller clusters. "
                                                       "Default grows with the community's size."})


class RunSchema(Schema):
    id = fields.String()
    status = fields.String(metadata={"description": "running, done or failed"})
    stage = fields.String()
    progress = fields.Float()
    started_at = fields.String()
    finished_at = fields.String(allow_none=True)
    error = fields.String(allow_none=True)
    seed = fields.Integer()
    resolution = fields.Float(allow_none=True)
    members = fields.Integer(allow_none=True)
    clusters = fields.Integer(allow_none=True)
    modularity = fields.Float(allow_none=True)
    previous_run = fields.String(allow_none=True)
    timings = fields.Dict(keys=fields.String(), values=fields.Float())
    moved = fields.Integer(allow_none=True)
    joined_since = fields.Integer(allow_none=True)
    left_since = fields.Integer(allow_none=True)


class RunListSchema(Schema):
    runs = fields.List(fields.Nested(RunSchema))


class DistinctiveSchema(Schema):
    name = fields.String()
    members = fields.Integer()
    share = fields.Float()
    lift = fields.Float(metadata={"description": "share in the cluster / share in the whole community"})


class ShareSchema(Schema):
    name = fields.String()
    members = fields.Integer()
    share = fields.Float()


class PersonSchema(RefSchema):
    """A member named in a cluster's description (a bridge, a central member)."""


class LinkSchema(Schema):
    other = fields.Integer(metadata={"description": "the other cluster's number"})
    cluster_id = fields.String(allow_none=True)
    label = fields.String()
    weight = fields.Float()
    bridges = fields.List(fields.Nested(PersonSchema))


class ClusterSchema(Schema):
    id = fields.String()
    run_id = fields.String()
    number = fields.Integer()
    size = fields.Integer()
    label = fields.String()
    unplaced = fields.Boolean()
    skills = fields.List(fields.Nested(DistinctiveSchema))
    topics = fields.List(fields.Nested(DistinctiveSchema))
    regions = fields.List(fields.Nested(ShareSchema))
    roles = fields.List(fields.Nested(ShareSchema))
    organisations = fields.List(fields.Nested(ShareSchema))
    modularity = fields.Float(metadata={"description": "this cluster's term of the partition's modularity"})
    internal_share = fields.Float(metadata={"description": "share of members' explicit tie weight inside"})
    central = fields.List(fields.Nested(PersonSchema))
    links = fields.List(fields.Nested(LinkSchema))


class ClustersSchema(Schema):
    run = fields.Nested(RunSchema, allow_none=True)
    clusters = fields.List(fields.Nested(ClusterSchema))


class RunArgsSchema(InputSchema):
    run = fields.String(validate=validate.Length(min=1, max=64))


class PageArgsSchema(InputSchema):
    limit = page_size(50, 500)
    offset = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1_000_000))


class InsightArgsSchema(RunArgsSchema):
    limit = page_size(50, 500)


class ClusterMemberSchema(RefSchema):
    role = fields.String()
    region = fields.String()
    organisation = fields.String(allow_none=True)
    cluster_number = fields.Integer()
    cluster_label = fields.String()
    centrality = fields.Float()
    ties = fields.Integer()
    bridge_score = fields.Float()
    bridges = fields.List(fields.Integer(), metadata={"description": "cluster numbers this member bridges to"})
    isolated = fields.String(allow_none=True)
    moved_from = fields.Integer(allow_none=True)


class ClusterMembersSchema(Schema):
    members = fields.List(fields.Nested(ClusterMemberSchema))


class ClusterRefSchema(Schema):
    number = fields.Integer()
    id = fields.String(allow_none=True)
    label = fields.String()


class ChangeSchema(Schema):
    kind = fields.String(metadata={"description": "new, grown, shrunk, stable, split, merged or dissolved"})
    new = fields.List(fields.Nested(ClusterRefSchema))
    old = fields.List(fields.Nested(ClusterRefSchema))
    size_before = fields.Integer()
    size_after = fields.Integer()
    note = fields.String()


class InsightsSchema(Schema):
    run = fields.Nested(RunSchema, allow_none=True)
    previous_run = fields.Nested(RunSchema, allow_none=True)
    isolated_count = fields.Integer()
    isolated = fields.List(fields.Nested(ClusterMemberSchema))
    bridges = fields.List(fields.Nested(ClusterMemberSchema))
    moved = fields.List(fields.Nested(ClusterMemberSchema))
    changes = fields.List(fields.Nested(ChangeSchema))


class PairingRoundSchema(Schema):
    id = fields.String()
    number = fields.Integer()
    members = fields.Integer()
    pairs = fields.Integer()
    created_at = fields.String()
    messaged = fields.Integer(metadata={"description": "introductions after which either member wrote to the other"})


class PairedMemberSchema(RefSchema):
    role = fields.String()
    region = fields.String()


class PairingSchema(Schema):
    id = fields.String()
    members = fields.List(fields.Nested(PairedMemberSchema))
    reason = fields.String()
    score = fields.Float()


class PairingRoundListSchema(Schema):
    rounds = fields.List(fields.Nested(PairingRoundSchema))


class PairingRoundDetailSchema(Schema):
    round = fields.Nested(PairingRoundSchema)
    pairings = fields.List(fields.Nested(PairingSchema))


class StartRoundSchema(InputSchema):
    pass


class OptInSchema(InputSchema):
    opt_in = fields.Boolean(required=True)
