"""The common request, answered directly: one GraphQL operation POSTed as JSON.

Nearly every request a client sends is that. Strawberry's view serves every form of
GraphQL over HTTP — GET, batches, uploads, multipart and server-sent-event streams, the
IDE — and works out which one each request is: content negotiation, a request adapter, a
sub-response to merge. For the plain POST that was a tenth of a small request's server
time (issue 10's W1). This module answers it with the same checks, the same messages
and the same operation rules, and hands everything else to the view unchanged: a body
that is a batch (a JSON list) is given back, already read, to the view.

What a plain POST is: method POST, a JSON content type, and no Accept header asking for
a stream (``multipart/mixed`` or ``text/event-stream``).
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from cross_web import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Scope
from strawberry.exceptions import MissingQueryError
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

ALLOWED = OperationType.from_http("POST")
"""What a POST may run (queries and mutations; SupportwebSchema refuses subscriptions)."""

_STREAMS = (b"multipart/mixed", b"text/event-stream")


class View(Protocol):
    """What this path uses of the app's Strawberry view (supportweb/app.py)."""

    schema: BaseSchema

    def parse_json(self, data: str | bytes) -> Any: ...
    async def run(self, request: Request) -> Response: ...
    async def get_context(self, request: Request, response: Any) -> Any: ...
    async def process_result(self, request: Request, result: ExecutionResult) -> Any: ...
    def encode_json_bytes(self, data: object) -> bytes: ...


def is_plain_post(scope: Scope) -> bool:
    """Whether this HTTP request is one the direct path answers (see the module)."""
    if scope["method"] != "POST":
        return False
    content_type = accept = b""
    for name, value in scope["headers"]:
        if name == b"content-type":
            content_type = value.lower()
        elif name == b"accept":
            accept = value.lower()
    return b"application/json" in content_type.split(b";", 1)[0] and not any(
        s in accept for s in _STREAMS
    )


async def answer_post(view: View, request: Request) -> Response:
    """The answer to a plain POST, as the view would give it; HTTPException for what the
    view refuses with a status (the caller turns it into a GraphQL-shaped refusal)."""
    try:
        data = view.parse_json(await request.body())
    except json.JSONDecodeError as error:
        raise HTTPException(400, "Unable to parse request body as JSON") from error
    if isinstance(data, list):
        return await view.run(request)  # a batch: the view's (the body is kept, read once)
    query, variables, extensions = _operation(data)
    context = await view.get_context(request, response=None)
    try:
        result = await view.schema.execute(
            query,
            variable_values=variables,
            context_value=context,
            root_value=None,  # the app has none (GraphQL[RequestScope, None])
            operation_name=data.get("operationName"),
            allowed_operation_types=ALLOWED,
            operation_extensions=extensions,
        )
    except CannotGetOperationTypeError as error:
        raise HTTPException(400, error.as_http_error_reason()) from error
    except InvalidOperationTypeError as error:
        raise HTTPException(400, error.as_http_error_reason("POST")) from error
    except MissingQueryError as error:
        raise HTTPException(400, "No GraphQL query found in the request") from error
    body = await view.process_result(request, result)
    return Response(view.encode_json_bytes(body), media_type="application/json")


def _operation(data: dict[str, Any]) -> tuple[Any, Any, Any]:
    """The operation's query, variables and extensions, checked as the view checks them."""
    query = data.get("query")
    if not isinstance(query, str | None):
        raise HTTPException(
            400, "The GraphQL operation's `query` must be a string or null, if provided."
        )
    variables = data.get("variables")
    if not isinstance(variables, dict | None):
        raise HTTPException(
            400, "The GraphQL operation's `variables` must be an object or null, if provided."
        )
    extensions = data.get("extensions")
    if not isinstance(extensions, dict | None):
        raise HTTPException(
            400,
            "The GraphQL operation's `extensions` must be an object or null, if provided.",
        )
    return query, variables, extensions
