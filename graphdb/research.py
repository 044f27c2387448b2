"""The research projection: the whole graph read once into compact arrays, for the
in-process graph libraries (docs/research.md).

People are read in pages by id range (the id index seeks each range; a page holds up to
``PAGE`` people and about ``PAGE_RELATIONSHIPS`` relationships, cut from each person's
degree), each with their active outgoing ties of every kind in the same statement; a page
is turned into arrays before more are read, so the driver never holds more than
``IN_FLIGHT`` pages.
Ended ties are not read (SPEC §3: only active ties are measured), so the projection is
only good for the day it was read: the version it carries (``graphdb.graph_version``)
includes the date.

Values stay as stored: tie functions as a bit mask of what the tie lists (0: unset or
empty, whose defaults are the resolvers' rule), strength unset as NaN.
"""

from __future__ import annotations

import asyncio
from array import array
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, LiteralString

import numpy as np
import numpy.typing as npt

from graphdb import graph_version
from graphdb.cypher import ENROLMENT_TYPES, TIE_TYPES, active, people_filter
from graphdb.driver import Database, Row
from graphdb.model import Level, PeopleFilter, Role, SupportFunction, TieKind

PAGE = 10_000
PAGE_RELATIONSHIPS = 50_000
"""A page ends at ``PAGE`` people or once its people have this many relationships out:
Neo4j's time on a page follows its relationships, and a page of hubs (faculty come first
in id order in the demo university) would otherwise take five times the others."""
IN_FLIGHT = 3

ROLES: tuple[Role, ...] = tuple(Role)
KINDS: tuple[TieKind, ...] = tuple(TieKind)
FUNCTIONS: tuple[SupportFunction, ...] = tuple(SupportFunction)
LEVELS: tuple[Level, ...] = tuple(Level)
_KIND = {k.value: i for i, k in enumerate(KINDS)}
_FUNCTION_BIT = {f.value: 1 << i for i, f in enumerate(FUNCTIONS)}
_ROLE_BIT = {r.value: 1 << i for i, r in enumerate(ROLES)}
_LEVEL = {lv.value: i for i, lv in enumerate(LEVELS)}

# Everything an analysis reads of a page of people and their active ties out, as ONE
# record of parallel lists: the driver spends ~100 µs on each record it decodes but next to
# nothing per item of a list, so a record per person (or per tie) would cost minutes at
# 100,000 people. ``collect`` drops nulls, so every collected value is one that is never
# null (or is made so: strength -1 for unset).
_IS_TIE: LiteralString = (
    "NOT t IN ['MEMBER_OF', 'EXPERT_IN', 'MENTOR_IN', 'MENTEE_IN'] AND " + active()
)
_ENROLLED: LiteralString = "t IN ['MENTOR_IN', 'MENTEE_IN']"


def _when(test: LiteralString, value: LiteralString, name: LiteralString) -> LiteralString:
    return "collect(CASE WHEN " + test + " THEN " + value + " END) AS " + name


