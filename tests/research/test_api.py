"""The research analytics over HTTP: for researchers and admins only, every person a
pseudonym, no name, email or external id anywhere in any answer, the same pseudonyms on
every call under one key and others under another, and the cached graph current after
every write."""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graphdb.driver import Database
from resolvers.auth import ViewerRole
from resolvers.research import cache
from tests.conftest import TEST_SECRET, GraphQLClient, token
from tests.research.data import load, secrets, university

R, A, V, S = ViewerRole.RESEARCHER, ViewerRole.ADMIN, ViewerRole.ADVISOR, ViewerRole.STUDENT

# Every Person field a researcher may read (docs/security.md), nested traversals included.
PERSON = """id roles department classYear level interests expertise servesLevels openDoor
  capacity load available groups { role group { id name } }
  supporters(first: 5) { id kind strength supporter { id roles supportProfile { score typology
    supporters { person { id department } } } } }
  supporting(first: 5) { id supported { id } }
  supportProfile { score thin typology functionsMissing }
  supportWeb { people { id } ties { id supporter { id } } }"""

QUERIES = {
    "networkStats": """{ networkStats(filter: {roles: [STUDENT, FACULTY]}) { people ties
      density components largestComponentShare averageClustering reciprocity
      degreeAssortativity roleAssortativity departmentAssortativity
      degreeDistribution { degree count } tiesByKind { kind count }
      tiesByRolePair { supporterRole supportedRole count } kinds } }""",
    "centrality": "{ centrality(measure: BETWEENNESS, top: 5) { rank score person { @@ } } }",
    "pagerank": """{ centrality(measure: PAGERANK, top: 5, kinds: [KNOWS, MENTORS]) {
      person { @@ } score } }""",
    "communities": """{ communities(resolution: 1.5) { modularity count sizes crossingTieShare
      outsideSupporterShare communities { index size people { id department classYear
      supporters(first: 3) { id supporter { id roles } } } } } }""",
    "supportDistribution": """{ supportDistribution(by: GROUP) { key label people
      score { min q1 median q3 max mean } thinShare typology { typology count share }
      functionsMissing { function count share } } }""",
    "mentorReach": """{ mentorReach(topic: "solar", maxHops: 2, by: DEPARTMENT) { topic
      students reached share mentors groups { key label students reached share } } }""",
    "mentorLoad": "{ mentorLoad(first: 5) { load formal informal mentees person { @@ } } }",
}


def ask(name: str) -> str:
    return QUERIES[name].replace("@@", PERSON)


async def test_a_researcher_gets_every_answer_and_no_identity(
    client: GraphQLClient, db: Database
) -> None:
    data = university(21, people=30, ties=90)
    await load(db, data)
    researcher = client.as_(R)
    hidden = secrets(data)
    for name in QUERIES:
        body = await researcher.post(ask(name))
        assert "errors" not in body, (name, body.get("errors"))
        text = json.dumps(body)
        leaked = [s for s in hidden if s in text]
        assert leaked == [], (name, leaked[:5])
    people = await researcher.data("{ mentorLoad(first: 500) { person { id } } }")
    ids = [row["person"]["id"] for row in people["mentorLoad"]]
    assert not [s for s in hidden if s in json.dumps(people)]
    assert ids and all(i.startswith("anon:") for i in ids)


async def test_a_researcher_cannot_reach_a_name_or_email(
    client: GraphQLClient, db: Database
) -> None:
    await load(db, university(22, people=30, ties=80))
    researcher = client.as_(R)
    for field, path in itertools.product(
        ("name", "email", "supportProfile { reasons }"),
        (
            "centrality(measure: DEGREE, top: 3) { person { id @@ } }",
            "mentorLoad(first: 3) { person { supporters { supporter { @@ } } } }",
            "communities { communities { people { supporting(first: 2) { supported { @@ } } } } }",
        ),
    ):
        body = await researcher.post("{ " + path.replace("@@", field) + " }")
        codes = {e["extensions"]["code"] for e in body["errors"]}
        assert codes == {"FORBIDDEN"}, (field, path, body)
        assert "Secret Name" not in json.dumps(body) and "@example.edu" not in json.dumps(body)


