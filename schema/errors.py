"""Every error a client sees carries ``extensions.code`` (SPEC §5); anything unexpected is
masked as INTERNAL so no stack detail or data leaks, and is logged for operators."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql.error import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types.execution import ExecutionResult

from graphdb.errors import SupportwebError

log = logging.getLogger("supportweb.errors")

INTERNAL_MESSAGE = "Internal error; it has been logged."


def coded(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None and (error.extensions or {}).get("code"):
        return error  # already coded
    if isinstance(original, SupportwebError):
        extensions: dict[str, object] = {**original.extensions, "code": original.code}
        if original.field:
            extensions["field"] = original.field
        return _with(error, original.message, extensions)
    if original is None or isinstance(original, GraphQLError) or error.path is None:
        # Parse, validation and variable-coercion errors: the request itself is wrong,
        # and graphql-core's message says where.
        return _with(error, error.message, {"code": "BAD_USER_INPUT"})
    log.error("unexpected error in %s", error.path, exc_info=original)
    return _with(error, INTERNAL_MESSAGE, {"code": "INTERNAL"})


def _with(error: GraphQLError, message: str, extensions: dict[str, object]) -> GraphQLError:
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=None,
        extensions={**(error.extensions or {}), **extensions},
    )


class ErrorCodes(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if isinstance(result, GraphQLExecutionResult | ExecutionResult) and result.errors:
            result.errors = [coded(e) for e in result.errors]


class Hints(SchemaExtension):
    """Advice a resolver left for the client (e.g. "no topic called X") goes into the
    response's ``extensions.hints``: an answer that is empty for a reason says why."""

    def get_results(self) -> dict[str, Any]:
        hints = getattr(self.execution_context.context, "hints", None)
        return {"hints": list(dict.fromkeys(hints))} if hints else {}


def code_in_place(errors: list[GraphQLError]) -> None:
    """For results that bypass ``on_operation`` (subscription events): code the errors in
    the list the result holds."""
    errors[:] = [coded(e) for e in errors]
