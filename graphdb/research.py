"""The research projection: the whole graph read once into compact arrays, for the
in-process graph library (docs/research.md), and the reads the exports stream.

People are read in pages of ``PAGE`` in id order (the id index gives them in order, so no
page sorts), each with their active outgoing ties of every kind in the same statement; a
page is turned into arrays before the next is read, so the driver never holds more than a
page of rows. Ended ties are not read (SPEC §3: only active ties are measured), so the
projection is only good for the day it was read: the version it carries
(``graphdb.graph_version``) includes the date.

Values stay as stored: tie functions as a bit mask of what the tie lists (0: unset or
empty, whose defaults are the resolvers' rule), strength unset as NaN.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, LiteralString

import numpy as np
import numpy.typing as npt

from graphdb import graph_version
from graphdb.cypher import TIE_TYPES, active, people_filter
from graphdb.driver import Database, Row
from graphdb.model import Level, PeopleFilter, Role, SupportFunction, TieKind

PAGE = 5_000

ROLES: tuple[Role, ...] = tuple(Role)
KINDS: tuple[TieKind, ...] = tuple(TieKind)
FUNCTIONS: tuple[SupportFunction, ...] = tuple(SupportFunction)
LEVELS: tuple[Level, ...] = tuple(Level)
_KIND = {k.value: i for i, k in enumerate(KINDS)}
_FUNCTION_BIT = {f.value: 1 << i for i, f in enumerate(FUNCTIONS)}
_ROLE_BIT = {r.value: 1 << i for i, r in enumerate(ROLES)}
_LEVEL = {lv.value: i for i, lv in enumerate(LEVELS)}

# Everything an analysis reads of a person, and their active ties out, in one statement.
PEOPLE_PAGE: LiteralString = (
    "MATCH (p:Person) WHERE p.id > $after WITH p ORDER BY p.id LIMIT $n "
    "RETURN p.id AS id, p.roles AS roles, p.department AS department, "
    "p.classYear AS classYear, p.level AS level, p.openDoor AS openDoor, "
    "p.capacity AS capacity, p.servesLevels AS servesLevels, "
    "p.supportScore AS score, p.supportThin AS thin, "
    "COLLECT { MATCH (p)-[:EXPERT_IN]->(t:Topic) RETURN t.name } AS expertise, "
    "COLLECT { MATCH (p)-[:MEMBER_OF]->(g:Group) RETURN g.id } AS groups, "
    # Programs (SPEC §8) as docs/research.md assumes them: (:Person)-[:ENROLLED_IN
    # {side}]->(:Program {id, name}); none yet is an empty list.
    "COLLECT { MATCH (p)-[e:ENROLLED_IN]->(g:Program) RETURN [g.id, e.side] } AS programs, "
    "COLLECT { MATCH (p)-[r:" + TIE_TYPES + "]->(b:Person) WHERE " + active() + " "
    "RETURN [b.id, type(r), r.strength, r.functions, r.formal] } AS ties"
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

    def person(self, r: Row) -> None:
        i = len(self.ids)
        self.ids.append(r["id"])
        self.roles.append(sum(_ROLE_BIT.get(x, 0) for x in r["roles"] or ()))
        self.department.append(r["department"])
        self.class_year.append(r["classYear"])
        self.level.append(_LEVEL.get(r["level"] or "", -1))
        self.serves.append(sum(1 << _LEVEL[x] for x in r["servesLevels"] or () if x in _LEVEL))
        self.open_door.append(bool(r["openDoor"]))
        self.capacity.append(-1 if r["capacity"] is None else int(r["capacity"]))
        self.score.append(np.nan if r["score"] is None else float(r["score"]))
        self.thin.append(-1 if r["thin"] is None else int(bool(r["thin"])))
        for topic in r["expertise"]:
            self.expertise.setdefault(topic, array("i")).append(i)
        for gid in r["groups"]:
            self.member_of.append(i)
            self.groups.append(gid)
        for pid, side in r["programs"]:
            self.enrolled.append(i)
            self.programs.append(pid)
            self.sides.append(side)
        for to, kind, strength, functions, formal in r["ties"]:
            self.src.append(i)
            self.dst_ids.append(to)
            self.kind.append(_KIND[kind])
            self.strength.append(np.nan if strength is None else float(strength))
            self.functions.append(sum(_FUNCTION_BIT.get(f, 0) for f in functions or ()))
            self.formal.append(bool(formal))

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


async def load_projection(
    db: Database, version: Version, progress: Progress | None = None
) -> Projection:
    """Stream the graph into a ``Projection`` labelled with ``version``, read before the
    first page: a write during the reads makes the next check see a newer version, so a
    projection is never trusted past a change it may have missed."""
    builder = _Builder()
    total = int((await db.read("MATCH (p:Person) RETURN count(p) AS n"))[0]["n"])
    after = ""
    while rows := await db.read(PEOPLE_PAGE, {"after": after, "n": PAGE}, timeout=300):
        for r in rows:
            builder.person(r)
        after = rows[-1]["id"]
        if progress is not None:
            progress("projection", len(builder.ids), max(total, len(builder.ids)))
    groups = {r["id"]: r["name"] for r in await db.read(GROUP_NAMES, timeout=300)}
    programs = {r["id"]: r["name"] for r in await db.read(PROGRAM_NAMES, timeout=300)}
    return builder.build(version, groups, programs)