# A page of people — every field an analysis reads, their active ties out, memberships,
# expertise and program enrolments — as ONE record of parallel lists: the driver spends
# ~100 µs on each record it decodes but next to nothing per list item, so a record per
# person (or per tie) would take minutes at 100,000 people. One expansion of each person's
# relationships feeds every list; ``collect`` drops nulls, so each list takes its rows by a
# CASE (the same test across one list family, keeping them aligned) and every value in it
# is never null (strength -1 when unset).
# Program enrolments (SPEC §8) are one relationship type per side (graphdb.cypher
# ENROLMENT_TYPE): (:Person)-[:MENTOR_IN|MENTEE_IN]->(:Program {id, name}).
PEOPLE_PAGE: LiteralString = (
    "MATCH (p:Person) WHERE p.id >= $low AND p.id <= $high WITH p ORDER BY p.id "
    "WITH collect(p) AS page "
    "CALL (page) { UNWIND range(0, size(page) - 1) AS i WITH i, page[i] AS p "
    "OPTIONAL MATCH (p)-[r:" + TIE_TYPES + "|MEMBER_OF|EXPERT_IN|" + ENROLMENT_TYPES + "]->(x) "
    "WITH i, r, x, type(r) AS t WITH i, r, x, t, r IS NOT NULL AND " + _IS_TIE + " AS tie "
    "RETURN "
    + _when("tie", "i", "src")
    + ", "
    + _when("tie", "x.id", "dst")
    + ", "
    + _when("tie", "t", "kind")
    + ", "
    + _when("tie", "coalesce(r.strength, -1.0)", "strength")
    + ", "
    + _when("tie", "coalesce(r.functions, [])", "functions")
    + ", "
    + _when("tie", "coalesce(r.formal, false)", "formal")
    + ", "
    + _when("t = 'MEMBER_OF'", "i", "memberOf")
    + ", "
    + _when("t = 'MEMBER_OF'", "x.id", "groups")
    + ", "
    + _when("t = 'EXPERT_IN'", "i", "expertOf")
    + ", "
    + _when("t = 'EXPERT_IN'", "x.name", "topics")
    + ", "
    + _when(_ENROLLED, "i", "enrolled")
    + ", "
    + _when(_ENROLLED, "x.id", "programs")
    + ", "
    + _when(_ENROLLED, "CASE t WHEN 'MENTOR_IN' THEN 'MENTOR' ELSE 'MENTEE' END", "sides")
    + " } "
    "RETURN [p IN page | p.id] AS ids, [p IN page | p.roles] AS roles, "
    "[p IN page | p.department] AS department, [p IN page | p.classYear] AS classYear, "
    "[p IN page | p.level] AS level, [p IN page | p.openDoor] AS openDoor, "
    "[p IN page | p.capacity] AS capacity, [p IN page | p.servesLevels] AS servesLevels, "
    "[p IN page | p.supportScore] AS score, [p IN page | p.supportThin] AS thin, "
    "src, dst, kind, strength, functions, formal, memberOf, groups, expertOf, topics, "
    "enrolled, programs, sides"
)
# Every id in order with its relationships out (the degree is the count store's, not a walk).
EVERY_ID: LiteralString = (
    "MATCH (p:Person) WITH p ORDER BY p.id "
    "RETURN collect(p.id) AS ids, collect(COUNT { (p)-->() }) AS degrees"
)
GROUP_NAMES: LiteralString = "MATCH (g:Group) RETURN g.id AS id, g.name AS name"
PROGRAM_NAMES: LiteralString = "MATCH (g:Program) RETURN g.id AS id, g.name AS name"


def selected_query(flt: PeopleFilter) -> tuple[LiteralString, dict[str, Any]]:
    """The ids of the people a filter selects (the same predicate as every list's)."""
    predicate, params = people_filter(flt)
    return "MATCH (p:Person) WHERE " + predicate + " RETURN p.id AS id", params


@dataclass(frozen=True, slots=True)
class Version:
    epoch: str
    n: int
    today: str


async def read_version(db: Database) -> Version:
    row = await db.read_one(graph_version.READ)
    assert row is not None  # an OPTIONAL MATCH always answers
    return Version(str(row["epoch"]), int(row["n"]), str(row["today"]))


async def selected_ids(db: Database, flt: PeopleFilter) -> list[str]:
    query, params = selected_query(flt)
    return [r["id"] for r in await db.read(query, params, timeout=300)]


Ints = npt.NDArray[np.int32]


