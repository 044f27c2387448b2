"""The schema: root types merged from each domain's query and mutation classes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import strawberry
from graphql import ASTValidationRule, GraphQLError
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaxTokensLimiter,
    ParserCache,
    SchemaExtension,
    ValidationCache,
)
from strawberry.extensions.max_aliases import create_validator as aliases_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_rule
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types import ExecutionContext

from schema.admin import AdminMutation, AdminQuery
from schema.alerts import AlertSubscription
from schema.errors import ErrorCodes, Hints, code_in_place
from schema.executor import PlanningExecutor
from schema.mentors import MentorQuery
from schema.people import PeopleMutation, PeopleQuery
from schema.permissions import Guard
from schema.programs import ProgramMutation, ProgramQuery
from schema.support import SupportMutation, SupportQuery

SDL_PATH = Path(__file__).parent / "schema.graphql"

Query = merge_types("Query", (PeopleQuery, MentorQuery, SupportQuery, ProgramQuery, AdminQuery))
Mutation = merge_types(
    "Mutation", (PeopleMutation, SupportMutation, ProgramMutation, AdminMutation)
)
Subscription = merge_types("Subscription", (AlertSubscription,))


class SupportwebSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        # Subscription events reach clients without passing ErrorCodes' on_operation.
        code_in_place(errors)


def build_schema(
    *,
    max_depth: int = 10,
    max_aliases: int = 30,
    max_tokens: int = 2000,
    introspection: bool = True,
) -> strawberry.Schema:
    # The limits' validation rules are made once: the validation cache is keyed by the
    # rules, and a rule class made afresh per request (as QueryDepthLimiter and
    # MaxAliasesLimiter do) would make every request miss it and validate again.
    limits: list[type[ASTValidationRule]] = [
        depth_rule(max_depth, None, None),
        aliases_rule(max_aliases),
    ]
    # Factories, so each request gets fresh extension instances.
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        ErrorCodes,
        Hints,
        Guard,
        lambda: AddValidationRules(limits),
        lambda: MaxTokensLimiter(max_token_count=max_tokens),
        # Clients send the same few documents again and again: parse and validate each once.
        lambda: ParserCache(maxsize=512),
        lambda: ValidationCache(maxsize=512),
    ]
    if not introspection:
        extensions.append(DisableIntrospection)
    return SupportwebSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        config=StrawberryConfig(auto_camel_case=True),
        execution_context_class=PlanningExecutor,
    )


def export_sdl() -> str:
    return build_schema().as_str() + "\n"
