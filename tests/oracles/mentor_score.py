"""A literal reading of docs/mentor-paths.md (and SPEC §4): who is a suitable mentor, how far,
along which path, with which score parts and score, in which order; and the introductions
between two people. Written from the document, not from the code under test.

It owns every rule and constant it uses: the tie kinds, "active", load, availability, topic
normalisation, the distance points, the weights, recency and the hub discount. It reads the
graph with the oracles' own Cypher (tests/oracles/stored.py) and today's date from the
database (``date()``, the day the database decides activity by), never from Python.

Arithmetic is exact where the document's is: tie warmths are fractions (strengths read as
the decimals they were written as). A hub discount is a fourth root, so warmths are
compared through their fourth powers, which are fractions too; only the figures reported
(warmth, points, score) are floats.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import networkx as nx

from graphdb.driver import Database
from tests.oracles.stored import Tie, read_ties, read_today

# SPEC §3: the person-person ties. MEMBER_OF, INTERESTED_IN and EXPERT_IN are not ties.
TIE_KINDS = (
    "ADVISES",
    "MENTORS",
    "COACHES",
    "TEACHES",
    "TUTORS",
    "PEER_SUPPORTS",
    "SUPERVISES",
    "KNOWS",
)
UNSET_STRENGTH = Fraction(1, 2)

# docs/mentor-paths.md, "Score".
DISTANCE_POINTS = {1: 75, 2: 50, 3: 25, 4: 0}
FIT_POINTS = 25
WEIGHTS = {
    "warmth": Fraction(30, 100),
    "topicFit": Fraction(30, 100),
    "headroom": Fraction(15, 100),
    "sharedGroups": Fraction(15, 100),
    "levelFit": Fraction(10, 100),
}
NOTHING_TO_FIT = Fraction(1, 2)
ANY_LEVEL = Fraction(1, 2)
GROUPS_FULL = 2
RECENCY_YEAR = 365
RECENCY_UNKNOWN = Fraction(1, 2)
HUB_DEGREE = 100

# The introductions' pool: the 60 shortest chains Neo4j is asked for.
INTRO_POOL = 60


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    roles: frozenset[str]
    level: str | None
    open_door: bool
    capacity: int | None
    serves: frozenset[str]
    expertise: frozenset[str]
    interests: tuple[str, ...]
    groups: frozenset[str]


@dataclass(frozen=True)
class Need:
    """SPEC §5 ``MentorNeed`` as given: topics as typed, roles by name."""

    topics: Sequence[str] = ()
    roles: Sequence[str] = ()
    require_available: bool = True


@dataclass(frozen=True)
class Graph:
    people: dict[str, Person]
    ties: list[Tie]
    topics: frozenset[str]  # the Topic nodes' names
    today: dt.date

    def active(self, t: Tie) -> bool:
        return t.until is None or t.until > self.today

    def undirected(self) -> nx.Graph:
        """Active ties in either direction; several between two people are one step."""
        g = nx.Graph()
        g.add_nodes_from(self.people)
        g.add_edges_from((t.frm, t.to) for t in self.ties if self.active(t))
        return g

    def degree(self, pid: str) -> int:
        """Ties of any kind, either direction, ended ones included (the hub count)."""
        return sum((t.frm == pid) + (t.to == pid) for t in self.ties)

    def load(self, pid: str) -> int:
        return sum(1 for t in self.ties if t.kind == "MENTORS" and t.frm == pid and self.active(t))

    def ties_between(self, a: str, b: str) -> list[Tie]:
        return [t for t in self.ties if {t.frm, t.to} == {a, b} and self.active(t)]


async def snapshot(db: Database) -> Graph:
    """The graph as stored, read with this oracle's own queries."""
    people = await db.read(
        "MATCH (p:Person) RETURN p.id AS id, p.name AS name, p.roles AS roles, "
        "p.level AS level, p.openDoor AS openDoor, p.capacity AS capacity, "
        "p.servesLevels AS serves, "
        "COLLECT { MATCH (p)-[:EXPERT_IN]->(t:Topic) RETURN t.name } AS expertise, "
        "COLLECT { MATCH (p)-[:INTERESTED_IN]->(t:Topic) RETURN DISTINCT t.name } AS interests, "
        "COLLECT { MATCH (p)-[:MEMBER_OF]->(g:Group) RETURN g.id } AS groups"
    )
    topics = await db.read("MATCH (t:Topic) RETURN t.name AS name")
    return Graph(
        {
            p["id"]: Person(
                p["id"],
                p["name"],
                frozenset(p["roles"] or ()),
                p["level"],
                p["openDoor"] is True,
                p["capacity"],
                frozenset(p["serves"] or ()),
                frozenset(normalise(e) for e in p["expertise"]),
                tuple(normalise(i) for i in p["interests"]),
                frozenset(p["groups"]),
            )
            for p in people
        },
        [t for t in await read_ties(db) if t.kind in TIE_KINDS],
        frozenset(normalise(t["name"]) for t in topics),
        await read_today(db),
    )


