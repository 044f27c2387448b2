"""The same document sent again: its root fields' selections are kept across requests
(schema/selection_cache.py), and a variable anywhere below a root field still changes
the answer."""

from __future__ import annotations

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
