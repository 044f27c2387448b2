"""The workloads of `make bench-peer`: one request per server kind, and one normal form.

Three kinds of server answer them:

- ``ours``: Supportweb's GraphQL API (POST /graphql, an ADMIN bearer token);
- ``peer``: the Neo4j GraphQL Library on Apollo Server (bench/peer/server.mjs, POST /);
- ``floor``: one Cypher statement per request straight through the driver
  (bench/peer/floor.py, POST /w1 …), answering in the same JSON shape as ours.

Before anything is timed, every server's answers are brought to one normal form (nested
lists sorted, tie kinds named the same way) and compared; see ``normalise``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

Kind: TypeAlias = Literal["ours", "peer", "floor"]

# The peer's incoming tie fields, one per relationship type (as in server.mjs's TIE_KINDS;
# a field missing there fails the verification with a GraphQL error).
PEER_TIE_FIELDS: dict[str, str] = {
    "advisedBy": "ADVISES",
    "mentoredBy": "MENTORS",
    "coachedBy": "COACHES",
    "taughtBy": "TEACHES",
    "tutoredBy": "TUTORS",
    "peerSupportedBy": "PEER_SUPPORTS",
    "supervisedBy": "SUPERVISES",
    "knownBy": "KNOWS",
}

# Ours caps each person's supporters (default 100, strongest first); the peer can only cap
# each kind on its own. Asking ours for up to 500 (its maximum) keeps every list whole on
# both sides, so the answers are the same people.
SUPPORTERS_FIRST = 500
PAGE = 100
MENTORS_FIRST = 10
THIN_FIRST = 20

_OURS_PERSON = (
    "id name supporters(first: " + str(SUPPORTERS_FIRST) + ") { id kind strength "
    "supporter { id name } } groups { role group { name } }"
)

# Active ties only (SPEC §3). The library cannot call Cypher's date(): today comes as a
# variable. Each kind strongest first, as close to ours' order as the library can get.
_PEER_TIES = " ".join(
    field + "Connection(where: {edge: {OR: [{until: {eq: null}}, {until: {gt: $today}}]}}, "
    "sort: [{edge: {strength: DESC}}]) { edges { properties { id strength } node { id name } } }"
    for field in PEER_TIE_FIELDS
)
_PEER_PERSON = (
    "id name " + _PEER_TIES + " groupsConnection { edges { properties { role } node { name } } }"
)

OURS_QUERIES: dict[str, str] = {
    "W1": "query W1($id: ID!) { person(id: $id) { " + _OURS_PERSON + " } }",
    "W2": "query W2($filter: PersonFilter) { people(filter: $filter, first: "
    + str(PAGE)
    + ") { edges { node { "
    + _OURS_PERSON
    + " } } } }",
    "W3": "query W3($id: ID!) { mentorPaths(personId: $id, first: "
    + str(MENTORS_FIRST)
    + ") { mentor { id name } score hops path { id } } }",
    "W4": "query W4 { thinSupport(first: "
    + str(THIN_FIRST)
    + ") { totalCount edges { node { person { id name } profile { score thin } } } } }",
}

PEER_QUERIES: dict[str, str] = {
    "W1": "query W1($id: ID!, $today: Date!) { people(where: {id: {eq: $id}}) { "
    + _PEER_PERSON
    + " } }",
    # The same order as ours: the stored lower-cased name, then the id.
    "W2": "query W2($where: PersonWhere, $today: Date!) { people(where: $where, "
    "sort: [{sortName: ASC}, {id: ASC}], limit: " + str(PAGE) + ") { " + _PEER_PERSON + " } }",
}


@dataclass(frozen=True, slots=True)
class Workload:
    key: str  # W1, W2, W2-dept, W3, W4
    base: str  # the query family: W1 … W4
    title: str
    kinds: tuple[Kind, ...]


WORKLOADS: tuple[Workload, ...] = (
    Workload(
        "W1",
        "W1",
        "one person with their supporters and groups",
        ("ours", "peer", "floor"),
    ),
    Workload(
        "W2",
        "W2",
        f"a page of {PAGE} people by name, with supporters and groups",
        ("ours", "peer", "floor"),
    ),
    Workload(
        "W2-dept",
        "W2",
        f"a page of {PAGE} people by name in one department, with supporters and groups",
        ("ours", "peer", "floor"),
    ),
    Workload(
        "W3",
        "W3",
        f"mentorPaths(personId, first: {MENTORS_FIRST}) for an undergraduate",
        ("ours", "floor"),
    ),
    Workload("W4", "W4", f"thinSupport(first: {THIN_FIRST})", ("ours", "floor")),
)


def request(workload: Workload, kind: Kind, arg: str | None, today: str) -> tuple[str, str]:
    """(path, JSON body) of one request: ``arg`` is the person id (W1, W3), the department
    (W2-dept) or None."""
    if kind == "floor":
        key = {"W1": "id", "W2": "department", "W3": "id", "W4": "none"}[workload.base]
        return "/" + workload.base.lower(), json.dumps({key: arg} if arg is not None else {})
    variables: dict[str, Any]
    if workload.base in ("W1", "W3"):
        variables = {"id": arg}
    elif workload.base == "W2" and kind == "ours":
        variables = {"filter": {"department": arg} if arg is not None else None}
    elif workload.base == "W2":
        variables = {"where": {"department": {"eq": arg}} if arg is not None else {}}
    else:
        variables = {}
    if kind == "peer":
        variables["today"] = today
        return "/", json.dumps({"query": PEER_QUERIES[workload.base], "variables": variables})
    return "/graphql", json.dumps({"query": OURS_QUERIES[workload.base], "variables": variables})


# ---- one normal form ---------------------------------------------------------------------


def normalise(workload: Workload, kind: Kind, body: dict[str, Any]) -> Any:
    """The answer in a form both sides can be compared in: people in the server's order
    (it is part of the answer), the lists inside each person sorted (their order is not)."""
    if body.get("errors"):
        raise AnswerError(f"{kind} answered {workload.key} with errors: {body['errors']}")
    data = body["data"]
    if kind == "peer":
        people = [_peer_person(p) for p in data["people"]]
        return (people[0] if people else None) if workload.base == "W1" else people
    if workload.base == "W1":
        return _our_person(data["person"]) if data["person"] is not None else None
    if workload.base == "W2":
        return [_our_person(e["node"]) for e in data["people"]["edges"]]
    if workload.base == "W3":
        return [
            [
                m["mentor"]["id"],
                m["mentor"]["name"],
                m["score"],
                m["hops"],
                [p["id"] for p in m["path"]],
            ]
            for m in data["mentorPaths"]
        ]
    thin = data["thinSupport"]
    rows = [
        [
            e["node"]["person"]["id"],
            e["node"]["person"]["name"],
            e["node"]["profile"]["score"],
            e["node"]["profile"]["thin"],
        ]
        for e in thin["edges"]
    ]
    return {"total": thin["totalCount"], "rows": rows}


class AnswerError(RuntimeError):
    """A server answered with GraphQL errors where an answer was expected."""


def _our_person(p: dict[str, Any]) -> dict[str, Any]:
    supporters = sorted(
        (
            [s["kind"], s["strength"], s["id"], s["supporter"]["id"], s["supporter"]["name"]]
            for s in p["supporters"]
        ),
        key=_order,
    )
    groups = sorted(([g["role"], g["group"]["name"]] for g in p["groups"]), key=_order)
    return {"id": p["id"], "name": p["name"], "supporters": supporters, "groups": groups}


def _peer_person(p: dict[str, Any]) -> dict[str, Any]:
    supporters = sorted(
        (
            [
                kind,
                e["properties"]["strength"],
                e["properties"]["id"],
                e["node"]["id"],
                e["node"]["name"],
            ]
            for field, kind in PEER_TIE_FIELDS.items()
            for e in p[field + "Connection"]["edges"]
        ),
        key=_order,
    )
    groups = sorted(
        ([e["properties"]["role"], e["node"]["name"]] for e in p["groupsConnection"]["edges"]),
        key=_order,
    )
    return {"id": p["id"], "name": p["name"], "supporters": supporters, "groups": groups}


def _order(row: list[Any]) -> str:
    # A total order even where a role or strength is missing (None sorts with nothing).
    return json.dumps(row)
