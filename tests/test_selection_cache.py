"""The same document sent again: its root fields' selections are kept across requests
(schema/selection_cache.py), and a variable anywhere below a root field still changes
the answer."""

from __future__ import annotations

from typing import Any

from resolvers.auth import ViewerRole
from schema.executor import KEPT
from tests.api_graph import build
from tests.conftest import GraphQLClient

PLAIN = "query($id: ID!) { person(id: $id) { name supporters(first: 5) { supporter { id } } } }"
# The same selection with its bound a variable: never kept, the reference answer.
FRESH = (
    "query($id: ID!, $n: Int!) "
    "{ person(id: $id) { name supporters(first: $n) { supporter { id } } } }"
)
FIRST = "query($id: ID!, $n: Int!) { person(id: $id) { supporters(first: $n) { id } } }"
INCLUDE = "query($id: ID!, $x: Boolean!) { person(id: $id) { name department @include(if: $x) } }"
FRAGMENT = """query($id: ID!, $n: Int!) { person(id: $id) { ...P } }
fragment P on Person { name supporters(first: $n) { id } }"""
INLINE = """query($id: ID!, $x: Boolean!) { person(id: $id) {
  name ... on Person @skip(if: $x) { department } } }"""


async def test_a_document_without_variables_below_its_root_is_answered_from_a_kept_selection(
    client: GraphQLClient,
) -> None:
    await build(client)
    before = KEPT.hits
    ada = await client.data(PLAIN, {"id": "ada"})
    bo = await client.data(PLAIN, {"id": "bo"})
    ada_again = await client.data(PLAIN, {"id": "ada"})
    assert KEPT.hits == before + 2  # kept by the first, found by the next two

    assert ada == ada_again == await client.data(FRESH, {"id": "ada", "n": 5})
    assert bo == await client.data(FRESH, {"id": "bo", "n": 5})
    assert ada["person"]["name"] == "Ada" and bo["person"]["name"] == "Bo"
    assert {s["supporter"]["id"] for s in bo["person"]["supporters"]} == {"lee"}
    assert {s["supporter"]["id"] for s in ada["person"]["supporters"]} >= {"lee", "sam"}


async def test_variables_below_the_root_are_read_afresh_for_every_request(
    client: GraphQLClient,
) -> None:
    await build(client)
    before = KEPT.hits
    one = await client.data(FIRST, {"id": "ada", "n": 1})
    two = await client.data(FIRST, {"id": "ada", "n": 2})
    assert (len(one["person"]["supporters"]), len(two["person"]["supporters"])) == (1, 2)

    shown = await client.data(INCLUDE, {"id": "ada", "x": True})
    hidden = await client.data(INCLUDE, {"id": "ada", "x": False})
    assert shown["person"] == {"name": "Ada", "department": "Physics"}
    assert hidden["person"] == {"name": "Ada"}

    one = await client.data(FRAGMENT, {"id": "ada", "n": 1})
    two = await client.data(FRAGMENT, {"id": "ada", "n": 2})
    assert (len(one["person"]["supporters"]), len(two["person"]["supporters"])) == (1, 2)

    skipped = await client.data(INLINE, {"id": "ada", "x": True})
    kept = await client.data(INLINE, {"id": "ada", "x": False})
    assert skipped["person"] == {"name": "Ada"}
    assert kept["person"] == {"name": "Ada", "department": "Physics"}
    assert KEPT.hits == before  # none of them was kept


# What the shaper decides per field (verdicts, pseudonyms) is kept with the selection, one
# plan per set of roles: one kept document read in turn by viewers who may learn
# different things must give each of them what a never-kept document gives them.
WHO = (
    "query($id: ID!) { person(id: $id) { id name classYear interests "
    "supporters(first: 5) { id kind supporter { id name } } } }"
)
WHO_FRESH = (
    "query($id: ID!, $n: Int!) { person(id: $id) { id name classYear interests "
    "supporters(first: $n) { id kind supporter { id name } } } }"
)


async def test_a_kept_document_answers_each_viewer_by_their_own_roles(
    client: GraphQLClient,
) -> None:
    await build(client)
    viewers = [
        client,
        client.as_(ViewerRole.STUDENT, sub="bo"),
        client.as_(ViewerRole.ADVISOR, sub="lee"),
        client,
    ]
    before = KEPT.hits
    answers = []
    for viewer in viewers:
        kept = _unplaced(await viewer.post(WHO, {"id": "ada"}))
        assert kept == _unplaced(await viewer.post(WHO_FRESH, {"id": "ada", "n": 5}))
        answers.append(kept)
    assert KEPT.hits == before + len(viewers) - 1

    admin, student, advisor, admin_again = answers
    assert admin == admin_again and "errors" not in admin
    # Another student is refused Ada's details, her advisor is not: plans of one selection.
    assert any("classYear" in e["message"] for e in student.get("errors", []))
    assert "errors" not in advisor and advisor["data"] == admin["data"]


def _unplaced(body: dict[str, Any]) -> dict[str, Any]:
    """The answer without its errors' columns (the two documents differ in length)."""
    errors = [{k: v for k, v in e.items() if k != "locations"} for e in body.get("errors", [])]
    return {**body, "errors": errors} if errors else body
