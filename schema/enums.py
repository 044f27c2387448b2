"""The GraphQL enums: the graph model's own enums, registered under the names SPEC §5 gives.

Registering the model's classes (rather than copies) means a value read from the graph or
sent by a client is one and the same enum member in every layer.
"""

from __future__ import annotations

import strawberry

from graphdb.model import GroupKind, Level, Role, SupportFunction, TieKind
from resolvers.support.profile import Typology

strawberry.enum(Role, description="What a person is to the institution.")
strawberry.enum(Level, description="The level a person studies at.")
strawberry.enum(TieKind, description="How a supporter supports someone.")
strawberry.enum(SupportFunction, description="What a tie gives: Kram's mentoring functions.")
strawberry.enum(GroupKind, description="What sort of group this is.")
strawberry.enum(
    Typology,
    description="Higgins & Kram's developmental network types, by range and tie strength.",
)

__all__ = ["GroupKind", "Level", "Role", "SupportFunction", "TieKind", "Typology"]