@dataclass
class Projection:
    """The graph as arrays; person ``i`` is ``ids[i]`` (in id order), tie ``t`` goes from
    ``src[t]`` to ``dst[t]``."""

    version: Version
    ids: list[str]
    roles: npt.NDArray[np.uint8]  # bit i: ROLES[i]
    department: list[str | None]
    class_year: list[int | None]
    level: npt.NDArray[np.int8]  # index into LEVELS, -1 unset
    serves: npt.NDArray[np.uint8]  # bit i: LEVELS[i]; 0 = any level
    open_door: npt.NDArray[np.bool_]
    capacity: npt.NDArray[np.int32]  # -1: no cap
    score: npt.NDArray[np.float64]  # stored support score, NaN when not scored
    thin: npt.NDArray[np.int8]  # stored thinness, -1 when not scored
    expertise: dict[str, Ints]  # topic -> people
    memberships: tuple[Ints, list[str]]  # (person, group id) pairs
    enrolments: tuple[Ints, list[str], list[str | None]]  # (person, program id, side)
    group_names: dict[str, str]
    program_names: dict[str, str]
    src: Ints
    dst: Ints
    kind: npt.NDArray[np.int8]  # index into KINDS
    strength: npt.NDArray[np.float64]  # NaN: unset
    functions: npt.NDArray[np.uint8]  # bit i: FUNCTIONS[i]; 0: unset or empty
    formal: npt.NDArray[np.bool_]
    index: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.index = {pid: i for i, pid in enumerate(self.ids)}

    @property
    def n(self) -> int:
        return len(self.ids)

    def nbytes(self) -> int:
        """The arrays' size (the id strings and lists come on top)."""
        arrays: list[npt.NDArray[Any]] = [self.roles, self.level, self.serves, self.open_door]
        arrays += [self.capacity, self.score, self.thin, self.src, self.dst, self.kind]
        arrays += [self.strength, self.functions, self.formal]
        return sum(int(a.nbytes) for a in arrays)


