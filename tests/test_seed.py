"""The seed university: deterministic, valid, and its named scenarios hold in the graph."""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
from collections import Counter

import pytest

from graphdb.driver import Database
from graphdb.model import (
    ROLE_PRECEDENCE,
    Dataset,
    GroupKind,
    Level,
    Role,
    SupportFunction,
    TieKind,
    check_external_id,
    check_name,
    check_strength,
    normalise_topic,
    tie_id_for,
)
from graphdb.seed import MIN_PEOPLE, generate, seed

TODAY = dt.date(2025, 3, 1)
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


@pytest.fixture(scope="module")
def small() -> Dataset:
    return generate(500, 7, TODAY)


# -- generation (pure) -------------------------------------------------------------------


def test_same_arguments_give_the_same_university(small: Dataset) -> None:
    assert generate(500, 7, TODAY) == small
    other = generate(500, 8, TODAY)
    assert other != small
    assert other.counts()["people"] == 500
    # the named scenarios do not depend on the seed
    assert {p.id for p in other.people if not p.id[2].isdigit()} == {
        p.id for p in small.people if not p.id[2].isdigit()
    }


def test_generation_does_not_depend_on_the_process() -> None:
    """String hashing differs per process; nothing in generation may depend on it."""
    script = (
        "import datetime, hashlib; from graphdb.seed import generate; "
        "print(hashlib.sha256(repr(generate(300, 3, datetime.date(2025, 3, 1))).encode())"
        ".hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": str(h)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for h in (1, 2)
    }
    assert len(digests) == 1


def test_too_small_a_university_is_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        generate(MIN_PEOPLE - 1)


def test_every_record_is_valid(small: Dataset) -> None:
    people = {p.id: p for p in small.people}
    groups = {g.id: g for g in small.groups}
    assert len(people) == len(small.people) == 500
    assert len(groups) == len(small.groups)
    for p in small.people:
        check_external_id(p.id)
        assert check_name(p.name) == p.name
        assert p.roles and len(set(p.roles)) == len(p.roles)
        for topic in p.interests + p.expertise:
            assert normalise_topic(topic) == topic
        assert p.capacity is None or p.capacity >= 1
    for g in small.groups:
        check_external_id(g.id)
        check_name(g.name)
    member_keys = set()
    for m in small.memberships:
        assert m.person_id in people and m.group_id in groups
        assert m.since is not None and m.since <= TODAY
        member_keys.add((m.person_id, m.group_id))
    assert len(member_keys) == len(small.memberships)  # one membership per person and group
    tie_ids = set()
    for t in small.ties:
        check_external_id(t.id)
        assert t.id == tie_id_for(t.from_id, t.to_id, t.kind, None)
        tie_ids.add(t.id)
        assert t.from_id in people and t.to_id in people
        assert t.from_id != t.to_id
        assert check_strength(t.strength) == t.strength
        assert t.since is not None and t.since <= TODAY
        assert t.until is None or t.until >= t.since
        if t.last_contact is not None:
            assert t.since <= t.last_contact <= TODAY
            assert t.until is None or t.last_contact <= t.until
        if t.kind is TieKind.KNOWS:
            assert t.functions == ()
        else:
            assert t.functions and set(t.functions) <= set(SupportFunction)
    assert len(tie_ids) == len(small.ties)


def test_the_university_has_every_kind_of_thing(small: Dataset) -> None:
    assert {g.kind for g in small.groups} == set(GroupKind)
    assert {t.kind for t in small.ties} == set(TieKind)
    assert {r for p in small.people for r in p.roles} == set(Role)
    levels = Counter(p.level for p in small.people)
    assert levels[Level.UNDERGRADUATE] > levels[Level.GRADUATE] > 0 and levels[Level.K12] > 0
    class_years = Counter(p.class_year for p in small.people if p.level is Level.UNDERGRADUATE)
    assert len(class_years) == 4 and min(class_years.values()) > 20
    assert any(t.until is not None and t.until < TODAY for t in small.ties)  # some ended
    assert any(t.until is not None and t.until > TODAY for t in small.ties)  # a term's courses
    assert any(t.formal for t in small.ties)
    assert len({t.strength for t in small.ties}) > 50
    assert len({t.last_contact for t in small.ties}) > 100
    students = [p for p in small.people if Role.STUDENT in p.roles]
    assert all(p.interests for p in students if p.level is Level.UNDERGRADUATE)
    faculty = [p for p in small.people if Role.FACULTY in p.roles]
    assert all(p.expertise and p.department for p in faculty)