def normalise(topic: str) -> str:
    """Trimmed, lower-case, inner spaces collapsed."""
    return " ".join(topic.split()).lower()


def need_topics(need: Need | None) -> list[str]:
    """The need's topics, normalised, once each; blank ones name nothing."""
    out: list[str] = []
    for t in need.topics if need else ():
        if normalise(t) and normalise(t) not in out:
            out.append(normalise(t))
    return out


# ------------------------------------------------------------------- suitable mentor


def available(g: Graph, m: Person) -> bool:
    return m.open_door and (m.capacity is None or g.load(m.id) < m.capacity)


def suitable(g: Graph, s: Person, m: Person, need: Need | None) -> bool:
    need = need or Need()
    topics = set(need_topics(need))
    return (
        m.id != s.id
        and (not need.require_available or available(g, m))
        and (not topics or bool(topics & m.expertise))
        and (not need.roles or bool(set(need.roles) & m.roles))
        and (s.level is None or not m.serves or s.level in m.serves)
        and not any(
            t.kind == "MENTORS" and t.frm == m.id and t.to == s.id and g.active(t) for t in g.ties
        )
    )


# ------------------------------------------------------------------------- warmth


def tie_warmth(g: Graph, t: Tie) -> Fraction:
    """strength x recency; recency 1 / (1 + days since lastContact / 365), a contact dated
    in the future counting as today, and 1/2 when there is none."""
    strength = UNSET_STRENGTH if t.strength is None else Fraction(str(t.strength))
    if t.last_contact is None:
        return strength * RECENCY_UNKNOWN
    days = max(0, (g.today - t.last_contact).days)
    return strength / (1 + Fraction(days, RECENCY_YEAR))


def hub_discount4(g: Graph, pid: str) -> Fraction:
    """The fourth power of an intermediary's discount: (100 / ties) above 100 ties."""
    ties = g.degree(pid)
    return Fraction(1) if ties <= HUB_DEGREE else Fraction(HUB_DEGREE, ties)


def chain_warmth4(g: Graph, people: Sequence[str], ties: Sequence[Tie]) -> Fraction:
    """The fourth power of the product of tie warmths and intermediaries' discounts."""
    w4 = math.prod((tie_warmth(g, t) ** 4 for t in ties), start=Fraction(1))
    return w4 * math.prod((hub_discount4(g, p) for p in people[1:-1]), start=Fraction(1))


def _warmest_tie(g: Graph, a: str, b: str) -> Tie:
    return min(g.ties_between(a, b), key=lambda t: (-tie_warmth(g, t), t.id))


# ------------------------------------------------------------------------ matches


@dataclass(frozen=True)
class Match:
    mentor: str
    hops: int
    path: list[str]
    ties: list[str]
    parts: dict[str, float]  # values, distance in hops
    points: dict[str, float]
    total: float  # unrounded

    @property
    def score(self) -> float:
        return rounded(self.total)