class _Builder:
    """Arrays grown a page at a time (``array`` keeps machine values, not Python objects)."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.roles, self.level, self.serves = array("B"), array("b"), array("B")
        self.open_door, self.capacity = array("B"), array("i")
        self.score, self.thin = array("d"), array("b")
        self.department: list[str | None] = []
        self.class_year: list[int | None] = []
        self.expertise: dict[str, array[int]] = {}
        self.member_of, self.groups = array("i"), list[str]()
        self.enrolled, self.programs, self.sides = array("i"), list[str](), list[str | None]()
        # Ties by their source's position and their target's id (resolved at the end,
        # when every id has a position).
        self.src, self.dst_ids = array("i"), list[str]()
        self.kind, self.functions, self.formal = array("b"), array("B"), array("B")
        self.strength = array("d")

    def page(self, r: Row) -> None:
        base = len(self.ids)
        self.ids.extend(r["ids"])
        self.roles.extend(sum(_ROLE_BIT.get(x, 0) for x in rs or ()) for rs in r["roles"])
        self.department.extend(r["department"])
        self.class_year.extend(r["classYear"])
        self.level.extend(_LEVEL.get(x or "", -1) for x in r["level"])
        self.serves.extend(
            sum(1 << _LEVEL[x] for x in levels or () if x in _LEVEL) for levels in r["servesLevels"]
        )
        self.open_door.extend(bool(x) for x in r["openDoor"])
        self.capacity.extend(-1 if x is None else int(x) for x in r["capacity"])
        self.score.extend(np.nan if x is None else float(x) for x in r["score"])
        self.thin.extend(-1 if x is None else int(bool(x)) for x in r["thin"])
        for i, topic in zip(r["expertOf"], r["topics"], strict=True):
            self.expertise.setdefault(topic, array("i")).append(base + i)
        self.member_of.extend(base + i for i in r["memberOf"])
        self.groups.extend(r["groups"])
        self.enrolled.extend(base + i for i in r["enrolled"])
        self.programs.extend(r["programs"])
        self.sides.extend(x or None for x in r["sides"])
        self.src.extend(base + i for i in r["src"])
        self.dst_ids.extend(r["dst"])
        self.kind.extend(_KIND[k] for k in r["kind"])
        self.strength.extend(np.nan if x < 0 else float(x) for x in r["strength"])
        self.functions.extend(sum(_FUNCTION_BIT.get(f, 0) for f in fs) for fs in r["functions"])
        self.formal.extend(bool(x) for x in r["formal"])

    def build(
        self, version: Version, groups: dict[str, str], programs: dict[str, str]
    ) -> Projection:
        index = {pid: i for i, pid in enumerate(self.ids)}
        # A person created between two pages may be a tie's end without a position: the
        # version read before the pages is older than that write, so the next check
        # reloads; until then the tie is left out rather than guessed.
        dst = np.fromiter((index.get(d, -1) for d in self.dst_ids), np.int32, len(self.dst_ids))
        self.dst_ids.clear()
        known = dst >= 0

        def arr(a: array[Any], dtype: Any, keep: Any = None) -> Any:
            values = np.frombuffer(a, dtype=a.typecode).astype(dtype)
            return values if keep is None else values[keep]

        return Projection(
            version=version,
            ids=self.ids,
            roles=arr(self.roles, np.uint8),
            department=self.department,
            class_year=self.class_year,
            level=arr(self.level, np.int8),
            serves=arr(self.serves, np.uint8),
            open_door=arr(self.open_door, np.bool_),
            capacity=arr(self.capacity, np.int32),
            score=arr(self.score, np.float64),
            thin=arr(self.thin, np.int8),
            expertise={t: arr(v, np.int32) for t, v in self.expertise.items()},
            memberships=(arr(self.member_of, np.int32), self.groups),
            enrolments=(arr(self.enrolled, np.int32), self.programs, self.sides),
            group_names=groups,
            program_names=programs,
            src=arr(self.src, np.int32, known),
            dst=dst[known],
            kind=arr(self.kind, np.int8, known),
            strength=arr(self.strength, np.float64, known),
            functions=arr(self.functions, np.uint8, known),
            formal=arr(self.formal, np.bool_, known),
        )


Progress = Callable[[str, int, int], None]


def pages(ids: list[str], degrees: list[int]) -> list[tuple[str, str]]:
    """Id ranges of at most ``PAGE`` people and, unless one person alone has more, at most
    ``PAGE_RELATIONSHIPS`` relationships out."""
    bounds: list[tuple[str, str]] = []
    start, people, relationships = 0, 0, 0
    for i, degree in enumerate(degrees):
        if people and (people == PAGE or relationships + degree > PAGE_RELATIONSHIPS):
            bounds.append((ids[start], ids[i - 1]))
            start, people, relationships = i, 0, 0
        people += 1
        relationships += degree
    if people:
        bounds.append((ids[start], ids[-1]))
    return bounds


async def load_projection(
    db: Database, version: Version, progress: Progress | None = None
) -> Projection:
    """Stream the graph into a ``Projection`` labelled with ``version``, read before the
    first page: a write during the reads makes the next check see a newer version, so a
    projection is never trusted past a change it may have missed."""
    builder = _Builder()
    row = (await db.read(EVERY_ID, timeout=300))[0]
    bounds = pages(row["ids"], row["degrees"])
    total = len(row["ids"])
    del row

    def read(low: str, high: str) -> asyncio.Future[list[Row]]:
        return asyncio.ensure_future(db.read(PEOPLE_PAGE, {"low": low, "high": high}, timeout=300))

    # A window of IN_FLIGHT reads: Neo4j reads the next pages while this process decodes
    # one. Pages are added in order, so people keep their id order.
    window = deque(read(*b) for b in bounds[:IN_FLIGHT])
    following = iter(bounds[IN_FLIGHT:])
    try:
        while window:
            rows = await window.popleft()
            nxt = next(following, None)
            if nxt is not None:
                window.append(read(*nxt))
            builder.page(rows[0])
            if progress is not None:
                progress("projection", len(builder.ids), total)
    finally:
        for pending in window:
            pending.cancel()
    groups = {r["id"]: r["name"] for r in await db.read(GROUP_NAMES, timeout=300)}
    programs = {r["id"]: r["name"] for r in await db.read(PROGRAM_NAMES, timeout=300)}
    return builder.build(version, groups, programs)
