"""The GraphQL enums: the graph model's own enums, exposed under the names SPEC §5 gives."""

from __future__ import annotations

import strawberry

from graphdb import model

Role = strawberry.enum(model.Role, description="What a person is to the institution.")
Level = strawberry.enum(model.Level, description="The level a person studies at.")
TieKind = strawberry.enum(model.TieKind, description="How a supporter supports someone.")
SupportFunction = strawberry.enum(
    model.SupportFunction, description="What a tie gives: Kram's mentoring functions."
)
GroupKind = strawberry.enum(model.GroupKind, description="What sort of group this is.")
