"""``programAudience``: who a program's criteria select, most in need first, with fit and
reasons; thinOnly; pages; an advisor's rows; and the index walk behind each band."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from graphdb.driver import Database, Neo4jConfig
from graphdb.model import Level, Role
from graphdb.programs.audience import BAND, audience_where, band_query
from graphdb.programs.records import AudienceRecord
from resolvers.auth import ViewerRole
from tests.api_graph import RECENT, build, person, tie
from tests.conftest import GraphQLClient
from tests.programs_graph import enrol, program

AUDIENCE = """query($p: ID!, $first: Int!, $after: String) {
  programAudience(programId: $p, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { person { id } fit reasons } } } }"""
SOLAR = {"roles": ["STUDENT"], "topics": ["solar technology"]}


async def _audience_world(client: GraphQLClient) -> None:
    """tests/api_graph.py's people (Ada: well supported, interested in solar technology,
    her mentoring by Mia ended) and four more students interested in it:

    - t0: nobody supports them; t0b: one course with Lee (thin, a little support);
    - t1: Mia mentors them (thin: one supporter; but mentored in the topic);
    - n3: well supported, and mentored by Mia (in the topic);
    - in: a student already enrolled as a mentee: never in the audience.
    """
    await build(client)
    for pid in ("t0", "t0b", "t1", "n3", "in"):
        await person(client, pid, pid.upper(), ["STUDENT"], interests=["solar technology"])
    await tie(client, "lee", "t0b", "TEACHES", strength=0.3, lastContact=RECENT)
    await tie(client, "mia", "t1", "MENTORS", strength=0.7, lastContact=RECENT)
    for frm, kind in (("lee", "ADVISES"), ("sam", "COACHES"), ("mia", "MENTORS")):
        await tie(client, frm, "n3", kind, strength=0.9, lastContact=RECENT)
    await tie(client, "hal", "n3", "PEER_SUPPORTS", strength=0.9, lastContact=RECENT)
    await program(client, "solar", audience=SOLAR)
    await program(client, "thin", name="Thin Support Circle", audience={**SOLAR, "thinOnly": True})
    for pid in ("solar", "thin"):
        await enrol(client, pid, "in", "MENTEE")


def _rows(data: dict[str, Any]) -> list[tuple[str, float, list[str]]]:
    return [
        (e["node"]["person"]["id"], e["node"]["fit"], e["node"]["reasons"])
        for e in data["programAudience"]["edges"]
    ]


async def test_those_who_would_benefit_most_come_first(client: GraphQLClient) -> None:
    await _audience_world(client)
    data = await client.data(AUDIENCE, {"p": "solar", "first": 20})
    rows = _rows(data)
    assert [r[0] for r in rows] == ["t0", "t0b", "t1", "ada", "n3"]
    assert data["programAudience"]["totalCount"] == 5
    fits = [r[1] for r in rows]
    assert fits == sorted(fits, reverse=True) and fits[0] == 0.99
    about = ["a student", "interested in solar technology"]
    assert rows[0][2] == [
        *about,
        "thin support: no one supports you yet",
        "no mentor yet in solar technology",
    ]
    assert rows[1][2][:3] == [*about, "thin support: only one person supports you: Prof Lee"]
    assert rows[2][2] == [*about, "thin support: only one person supports you: Mia Alum"]
    assert rows[3][2] == [*about, "no mentor yet in solar technology"]
    assert rows[4][2] == about
    # The bands in the fit: thin +0.5, no mentor yet +0.25, then need (1 - score/100).
    assert 0.5 <= rows[2][1] < 0.75 <= rows[1][1] and rows[4][1] < 0.25 <= rows[3][1] < 0.5


async def test_pages_thin_only_and_an_advisors_rows(client: GraphQLClient) -> None:
    await _audience_world(client)
    seen: list[str] = []
    after = None
    while True:
        page = (await client.data(AUDIENCE, {"p": "solar", "first": 2, "after": after}))[
            "programAudience"
        ]
        seen += [e["node"]["person"]["id"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["t0", "t0b", "t1", "ada", "n3"]
    thin = await client.data(AUDIENCE, {"p": "thin", "first": 20})
    assert [r[0] for r in _rows(thin)] == ["t0", "t0b", "t1"]
    # Lee supports Ada, Bo, T0b and N3: an advisor sees only them.
    lee = client.as_(ViewerRole.ADVISOR, sub="lee")
    assert [r[0] for r in _rows(await lee.data(AUDIENCE, {"p": "solar", "first": 20}))] == [
        "t0b",
        "ada",
        "n3",
    ]
    for who in (client.as_(ViewerRole.STUDENT, sub="ada"), client.as_(ViewerRole.RESEARCHER)):
        error = await who.error(AUDIENCE, {"p": "solar", "first": 5})
        assert error["extensions"]["code"] == "FORBIDDEN"
    error = await client.error(AUDIENCE, {"p": "solar", "first": 5, "after": "nonsense"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    error = await client.error(AUDIENCE, {"p": "nope", "first": 5})
    assert error["extensions"]["code"] == "NOT_FOUND"


def _operators(plan: Any) -> list[str]:
    out = [plan["operatorType"].split("@")[0]]
    for child in plan.get("children", []):
        out += _operators(child)
    return out


@pytest.mark.parametrize("band", range(len(BAND)))
async def test_a_broad_audience_is_read_from_the_score_index_without_sorting(
    db: Database, neo4j_config: Neo4jConfig, band: int
) -> None:
    audience = AudienceRecord(roles=(Role.STUDENT,), levels=(Level.UNDERGRADUATE,))
    where, params = audience_where(audience)
    query = band_query(BAND[band], where, hint=True, after=True)
    params |= {"programId": "p", "topics": ["x"], "limit": 21, "afterScore": 50.0, "afterId": ""}
    driver = neo4j.AsyncGraphDatabase.driver(neo4j_config.uri, notifications_min_severity="OFF")
    try:
        async with driver.session(database=neo4j_config.database) as session:
            summary = await (await session.run("EXPLAIN " + query, params)).consume()
    finally:
        await driver.close()
    assert summary.plan is not None
    ops = _operators(summary.plan)
    # Read in index order (a seek from the cursor, or a scan), never every person sorted.
    assert any(op.startswith("NodeIndex") for op in ops) and "NodeByLabelScan" not in ops, ops
    assert not any(op in ("Sort", "Top", "PartialSort", "PartialTop") for op in ops), ops
