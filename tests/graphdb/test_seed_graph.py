"""The seed university written to Neo4j: its named scenarios hold in the graph, read with
Cypher of the tests' own, and seeding again changes nothing."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter

from graphdb.driver import Database
from graphdb.model import ROLE_PRECEDENCE, Role, SupportFunction
from graphdb.seed import generate, seed
from graphdb.seed.scenario import Measure
from graphdb.seed.scenarios import SCENARIOS

SUPPORT = "ADVISES|MENTORS|COACHES|TEACHES|TUTORS|PEER_SUPPORTS|SUPERVISES"

ACTIVE_SUPPORT_IN = f"""
MATCH (s:Person {{id: $id}})
OPTIONAL MATCH (s)<-[r:{SUPPORT}]-(m:Person) WHERE r.until IS NULL OR r.until > date()
RETURN count(r) AS ties, count(DISTINCT m) AS supporters,
       COUNT {{ (s)-[]-(:Person) }} AS anyTies
"""

GRAPH_COUNTS = """
CALL () { MATCH (n) WHERE NOT n:Migration RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
RETURN nodes, rels
"""

MEASURES = f"""
MATCH (p:Person {{id: $id}})
RETURN
  COUNT {{ (p)<-[r:{SUPPORT}]-(:Person) WHERE r.until IS NULL OR r.until > date() }}
    AS SUPPORT_TIES_IN,
  COUNT {{ MATCH (p)<-[r:{SUPPORT}]-(m:Person) WHERE r.until IS NULL OR r.until > date()
          RETURN DISTINCT m }} AS SUPPORTERS,
  COUNT {{ (p)<-[r:MENTORS]-() WHERE r.until IS NULL OR r.until > date() }} AS MENTORS,
  COUNT {{ (p)-[r:MENTORS]->() WHERE r.until IS NULL OR r.until > date() }} AS MENTEES,
  COUNT {{ (p)-[r:MENTORS]->() WHERE r.until <= date() }} AS ENDED_MENTEES
"""


async def _today(db: Database) -> dt.date:
    """The database's date: the one its ``date()`` compares with."""
    row = await db.read_one("RETURN date() AS today")
    assert row is not None
    today: dt.date = row["today"]
    return today


async def test_scenarios_hold_in_the_graph(db: Database) -> None:
    today = await _today(db)
    counts = await seed(db, 400, 7, today=today)
    assert counts == {
        "people": 400,
        "groups": 44,
        "memberships": 783,
        "ties": 3200,
        "programs": 2,
        "enrolments": 40,
        "requests": 26,
    }
    row = await db.read_one("MATCH (p:Person) RETURN count(p) AS n")
    assert row == {"n": 400}

    # p-thin-none: an ended ADVISES and two acquaintances both ways (docs/seed.md)
    none = await db.read_one(ACTIVE_SUPPORT_IN, {"id": "p-thin-none"})
    assert none == {"ties": 0, "supporters": 0, "anyTies": 5}
    one = await db.read_one(ACTIVE_SUPPORT_IN, {"id": "p-thin-one"})
    assert one is not None and one["ties"] == 1 and one["supporters"] == 1

    ds = generate(400, 7, today)
    await _solar_student(db)
    await _mentor_capacity(db)
    await _basketball(db)
    await _growing_advising(db, today)
    await _well_supported(db, today)

    degrees = [
        r["d"]
        for r in await db.read(
            f"MATCH (p:Person) RETURN COUNT {{ (p)-[:{SUPPORT}|KNOWS]-() }} AS d"
        )
    ]
    ends = Counter(end for t in ds.ties for end in (t.from_id, t.to_id))
    assert sorted(degrees) == sorted(ends[p.id] for p in ds.people)
    # heavy-tailed: the busiest person has 14 times the median's ties
    assert (max(degrees), statistics.median(degrees)) == (172, 12)


async def _solar_student(db: Database) -> None:
    row = await db.read_one(
        f"""
        MATCH (s:Person {{id: 'p-solar-student'}})
              -[:INTERESTED_IN]->(t:Topic {{name: 'solar technology'}})
        MATCH (g:Group {{id: 'g-solar-car', kind: 'TEAM'}})
        RETURN
          COUNT {{ (s)<-[:MENTORS]-(:Person)-[:MEMBER_OF]->(g) }} AS mentoredByTeam,
          COUNT {{ (s)-[:MEMBER_OF]->(g) }} AS onTeam,
          COUNT {{ (m:Person)-[:MEMBER_OF]->(g) WHERE (m)-[:EXPERT_IN]->(t) AND m.openDoor
                   AND m.capacity IS NOT NULL }} AS expertsOpen,
          COUNT {{ (s)-[]-(m:Person)-[:MEMBER_OF]->(g) WHERE (m)-[:EXPERT_IN]->(t) }} AS direct,
          COUNT {{ (s)-[:{SUPPORT}|KNOWS]-(:Person)-[:MEMBER_OF]->(g) }} AS viaTeammate,
          COUNT {{ (s)-[:{SUPPORT}|KNOWS]-(:Person)-[:{SUPPORT}|KNOWS]-(m:Person)-[:MEMBER_OF]->(g)
                   WHERE (m)-[:EXPERT_IN]->(t) }} AS twoHops
        """
    )
    assert row is not None, "p-solar-student is not interested in solar technology"
    assert row["mentoredByTeam"] == 0 and row["onTeam"] == 0
    assert row["expertsOpen"] == 3  # the advisor, the captain, the alum (not the engineer)
    assert row["direct"] == 0  # not yet tied to any of the team's experts...
    assert row["viaTeammate"] == 2  # ...but friends with a teammate, both ways...
    # ...so the experts are two hops away: the captain (MENTORS and PEER_SUPPORTS with the
    # friend) and the engineer (SUPERVISES the friend) through the friend's two ties with
    # her, 2 * 3 walks, and the faculty advisor through the professor's two, 2 * 1
    assert row["twoHops"] == 8
    via_prof = await db.read_one(
        "MATCH (:Person {id: 'p-solar-student'})<-[:TEACHES]-(p:Faculty)"
        "-[:KNOWS]-(:Person {id: 'p-solar-advisor'}) RETURN p.id AS id"
    )
    assert via_prof == {"id": "p-solar-prof"}


LOAD = """
MATCH (m:Person {id: $id})
RETURN m.capacity AS capacity, m.openDoor AS openDoor,
       COUNT { (m)-[r:MENTORS]->() WHERE r.until IS NULL OR r.until > date() } AS load,
       COUNT { (m)-[r:MENTORS]->() WHERE r.until <= date() } AS ended
"""


async def _mentor_capacity(db: Database) -> None:
    full = await db.read_one(LOAD, {"id": "p-mentor-full"})
    assert full is not None and full["capacity"] == full["load"] == 3 and full["ended"] == 1
    assert full["openDoor"] is True
    open_ = await db.read_one(LOAD, {"id": "p-mentor-open"})
    assert open_ == {"capacity": 3, "openDoor": True, "load": 1, "ended": 0}
    closed = await db.read_one(LOAD, {"id": "p-mentor-closed"})
    assert closed is not None and closed["openDoor"] is False


async def _basketball(db: Database) -> None:
    rows = await db.read(
        """
        MATCH (p:Person)-[:MEMBER_OF]->(:Group {id: 'g-basketball', kind: 'TEAM'})
        WHERE p:Student
        OPTIONAL MATCH (p)-[r:MENTORS]->(k:Person)
                       -[:MEMBER_OF]->(:Group {id: 'g-grade-school', kind: 'SCHOOL'})
        WHERE k.level = 'K12' AND (r.until IS NULL OR r.until > date())
        RETURN p.id AS id, p.capacity AS capacity, p.servesLevels AS serves, count(k) AS load
        """
    )
    assert len(rows) == 12
    assert all(r["serves"] == ["K12"] for r in rows)
    # players 1-4 mentor two pupils (capacity 2), 5-12 one (capacity 2, or 1 for 11-12)
    assert {r["id"]: (r["load"], r["capacity"]) for r in rows} == {
        f"p-bball-{k:02d}": (2 if k <= 4 else 1, 1 if k >= 11 else 2) for k in range(1, 13)
    }
    room = {r["id"] for r in rows if r["load"] < r["capacity"]}
    assert room == {f"p-bball-{k:02d}" for k in range(5, 11)}
    waiting = await db.read_one(
        "MATCH (k:Person {level: 'K12'})-[:MEMBER_OF]->(:Group {id: 'g-grade-school'}) "
        "WHERE NOT (k)<-[:MENTORS]-() RETURN count(k) AS n"
    )
    assert waiting == {"n": 8}  # pupils 17-24


async def _growing_advising(db: Database, today: dt.date) -> None:
    row = await db.read_one(
        """
        MATCH (a:Faculty)-[r:ADVISES]->(s:Person {id: 'p-advisee-growing'})
        RETURN r.since AS since, r.lastContact AS last, r.strength AS strength,
               r.until AS until, COUNT { (a)-[:MENTORS]->(s) } AS mentors
        """
    )
    assert row is not None and row["until"] is None and row["mentors"] == 0
    assert row["since"] == today - dt.timedelta(days=3 * 365 + 90)  # 3¼ years
    assert row["last"] == today - dt.timedelta(days=2)
    assert row["strength"] == 0.92


async def _well_supported(db: Database, today: dt.date) -> None:
    rows = await db.read(
        f"""
        MATCH (s:Person {{id: 'p-well-supported'}})<-[r:{SUPPORT}]-(m:Person)
        WHERE r.until IS NULL OR r.until > date()
        RETURN m.id AS id, m.roles AS roles, r.functions AS functions,
               r.strength AS strength, r.lastContact AS last
        """
    )
    ago = {r["id"]: (r["strength"], (today - r["last"]).days) for r in rows}
    assert ago == {
        "p-well-advisor": (0.85, 6),
        "p-well-supervisor": (0.8, 2),
        "p-well-coach": (0.75, 10),
        "p-well-mentor": (0.9, 5),
        "p-well-external": (0.7, 14),
        "p-well-tutor": (0.7, 4),
        "p-well-peer-1": (0.85, 1),
        "p-well-peer-2": (0.8, 3),
    }
    categories = {next(role for role in ROLE_PRECEDENCE if role.value in r["roles"]) for r in rows}
    assert categories == set(Role)
    covering = Counter(f for r in rows for f in set(r["functions"]))
    assert set(covering) == {f.value for f in SupportFunction}
    # no single point of failure: every function has two supporters or more
    assert covering == {"ACADEMIC": 3, "CAREER": 4, "PSYCHOSOCIAL": 4}


async def test_every_promise_holds_in_the_graph(db: Database) -> None:
    await seed(db, 300, 5, today=await _today(db))
    promises = [p for s in SCENARIOS for p in s.promises]
    found = {}
    for p in promises:
        row = await db.read_one(MEASURES, {"id": p.person})
        assert row is not None, p.person
        found[p.person, p.measure] = row[p.measure.name]
    assert found == {(p.person, p.measure): p.value for p in promises}
    assert {p.measure for p in promises} == set(Measure)


async def test_seeding_again_changes_nothing(db: Database) -> None:
    first = await seed(db, 300, 11)
    before = await db.read_one(GRAPH_COUNTS)
    assert await seed(db, 300, 11) == first
    assert await db.read_one(GRAPH_COUNTS) == before