def test_nobody_mentors_beyond_capacity(small: Dataset) -> None:
    load = Counter(
        t.from_id
        for t in small.ties
        if t.kind is TieKind.MENTORS and (t.until is None or t.until > TODAY)
    )
    by_id = {p.id: p for p in small.people}
    for mentor, n in load.items():
        capacity = by_id[mentor].capacity
        assert capacity is None or n <= capacity, mentor
    levels = {p.id: p.level for p in small.people}
    for t in small.ties:
        serves = by_id[t.from_id].serves_levels
        if t.kind is TieKind.MENTORS and serves and levels[t.to_id]:
            assert levels[t.to_id] in serves, t


# -- in the graph ------------------------------------------------------------------------


async def test_scenarios_hold_in_the_graph(db: Database) -> None:
    counts = await seed(db, 400, 7)
    assert counts["people"] == 400 and counts["ties"] > 3_000
    row = await db.read_one("MATCH (p:Person) RETURN count(p) AS n")
    assert row == {"n": 400}

    none = await db.read_one(ACTIVE_SUPPORT_IN, {"id": "p-thin-none"})
    assert none is not None and none["ties"] == 0 and none["anyTies"] > 0
    one = await db.read_one(ACTIVE_SUPPORT_IN, {"id": "p-thin-one"})
    assert one is not None and one["ties"] == 1 and one["supporters"] == 1

    await _solar_student(db)
    await _mentor_capacity(db)
    await _basketball(db)
    await _growing_advising(db)
    await _well_supported(db)

    degrees = [
        r["d"]
        for r in await db.read(
            f"MATCH (p:Person) RETURN COUNT {{ (p)-[:{SUPPORT}|KNOWS]-() }} AS d"
        )
    ]
    assert max(degrees) >= 5 * statistics.median(degrees)


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
    assert row["expertsOpen"] >= 2
    assert row["direct"] == 0  # not yet tied to any of the team's experts...
    assert row["viaTeammate"] >= 1  # ...but friends with a teammate
    assert row["twoHops"] >= 2  # ...so the experts are two hops away
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
    assert open_ is not None and open_["openDoor"] and open_["load"] < open_["capacity"]
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
    assert all(
        r["load"] >= 1 and r["load"] <= r["capacity"] and r["serves"] == ["K12"] for r in rows
    )
    assert any(r["load"] < r["capacity"] for r in rows)
    waiting = await db.read_one(
        "MATCH (k:Person {level: 'K12'})-[:MEMBER_OF]->(:Group {id: 'g-grade-school'}) "
        "WHERE NOT (k)<-[:MENTORS]-() RETURN count(k) AS n"
    )
    assert waiting is not None and waiting["n"] > 0


async def _growing_advising(db: Database) -> None:
    row = await db.read_one(
        """
        MATCH (a:Faculty)-[r:ADVISES]->(s:Person {id: 'p-advisee-growing'})
        RETURN r.since AS since, r.lastContact AS last, r.strength AS strength,
               r.until AS until, COUNT { (a)-[:MENTORS]->(s) } AS mentors
        """
    )
    assert row is not None and row["until"] is None and row["mentors"] == 0
    today = dt.date.today()
    assert row["since"] <= today - dt.timedelta(days=3 * 365)
    assert row["last"] >= today - dt.timedelta(days=14)
    assert row["strength"] >= 0.8


async def _well_supported(db: Database) -> None:
    rows = await db.read(
        f"""
        MATCH (s:Person {{id: 'p-well-supported'}})<-[r:{SUPPORT}]-(m:Person)
        WHERE r.until IS NULL OR r.until > date()
        RETURN m.id AS id, m.roles AS roles, r.functions AS functions,
               r.strength AS strength, r.lastContact AS last
        """
    )
    assert len({r["id"] for r in rows}) >= 6
    categories = {next(role for role in ROLE_PRECEDENCE if role.value in r["roles"]) for r in rows}
    assert categories == set(Role)
    covering = Counter(f for r in rows for f in set(r["functions"]))
    assert set(covering) == {f.value for f in SupportFunction}
    assert min(covering.values()) >= 2  # no single point of failure
    recent = dt.date.today() - dt.timedelta(days=30)
    assert all(r["strength"] >= 0.7 and r["last"] >= recent for r in rows)


async def test_seeding_again_changes_nothing(db: Database) -> None:
    first = await seed(db, 300, 11)
    before = await db.read_one(GRAPH_COUNTS)
    assert await seed(db, 300, 11) == first
    assert await db.read_one(GRAPH_COUNTS) == before
