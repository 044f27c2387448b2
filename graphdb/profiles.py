"""What a support profile (SPEC §4) is computed from: a person's active incoming support
ties with their supporters, and the ego network Burt's measures need.

One round trip serves a whole batch of people. ``without`` drops every tie of the listed
people, as if they had left: they are neither supporters nor ego neighbours, and they no
longer count in their neighbours' degrees.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

from graphdb.cypher import SUPPORT_TYPES, active, tie_map
from graphdb.driver import Database, Row, Runner

_SUPPORTER_MAP: LiteralString = "j {.id, .name, .roles, .department}"

# Incoming active support ties with what the score and the reasons need of each supporter.
_INCOMING: LiteralString = (
    "CALL (s) { MATCH (s)<-[r:" + SUPPORT_TYPES + "]-(j:Person) "
    "WHERE " + active() + " AND NOT j.id IN $without "
    "RETURN collect({tie: " + tie_map("r", "j", "s") + ", supporter: " + _SUPPORTER_MAP + "})"
    " AS ties } "
)

# The ego network for Burt's measures. For an undirected, unweighted graph networkx gives
#   effective_size(s) = n - 2t/n            (n neighbours, t edges among them), and
#   constraint(s)     = sum_j (1/n + sum_{q in N(s) ∩ N(j)} 1/(n * deg(q)))^2
# (its p_uv is 1/deg(u) there), so besides s's neighbours and the edges among them we need
# every neighbour's degree in the WHOLE support graph, not only inside the ego network.
# Degrees count distinct neighbours: parallel ties and both directions are one edge.
_EGO: LiteralString = (
    "CALL (s) { OPTIONAL MATCH (s)-[r:" + SUPPORT_TYPES + "]-(j:Person) "
    "WHERE " + active() + " AND NOT j.id IN $without "
    "WITH collect(DISTINCT j) AS nbrs "
    "UNWIND nbrs AS j "
    # One pass over each neighbour's ties gives both its degree and its links into N(s).
    "WITH j, nbrs, COLLECT { MATCH (j)-[r2:" + SUPPORT_TYPES + "]-(k:Person) "
    "WHERE " + active("r2") + " AND NOT k.id IN $without "
    "RETURN DISTINCT k } AS ks "
    "RETURN collect({id: j.id, degree: size(ks), links: [k IN ks WHERE k IN nbrs | k.id]}) "
    "AS ego } "
)

PROFILE_DATA: LiteralString = (
    "UNWIND $ids AS pid MATCH (s:Person {id: pid}) "
    + _INCOMING
    + _EGO
    + "RETURN s.id AS id, s.name AS name, ties, ego, date() AS today"
)

# The same ties as flat lists, for scoring many people: the Python driver spends far longer
# decoding maps than Neo4j spends finding them (measured 4x on 2,000 people). Each entry:
# [supporterId, name, roles, department, kind, strength, functions, lastContact, until,
# tieId]; ``expand_compact`` turns them back into PROFILE_DATA's rows.
INCOMING_COMPACT: LiteralString = (
    "CALL (s) { MATCH (s)<-[r:" + SUPPORT_TYPES + "]-(j:Person) "
    "WHERE " + active() + " AND NOT j.id IN $without "
    "RETURN collect([j.id, j.name, j.roles, j.department, type(r), r.strength, r.functions, "
    "r.lastContact, r.until, r.id]) AS ties } "
)
COMPACT_RETURN: LiteralString = (
    "RETURN s.id AS id, s.name AS name, s.roles AS roles, s.supportThin AS storedThin, "
    "s.supportScore AS storedScore, ties, date() AS today"
)
"""What a compact read returns: the person, their stored score, their ties, today."""

TIE_DATA: LiteralString = (
    "UNWIND $ids AS pid MATCH (s:Person {id: pid}) " + INCOMING_COMPACT + COMPACT_RETURN
)

SUPPORTED_BY: LiteralString = (
    "MATCH (m:Person {id: $id})-[r:" + SUPPORT_TYPES + "]->(p:Person) "
    "WHERE " + active() + " RETURN DISTINCT p.id AS id ORDER BY id"
)


async def profile_data(db: Database, ids: Sequence[str], without: Sequence[str]) -> list[Row]:
    """One row per existing person: id, name, ties, ego, today (unknown ids are absent)."""
    return await db.read(PROFILE_DATA, {"ids": list(ids), "without": list(without)})


def expand_compact(ties: Sequence[Sequence[Any]], supported_id: str) -> list[Row]:
    """Flat tie lists back into the {tie, supporter} rows that PROFILE_DATA returns."""
    out: list[Row] = []
    for sid, name, roles, dept, kind, strength, functions, last, until, tie_id in ties:
        out.append(
            {
                "tie": {
                    "id": tie_id,
                    "kind": kind,
                    "strength": strength,
                    "functions": functions,
                    "lastContact": last,
                    "until": until,
                    "supporterId": sid,
                    "supportedId": supported_id,
                },
                "supporter": {"id": sid, "name": name, "roles": roles, "department": dept},
            }
        )
    return out


def expand_rows(rows: list[Row]) -> list[Row]:
    """COMPACT_RETURN rows with their ``ties`` expanded (see ``expand_compact``)."""
    for r in rows:
        r["ties"] = expand_compact(r["ties"], r["id"])
    return rows


async def tie_data(runner: Runner, ids: Sequence[str], without: Sequence[str] = ()) -> list[Row]:
    """Per person: id, name, roles, storedScore, storedThin, today, and ``ties`` as
    {tie, supporter} rows (ties carry what scoring needs, not every field)."""
    return expand_rows(await runner.read(TIE_DATA, {"ids": list(ids), "without": list(without)}))


async def supported_by(runner: Runner, person_id: str) -> list[str]:
    """The people someone actively supports (a tie of any kind but KNOWS), by id."""
    return [r["id"] for r in await runner.read(SUPPORTED_BY, {"id": person_id})]
