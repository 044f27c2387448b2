"""Fuzzing the API: generated valid and invalid operations never produce a 500 or an
INTERNAL error, and injection strings in every string argument change no data.

Operations come from hypothesis-graphql (the engine of schemathesis's GraphQL support),
generated from the served schema; the run is bounded by ``FUZZ_EXAMPLES``.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import graphql
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import from_schema
from hypothesis_graphql import nodes as gql_nodes
from hypothesis_graphql.strategies import Mode

from graphdb.driver import Database
from resolvers.auth import ViewerRole
from schema.root import build_schema
from tests.conftest import GraphQLClient

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
SCHEMA = build_schema()._schema

SCALARS = {
    "Date": st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)).map(
        lambda d: gql_nodes.String(d.isoformat())
    ),
    "DateTime": st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 1, 1)).map(
        lambda d: gql_nodes.String(d.isoformat())
    ),
}

INJECTIONS = [
    "' OR 1=1 //",
    '" OR 1=1 //',
    "x'}) MATCH (n) DETACH DELETE n //",
    'x"}) MATCH (n) DETACH DELETE n //',
    "`) DETACH DELETE n //",
    "$id",
    "{id: 'x'}",
    "\\u0000",
    "\x00",
    "s1' UNION MATCH (n) RETURN n //",
    "CALL db.labels()",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%00%27",
    "x" * 5000,
]

FINGERPRINT = """
CALL () {
  MATCH (n) WHERE NOT (n:Migration OR n:AuditEvent OR n:AuditName OR n:AuditHead)
  RETURN count(n) AS nodes
}
CALL () { MATCH (a)-[r]->() WHERE NOT a:AuditEvent RETURN count(r) AS rels }
CALL () {
  // The stored support scores are a cache any read may refresh: not data.
  MATCH (p:Person) WITH p ORDER BY p.id
  RETURN collect([k IN keys(p) WHERE NOT k STARTS WITH 'support' | [k, p[k]]]) AS people
}
RETURN nodes, rels, people
"""


async def _seed(client: GraphQLClient) -> None:
    create = "mutation($i: PersonInput!) { createPerson(input: $i) { id } }"
    for pid, roles in (("s1", ["STUDENT"]), ("f1", ["FACULTY"])):
        await client.data(
            create,
            {
                "i": {
                    "id": pid,
                    "name": pid,
                    "roles": roles,
                    "expertise": ["physics"],
                    "openDoor": True,
                }
            },
        )
    await client.data(
        'mutation { addTie(input: {kind: MENTORS, supporterId: "f1", supportedId: "s1"}) { id } }'
    )


def _check(body: dict[str, Any], status: int, query: str) -> None:
    assert status < 500, (status, query)
    for error in body.get("errors") or []:
        assert error["extensions"]["code"] != "INTERNAL", (error, query)


ROLES: dict[str, tuple[tuple[ViewerRole, ...], str | None]] = {
    "admin": ((ViewerRole.ADMIN,), None),
    "advisor": ((ViewerRole.ADVISOR,), "f1"),
    "student": ((ViewerRole.STUDENT,), "s1"),
    "researcher": ((ViewerRole.RESEARCHER,), None),
}


@pytest.mark.parametrize("role", list(ROLES))
@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE])
async def test_generated_operations_never_fail_internally(
    client: GraphQLClient, mode: Mode, role: str
) -> None:
    await _seed(client)
    roles, sub = ROLES[role]
    client = client.as_(*roles, sub=sub)
    queries: list[str] = []

    # The admin runs the full number; other roles a quarter each (their refusals are
    # cheap, and the policy's own matrix is tests/test_access_matrix.py).
    examples = EXAMPLES if role == "admin" else max(10, EXAMPLES // 4)

    @settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.data())
    def collect(data: st.DataObject) -> None:
        queries.append(data.draw(from_schema(SCHEMA, custom_scalars=SCALARS, mode=mode)))

    collect()
    for query in queries:
        r = await client.http.post(
            "/graphql", json={"query": query}, headers={"authorization": f"Bearer {client.token}"}
        )
        _check(r.json(), r.status_code, query)


def _string_args() -> list[tuple[str, str, str]]:
    """(root type, field, argument) for every String or ID argument of a root field."""
    out = []
    for root in (SCHEMA.query_type, SCHEMA.mutation_type):
        assert root is not None
        for name, field in root.fields.items():
            for arg_name, arg in field.args.items():
                named = graphql.get_named_type(arg.type)
                if named.name in ("String", "ID"):
                    out.append((root.name, name, arg_name))
    return out


def _selection(root: str, field: str) -> str:
    assert SCHEMA.query_type is not None and SCHEMA.mutation_type is not None
    t = (SCHEMA.query_type if root == "Query" else SCHEMA.mutation_type).fields[field].type
    return "" if graphql.is_leaf_type(graphql.get_named_type(t)) else " { __typename }"


async def test_injection_strings_change_no_data(client: GraphQLClient, db: Database) -> None:
    await _seed(client)
    before = await db.read_one(FINGERPRINT)
    tried = 0
    for root, field, arg in _string_args():
        if root == "Mutation":
            continue  # writes are covered below, where a change is expected and checked
        for text in INJECTIONS:
            q = f"query($v: String!) {{ {field}({arg}: $v){_selection(root, field)} }}"
            q = q.replace("String!", _arg_type(root, field, arg))
            r = await client.http.post(
                "/graphql",
                json={"query": q, "variables": {"v": text}},
                headers={"authorization": f"Bearer {client.token}"},
            )
            _check(r.json(), r.status_code, q)
            tried += 1
    assert tried > 0
    assert await db.read_one(FINGERPRINT) == before


def _input_string_fields() -> list[tuple[str, str, str, str]]:
    """(field, argument, its input type, inner field) for every String or ID field inside
    an input object taken by a query's root field."""
    assert SCHEMA.query_type is not None
    out = []
    for name, field in SCHEMA.query_type.fields.items():
        for arg_name, arg in field.args.items():
            named = graphql.get_named_type(arg.type)
            if not isinstance(named, graphql.GraphQLInputObjectType):
                continue
            for inner, definition in named.fields.items():
                if graphql.get_named_type(definition.type).name in ("String", "ID"):
                    out.append((name, arg_name, named.name, inner))
    return out