async def test_only_researchers_and_admins_may_ask(client: GraphQLClient, db: Database) -> None:
    await load(db, university(23, people=20, ties=30))
    for roles in ((V,), (S,), (V, S)):
        for name in QUERIES:
            error = await client.as_(*roles, sub="ext-23-001").error(ask(name))
            assert error["extensions"]["code"] == "FORBIDDEN", (roles, name)
            assert "network analytics" in error["message"]
    for name in QUERIES:
        await client.as_(A).data(ask(name).replace(" roles ", " name email roles "))


async def test_a_researcher_cannot_select_people_by_name(
    client: GraphQLClient, db: Database
) -> None:
    await load(db, university(24, people=10, ties=10))
    error = await client.as_(R).error('{ networkStats(filter: {search: "secret"}) { people } }')
    assert error["extensions"]["code"] == "FORBIDDEN" and "name" in error["message"]
    ok = await client.data('{ networkStats(filter: {search: "secret name 24 1"}) { people } }')
    assert ok["networkStats"]["people"] >= 1  # admins may


@pytest.fixture
async def other_key(db: Database) -> AsyncIterator[GraphQLClient]:
    """The same graph served with another SUPPORTWEB_PSEUDONYM_KEY."""
    from supportweb.app import create_app
    from supportweb.settings import Settings

    settings = Settings(supportweb_secret=TEST_SECRET, supportweb_pseudonym_key="another-key-" * 3)
    app = create_app(settings, db=db)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
            yield GraphQLClient(http, token(R), app)


async def test_pseudonyms_are_stable_under_a_key_and_differ_under_another(
    client: GraphQLClient, other_key: GraphQLClient, db: Database
) -> None:
    await load(db, university(25, people=40, ties=100))
    query = "{ centrality(measure: DEGREE, top: 40) { score person { id } } }"

    def ids(body: dict[str, object]) -> set[str]:
        return {r["person"]["id"] for r in body["centrality"]}  # type: ignore[attr-defined]

    first = ids(await client.as_(R).data(query))
    again = ids(await client.as_(R).data(query))
    # The audit chain's head is created by the first event written to an empty graph, with
    # nothing to make two servers' first writes wait for each other: one server's first.
    await client.settle()
    other = ids(await other_key.data(query))
    assert first == again and len(first) == 40
    assert not first & other and len(other) == 40


async def test_the_copy_follows_every_write_and_only_writes(
    client: GraphQLClient, db: Database
) -> None:
    await load(db, university(26, people=20, ties=30))
    query = "{ networkStats(kinds: [KNOWS]) { people ties } }"
    before = (await client.as_(R).data(query))["networkStats"]
    loads = cache.loads(db)
    await client.as_(R).data(query)  # the audit writes, the graph's version stays
    await client.settle()
    await client.as_(R).data(query)
    assert cache.loads(db) == loads
    await client.data(
        'mutation { addTie(input: {kind: KNOWS, supporterId: "ext-26-000", '
        'supportedId: "ext-26-019"}) { id } }'
    )
    await client.data(
        'mutation { createPerson(input: {id: "new", name: "N", roles: [STUDENT]}) { id } }'
    )
    after = (await client.as_(R).data(query))["networkStats"]
    assert after["people"] == before["people"] + 1
    assert after["ties"] in (before["ties"], before["ties"] + 1)  # unless already tied
    assert cache.loads(db) == loads + 1


async def test_every_analytics_request_is_audited(client: GraphQLClient, db: Database) -> None:
    await load(db, university(27, people=10, ties=10))
    await client.as_(R).data("{ networkStats { people } }")
    await client.settle()
    log = await client.data(
        '{ auditLog(filter: {action: "networkStats"}, first: 5) '
        "{ edges { node { actor roles } } } }"
    )
    assert [e["node"] for e in log["auditLog"]["edges"]] == [
        {"actor": "token:researcher", "roles": ["RESEARCHER"]}
    ]