def rounded(total: float) -> float:
    """Two decimals, halves up."""
    return float(Decimal(repr(total)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


Path = tuple[Fraction, list[str], list[Tie]]  # fourth power of the warmth, people, ties


def _warmest_paths(g: Graph, und: nx.Graph, s: str, dist: dict[str, int]) -> dict[str, Path]:
    """Each person's warmest shortest path from s. Equal warmth is decided at the far end:
    the lower id of the person before, then of the tie from them; that person's own path
    being chosen the same way."""
    best: dict[str, Path] = {s: (Fraction(1), [s], [])}
    for y in sorted(dist, key=lambda p: (dist[p], p)):
        options = []
        for f in und.neighbors(y):
            if dist.get(f) != dist[y] - 1:
                continue
            w4, people, ties = best[f]
            hub = hub_discount4(g, f) if f != s else Fraction(1)
            for t in g.ties_between(f, y):
                w = w4 * hub * tie_warmth(g, t) ** 4
                options.append((-w, f, t.id, (w, [*people, y], [*ties, t])))
        if options:
            best[y] = min(options, key=lambda o: o[:3])[3]
    return best


def _parts(
    g: Graph, s: Person, m: Person, hops: int, w4: Fraction, fit: list[str]
) -> dict[str, float]:
    topic_fit = Fraction(len(set(fit) & m.expertise), len(fit)) if fit else NOTHING_TO_FIT
    if not m.open_door:
        headroom = Fraction(0)
    elif m.capacity is None:
        headroom = Fraction(1)
    else:
        free = m.capacity - g.load(m.id)
        headroom = Fraction(free, m.capacity) if m.capacity > 0 and free > 0 else Fraction(0)
    shared = len(s.groups & m.groups)
    return {
        "distance": hops,
        "warmth": math.pow(float(w4), 1 / (4 * hops)),
        "topicFit": float(topic_fit),
        "headroom": float(headroom),
        "sharedGroups": float(Fraction(min(shared, GROUPS_FULL), GROUPS_FULL)),
        "levelFit": 1.0 if s.level is not None and s.level in m.serves else float(ANY_LEVEL),
    }


def mentor_paths(g: Graph, student: str, need: Need | None, max_hops: int) -> list[Match]:
    """Every suitable mentor within max_hops, in the documented order: score (rounded)
    descending, then fewer hops, then mentor id."""
    s = g.people[student]
    und = g.undirected()
    fit = need_topics(need) or list(s.interests)
    dist = nx.single_source_shortest_path_length(und, student, cutoff=max_hops)
    paths = _warmest_paths(g, und, student, dist)
    out: list[Match] = []
    for pid, hops in dist.items():
        m = g.people[pid]
        if hops == 0 or not suitable(g, s, m, need):
            continue
        w4, people, ties = paths[pid]
        parts = _parts(g, s, m, hops, w4, fit)
        points = {"distance": float(DISTANCE_POINTS[hops])} | {
            k: float(FIT_POINTS * w) * parts[k] for k, w in WEIGHTS.items()
        }
        total = DISTANCE_POINTS[hops] + sum(
            float(FIT_POINTS * w) * parts[k] for k, w in WEIGHTS.items()
        )
        out.append(Match(pid, hops, people, [t.id for t in ties], parts, points, total))
    return sorted(out, key=lambda x: (-x.score, x.hops, x.mentor))


def unknown_topics(g: Graph, need: Need | None) -> list[str]:
    return [t for t in need_topics(need) if t not in g.topics]


# -------------------------------------------------------------------- introductions


@dataclass(frozen=True)
class Chain:
    path: list[str]
    ties: list[str]
    strength4: Fraction  # the fourth power of the strength

    @property
    def strength(self) -> float:
        return math.pow(float(self.strength4), 0.25)


def _trails(g: Graph, a: str, b: str, max_hops: int) -> Iterator[list[Tie]]:
    """Walks from a to b over active ties, no tie twice, at most max_hops long."""
    active = [t for t in g.ties if g.active(t)]

    def walk(at: str, used: list[Tie]) -> Iterator[list[Tie]]:
        if at == b and used:
            yield used
        if len(used) == max_hops:
            return
        for t in active:
            if t not in used and at in (t.frm, t.to):
                yield from walk(t.to if t.frm == at else t.frm, [*used, t])

    yield from walk(a, [])


def pool_is_whole(g: Graph, a: str, b: str, max_hops: int) -> bool:
    """Whether every chain fits in the pool, so the ranking below is the whole answer."""
    return (
        sum(1 for _ in itertools.islice(_trails(g, a, b, max_hops), INTRO_POOL + 1)) <= INTRO_POOL
    )


def introductions(g: Graph, a: str, b: str, max_hops: int, first: int) -> list[Chain]:
    """Chains of active ties from a to b, no one twice, at most max_hops long; of the ties
    between the same two people the strongest (then the lower id); strongest first, then
    fewer hops, then the tie ids."""
    chains = []
    for people in nx.all_simple_paths(g.undirected(), a, b, cutoff=max_hops):
        ties = [_warmest_tie(g, x, y) for x, y in itertools.pairwise(people)]
        chains.append(Chain(list(people), [t.id for t in ties], chain_warmth4(g, people, ties)))
    chains.sort(key=lambda c: (-c.strength4, len(c.ties), c.ties))
    return chains[:first]