async def test_injection_strings_inside_inputs_change_no_data(
    client: GraphQLClient, db: Database
) -> None:
    await _seed(client)
    before = await db.read_one(FINGERPRINT)
    targets = _input_string_fields()
    assert {(f, i) for f, _, _, i in targets} >= {("people", "search"), ("mentorPaths", "topics")}
    for field, arg, input_type, inner in targets:
        needs = {"mentorPaths": 'personId: "s1", ', "programAudience": 'programId: "x", '}
        for text in INJECTIONS:
            q = (
                f"query($v: {input_type}) {{ {field}({needs.get(field, '')}{arg}: $v)"
                f"{_selection('Query', field)} }}"
            )
            inner_type = SCHEMA.type_map[input_type].fields[inner].type  # type: ignore[attr-defined]
            value: Any = (
                [text]
                if isinstance(graphql.get_nullable_type(inner_type), graphql.GraphQLList)
                else text
            )
            r = await client.http.post(
                "/graphql",
                json={"query": q, "variables": {"v": {inner: value}}},
                headers={"authorization": f"Bearer {client.token}"},
            )
            _check(r.json(), r.status_code, q)
    assert await db.read_one(FINGERPRINT) == before


def _arg_type(root: str, field: str, arg: str) -> str:
    assert SCHEMA.query_type is not None and SCHEMA.mutation_type is not None
    t = (SCHEMA.query_type if root == "Query" else SCHEMA.mutation_type).fields[field]
    return str(t.args[arg].type)


async def test_injection_strings_are_stored_verbatim_or_refused(
    client: GraphQLClient, db: Database
) -> None:
    await _seed(client)
    create = "mutation($i: PersonInput!) { createPerson(input: $i) { id name } }"
    for i, text in enumerate(INJECTIONS):
        refused = await client.post(create, {"i": {"id": text, "name": "X", "roles": ["STUDENT"]}})
        assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        if len(text) <= 200 and text.strip():
            made = await client.data(
                create, {"i": {"id": f"inj{i}", "name": text, "roles": ["STUDENT"]}}
            )
            assert made["createPerson"]["name"] == text.strip()
    row = await db.read_one(
        "CALL () { MATCH (p:Person) RETURN count(p) AS people } "
        "CALL () { MATCH ()-[r:MENTORS]->() RETURN count(r) AS mentors } RETURN people, mentors"
    )
    stored = sum(1 for t in INJECTIONS if len(t) <= 200 and t.strip())
    assert row == {"people": 2 + stored, "mentors": 1}
