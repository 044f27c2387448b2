"""The GraphQL enums: the graph model's own enums, registered under the names SPEC §5 gives.

Registering the model's classes (rather than copies) means a value read from the graph or
sent by a client is one and the same enum member in every layer.
"""

from __future__ import annotations

import strawberry

from graphdb.model import GroupKind, Level, Role, SupportFunction, TieKind
from resolvers.programs import ProgramSide, ProgramStatus, RequestStatus
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
strawberry.enum(ProgramStatus, description="Only an OPEN program takes enrolments and requests.")
strawberry.enum(ProgramSide, description="Which side of a program a person takes part on.")
strawberry.enum(
    RequestStatus,
    description="PENDING, then ACCEPTED, DECLINED, CANCELLED or EXPIRED; ACCEPTED, then COMPLETED.",
)

__all__ = [
    "GroupKind",
    "Level",
    "ProgramSide",
    "ProgramStatus",
    "RequestStatus",
    "Role",
    "SupportFunction",
    "TieKind",
    "Typology",
]
