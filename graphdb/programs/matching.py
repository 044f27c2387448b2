"""What the matcher (resolvers.programs.matching) reads of a program, in four statements.

- the program (its topics and status);
- its unmatched mentees: enrolled as mentees, with no active formal MENTORS tie of the
  program yet; with their level, interests, groups, thinness and current mentors;
- its mentors: enrolled as mentors, with their door, capacity, load (SPEC §4), places in
  the program and the program's load, expertise, levels served and groups;
- everyone's active ties, each with its warmth, and the hub factor of the people who
  stand between a mentee and a mentor: the matcher joins them into hops and path warmth
  for every pair within two hops in memory (a batched neighbourhood read instead of a
  path search per pair).

Warmth and hub factors are the mentor-path search's own Cypher (``graphdb.mentors``) with
its constants (``resolvers.mentors.Scoring.path_params``): a pair is as warm here as the
same path would be in ``mentorPaths``.
"""

from __future__ import annotations

from typing import Any, LiteralString

from graphdb.cypher import TIE_TYPES, active, load
from graphdb.driver import Row, Runner
from graphdb.mentors.warmth import degree, hub, warmth_of

PROGRAM: LiteralString = """
MATCH (pr:Program {id: $programId})
RETURN pr.id AS id, pr.name AS name, pr.status AS status,
       COLLECT { MATCH (pr)-[:ABOUT]->(t:Topic) RETURN t.name ORDER BY t.name } AS topics
"""

MENTEES: LiteralString = (
    """
MATCH (pr:Program {id: $programId})<-[:MENTEE_IN]-(s:Person)
WHERE NOT EXISTS { MATCH (s)<-[t:MENTORS]-(:Person) WHERE """
    + active("t")
    + """ AND t.programId = pr.id }
RETURN s.id AS id, s.name AS name, s.level AS level,
       coalesce(s.supportThin, false) AS thin,
       COLLECT { MATCH (s)-[:INTERESTED_IN]->(t:Topic) RETURN t.name } AS interests,
       COLLECT { MATCH (s)-[:MEMBER_OF]->(g:Group) RETURN g.id } AS groups,
       COLLECT { MATCH (s)<-[t:MENTORS]-(x:Person) WHERE """
    + active("t")
    + """ RETURN x.id } AS mentors
ORDER BY id
"""
)

MENTORS: LiteralString = (
    """
MATCH (pr:Program {id: $programId})<-[e:MENTOR_IN]-(m:Person)
RETURN m.id AS id, m.name AS name, coalesce(m.openDoor, false) AS openDoor,
       m.capacity AS capacity, """
    + load("m")
    + """ AS load,
       coalesce(e.capacity, pr.defaultCapacity) AS programCap,
       COUNT { MATCH (m)-[t:MENTORS]->(:Person) WHERE """
    + active("t")
    + """ AND t.programId = pr.id } AS programLoad,
       COLLECT { MATCH (m)-[:EXPERT_IN]->(t:Topic) RETURN t.name } AS expertise,
       coalesce(m.servesLevels, []) AS servesLevels,
       COLLECT { MATCH (m)-[:MEMBER_OF]->(g:Group) RETURN g.id } AS groups
ORDER BY id
"""
)

# Several ties between two people are one step, as warm as the warmest of them.
NEIGHBOURS: LiteralString = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN pid AS id, COLLECT { "
    "MATCH (p)-[r:"
    + TIE_TYPES
    + "]-(x:Person) WHERE "
    + active("r")
    + " WITH x, max("
    + warmth_of("r.strength", "r.lastContact")
    + ") AS w RETURN [x.id, w] } AS ties"
)

# The hub factor of the people who stand between a mentee and a mentor: counted for them
# only (a degree count over every neighbour was two thirds of the matcher's reading time).
HUBS: LiteralString = (
    "UNWIND $ids AS xid MATCH (x:Person {id: xid}) RETURN xid AS id, "
    + hub(degree("x"))
    + " AS hub"
)

NAMES: LiteralString = (
    "UNWIND $ids AS pid MATCH (p:Person {id: pid}) RETURN p.id AS id, p.name AS name"
)

GROUPS: LiteralString = (
    "UNWIND $ids AS gid MATCH (g:Group {id: gid}) RETURN g {.id, .name, .kind} AS g"
)


async def program(runner: Runner, program_id: str) -> Row | None:
    rows = await runner.read(PROGRAM, {"programId": program_id})
    return rows[0] if rows else None


async def mentees(runner: Runner, program_id: str) -> list[Row]:
    return await runner.read(MENTEES, {"programId": program_id})


async def mentors(runner: Runner, program_id: str) -> list[Row]:
    return await runner.read(MENTORS, {"programId": program_id})


async def neighbours(
    runner: Runner, ids: list[str], path_params: dict[str, Any]
) -> dict[str, list[tuple[str, float]]]:
    """Each person's active ties: (the other person, the warmth of their warmest tie)."""
    rows = await runner.read(NEIGHBOURS, {"ids": ids, **path_params})
    return {r["id"]: [(t[0], float(t[1])) for t in r["ties"]] for r in rows}


async def hubs(runner: Runner, ids: list[str], path_params: dict[str, Any]) -> dict[str, float]:
    """The hub factor of each of these people (1 up to the hub degree)."""
    rows = await runner.read(HUBS, {"ids": ids, **path_params})
    return {r["id"]: float(r["hub"]) for r in rows}


async def names(
    runner: Runner, person_ids: list[str], group_ids: list[str]
) -> tuple[dict[str, str], dict[str, Row]]:
    """Names of these people, and these groups ({id, name, kind}), by id (for reasons)."""
    people = {r["id"]: r["name"] for r in await runner.read(NAMES, {"ids": person_ids})}
    groups = {r["g"]["id"]: r["g"] for r in await runner.read(GROUPS, {"ids": group_ids})}
    return people, groups
