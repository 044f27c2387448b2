"""A plain POST of one operation is answered directly (supportweb/graphql_post.py): the
same answers and the same refusals as Strawberry's view, which still takes every other
form (GET, batches, streams)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from supportweb.graphql_post import is_plain_post
from tests.api_graph import build
from tests.conftest import GraphQLClient

QUERY = "query($id: ID!) { person(id: $id) { name supporters(first: 3) { supporter { id } } } }"


MAKE_GROUP = 'mutation { createGroup(input: {id: "g-post", name: "Post", kind: CLUB}) { id } }'


def _scope(method: str = "POST", **headers: str) -> dict[str, Any]:
    raw = [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]
    return {"type": "http", "method": method, "headers": raw}


def test_which_requests_take_the_direct_path() -> None:
    assert is_plain_post(_scope(content_type="application/json"))
    assert is_plain_post(_scope(content_type="Application/JSON; charset=utf-8"))
    assert is_plain_post(_scope(content_type="application/json", accept="application/json"))
    # Everything else is the view's: other methods, other bodies, streams asked for.
    assert not is_plain_post(_scope("GET", content_type="application/json"))
    assert not is_plain_post(_scope(content_type="multipart/form-data; boundary=x"))
    assert not is_plain_post(_scope(content_type="text/plain"))
    assert not is_plain_post(_scope())
    assert not is_plain_post(_scope(content_type="application/json", accept="text/event-stream"))
    assert not is_plain_post(
        _scope(content_type="application/json", accept="multipart/mixed;subscriptionSpec=1.0")
    )


async def test_a_plain_post_answers_as_the_view_answers_a_get(client: GraphQLClient) -> None:
    await build(client)
    headers = {"authorization": f"Bearer {client.token}"}
    variables = {"id": "ada"}
    post = await client.http.post(
        "/graphql", json={"query": QUERY, "variables": variables}, headers=headers
    )
    get = await client.http.get(
        "/graphql",
        params={"query": QUERY, "variables": json.dumps(variables)},
        headers=headers,
    )
    assert post.status_code == get.status_code == 200
    assert post.headers["content-type"] == "application/json"
    assert post.json() == get.json()
    assert post.json()["data"]["person"]["name"] == "Ada"
    # A mutation, and an error inside an answer: still 200, the error where GraphQL puts it.
    made = await client.http.post(
        "/graphql",
        json={"query": MAKE_GROUP},
        headers=headers,
    )
    assert made.json() == {"data": {"createGroup": {"id": "g-post"}}}
    missing = (
        await client.http.post("/graphql", json={"query": "{ nope }"}, headers=headers)
    ).json()
    assert "nope" in missing["errors"][0]["message"] and missing["data"] is None


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        (b"{not json", 400, "Unable to parse request body as JSON"),
        (b"42", 400, "expected a JSON object"),
        (b'{"query": 42}', 400, "`query` must be a string or null"),
        (b'{"query": "{ people { totalCount } }", "variables": [1]}', 400, "`variables` must be"),
        (b'{"query": "{ people { totalCount } }", "extensions": 1}', 400, "`extensions` must be"),
        (b"{}", 400, "No GraphQL query found in the request"),
        (b'{"query": "subscription { alerts { id } }"}', 400, "not allowed when using POST"),
        # Refused by validation, inside an answer, as the view does.
        (b'{"query": "{ a: people { totalCount } } { b: people { totalCount } }"}', 200, "only"),
        (b'[{"query": "{ people { totalCount } }"}]', 400, "Batching is not enabled"),
    ],
)
async def test_a_refused_post_says_why_as_a_graphql_error(
    client: GraphQLClient, body: bytes, status: int, message: str
) -> None:
    r = await client.http.post(
        "/graphql",
        content=body,
        headers={"authorization": f"Bearer {client.token}", "content-type": "application/json"},
    )
    answer = r.json()
    assert r.status_code == status, answer
    assert message in answer["errors"][0]["message"], answer
    assert answer["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
