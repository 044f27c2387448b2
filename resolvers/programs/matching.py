"""``proposeMatches``: the program's unmatched mentees assigned to its mentors so that the
total score is as high as possible, every capacity kept (SPEC §8).

The score of a pair (docs/programs.md, "Matching"; weights in ``settings.MatchWeights``)::

    score = 100 × (base + (1 − base) × (0.40 topic + 0.15 level + 0.30 network + 0.15 groups))
            × 1.5 when the mentee's support is thin

- topic: the share of what the mentee wants (their interests among the program's topics,
  else the program's topics, else their interests) that the mentor is expert in;
- level: 1 when the mentor lists the mentee's level, 0.5 when they serve any; a mentor
  who serves other levels only is not eligible (SPEC §4's suitable mentor);
- network: closeness (1 direct, 0.5 through one person, 0 further) × (0.5 + 0.5 warmth),
  warmth being the mentor-path search's warmth of the warmest such path;
- groups: groups both belong to, full at two.

Each mentor's places in the program cost 2 points each after the first (at most 18), so
the load spreads; a mentor offers their free places overall (SPEC §4) and in the program
(their enrolment's, else the program's default), whichever is fewer, and none with a
closed door. The assignment is exact (resolvers.programs.assign).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from graphdb.driver import Database, Row
from graphdb.errors import NotFound
from graphdb.programs import matching as graph
from resolvers.mentors import DEFAULT_SCORING
from resolvers.programs.assign import Problem, optimal
from resolvers.programs.settings import MatchWeights, ProgramSettings
from resolvers.programs.words import group_reasons, join_and, levels_words
from resolvers.support.score_table import refresh_scores

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Proposal:
    mentee_id: str
    mentor_id: str
    score: float
    reasons: list[str]


@dataclass(frozen=True, slots=True)
class Candidates:
    """Every eligible pair of a program, scored: what the optimiser solves (``problem``)
    and what the reasons of a chosen pair are read from."""

    mentees: list[Row]
    mentors: list[Row]  # those with a free place, in the problem's order
    problem: Problem
    wanted: list[set[str]]
    topic: Floats
    level: Floats
    network: Floats
    groups: Floats
    hops: npt.NDArray[np.int8]
    via: dict[tuple[int, int], str]  # the person between them, for pairs two hops apart
    warmth: Floats


def free_places(mentor: Row, most: int) -> int:
    """A mentor's free places: overall (capacity − load) and in the program (places −
    program load), whichever is fewer; none with a closed door; ``most`` when uncapped."""
    if not mentor["openDoor"]:
        return 0
    caps = [most]
    if mentor["capacity"] is not None:
        caps.append(mentor["capacity"] - mentor["load"])
    if mentor["programCap"] is not None:
        caps.append(mentor["programCap"] - mentor["programLoad"])
    return max(0, min(caps))


def _wanted(mentee: Row, program_topics: set[str]) -> set[str]:
    interests = set(mentee["interests"])
    return (interests & program_topics) or program_topics or interests


async def candidates(db: Database, program_id: str, settings: ProgramSettings) -> Candidates:
    w = settings.weights
    program = await graph.program(db, program_id)
    if program is None:
        raise NotFound(f"no program with id {program_id!r}", field="programId")
    await refresh_scores(db)  # thinness weighs in: read it as the graph is now
    mentees = await graph.mentees(db, program_id)
    n = len(mentees)
    mentors = [m for m in await graph.mentors(db, program_id) if free_places(m, n) > 0]
    wanted = [_wanted(s, set(program["topics"])) for s in mentees]
    topic = _topic(mentees, mentors, wanted, w)
    level, eligible = _levels(mentees, mentors, w)
    groups = _shared_groups(mentees, mentors, w)
    ids = [s["id"] for s in mentees] + [m["id"] for m in mentors]
    near = await graph.neighbours(db, ids, DEFAULT_SCORING.path_params())
    between = {x for s in mentees for x, _ in near.get(s["id"], [])} & {
        x for m in mentors for x, _ in near.get(m["id"], [])
    }
    hub = await graph.hubs(db, sorted(between), DEFAULT_SCORING.path_params())
    hops, warmth, via = _warmth(mentees, mentors, near, hub)
    closeness = np.select([hops == 1, hops == 2], list(w.closeness), 0.0)
    network = closeness * (0.5 + 0.5 * warmth)
    index = {m["id"]: j for j, m in enumerate(mentors)}
    for i, s in enumerate(mentees):
        for mid in [*s["mentors"], s["id"]]:  # already their mentor; themself
            if mid in index:
                eligible[i, index[mid]] = False
    fit = w.topic * topic + w.level * level + w.network * network + w.groups * groups
    thin = np.array([w.thin if s["thin"] else 1.0 for s in mentees]).reshape(n, 1)
    score = np.round(100.0 * (w.base + (1.0 - w.base) * fit) * thin, 2)
    ii, jj = np.nonzero(eligible)
    costs = tuple(
        tuple(100 * w.place_cost(m["programLoad"] + k) for k in range(free_places(m, n)))
        for m in mentors
    )
    value = np.rint(score[ii, jj] * 100).astype(np.int64)
    problem = Problem(n, ii.astype(np.int64), jj.astype(np.int64), value, costs)
    return Candidates(
        mentees, mentors, problem, wanted, topic, level, network, groups, hops, via, warmth
    )


def _topic(
    mentees: list[Row], mentors: list[Row], wanted: list[set[str]], w: MatchWeights
) -> Floats:
    vocabulary = {t: k for k, t in enumerate(sorted(set().union(*wanted)))}
    want = np.zeros((len(mentees), len(vocabulary)), dtype=np.float32)
    know = np.zeros((len(mentors), len(vocabulary)), dtype=np.float32)
    for i, topics in enumerate(wanted):
        want[i, [vocabulary[t] for t in topics]] = 1.0
    for j, m in enumerate(mentors):
        know[j, [vocabulary[t] for t in m["expertise"] if t in vocabulary]] = 1.0
    count = want.sum(axis=1, keepdims=True)
    covered = (want @ know.T).astype(np.float64)
    return np.where(count > 0, covered / np.maximum(count, 1.0), w.neutral)


def _levels(
    mentees: list[Row], mentors: list[Row], w: MatchWeights
) -> tuple[Floats, npt.NDArray[np.bool_]]:
    shape = (len(mentees), len(mentors))
    level, eligible = np.full(shape, w.neutral), np.ones(shape, dtype=bool)
    by_level: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(mentees):
        if s["level"]:
            by_level[s["level"]].append(i)
    for j, m in enumerate(mentors):
        if not m["servesLevels"]:
            continue  # serves any level
        for lv, rows in by_level.items():
            if lv in m["servesLevels"]:
                level[rows, j] = 1.0
            else:
                eligible[rows, j] = False
    return level, eligible


def _shared_groups(mentees: list[Row], mentors: list[Row], w: MatchWeights) -> Floats:
    shared = np.zeros((len(mentees), len(mentors)))
    members: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(mentees):
        for g in s["groups"]:
            members[g].append(i)
    for j, m in enumerate(mentors):
        for g in m["groups"]:
            if g in members:
                shared[members[g], j] += 1.0
    return np.minimum(shared, w.groups_full) / w.groups_full


def _warmth(
    mentees: list[Row],
    mentors: list[Row],
    near: dict[str, list[tuple[str, float]]],
    hub: dict[str, float],
) -> tuple[npt.NDArray[np.int8], Floats, dict[tuple[int, int], str]]:
    """Hops (1, 2, or 0 for further) and the warmth of the warmest path that short, as the
    mentor paths weigh it: the geometric mean of the ties' warmth and the hub factor of
    the person between. Joined in memory from each side's ties (meet in the middle)."""
    shape = (len(mentees), len(mentors))
    hops, warmth = np.zeros(shape, dtype=np.int8), np.zeros(shape)
    via: dict[tuple[int, int], str] = {}
    index = {m["id"]: j for j, m in enumerate(mentors)}
    beside: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for j, m in enumerate(mentors):
        for x, wx in near.get(m["id"], []):
            beside[x].append((j, wx))
    for i, s in enumerate(mentees):
        two: dict[int, tuple[float, str]] = {}
        for x, ws in near.get(s["id"], []):
            direct = index.get(x)
            if direct is not None:
                hops[i, direct], warmth[i, direct] = 1, ws
            for j2, wm in beside.get(x, []):
                if mentors[j2]["id"] == s["id"]:
                    continue
                w2 = math.sqrt(ws * wm * hub.get(x, 1.0))
                best = two.get(j2)
                # The warmest; between equals, the lower id (answers never depend on order).
                if best is None or w2 > best[0] or (w2 == best[0] and x < best[1]):
                    two[j2] = (w2, x)
        for j2, (w2, x) in two.items():
            if hops[i, j2] != 1:
                hops[i, j2], warmth[i, j2], via[(i, j2)] = 2, w2, x
    return hops, warmth, via


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


async def propose_matches(
    db: Database, program_id: str, settings: ProgramSettings
) -> list[Proposal]:
    """The optimal assignment, best pairs first, each with its score (its value less the
    cost of the mentor's place it takes) and the reasons that scored."""
    c = await candidates(db, program_id, settings)
    p, w = c.problem, settings.weights
    chosen = optimal(p)
    by_mentor: dict[int, list[int]] = defaultdict(list)
    for k in chosen:
        by_mentor[int(p.mentor[k])].append(k)
    pairs = [(int(p.mentee[k]), int(p.mentor[k])) for k in chosen]
    between = sorted({c.via[pair] for pair in pairs if pair in c.via})
    shared = sorted(
        {g for i, j in pairs for g in c.mentees[i]["groups"] if g in c.mentors[j]["groups"]}
    )
    people, groups = await graph.names(db, between, shared)
    out: list[Proposal] = []
    for j, ks in by_mentor.items():
        ks.sort(key=lambda k: (-int(p.value[k]), c.mentees[int(p.mentee[k])]["id"]))
        for place, k in enumerate(ks):
            i = int(p.mentee[k])
            cost = p.place_costs[j][place]
            reasons = _reasons(c, i, j, people, groups, w)
            at = c.mentors[j]["programLoad"] + place
            if cost:
                reasons.append(
                    f"their {_ordinal(at + 1)} mentee in this program: "
                    f"−{cost / 100:g} points, to spread the load"
                )
            score = (int(p.value[k]) - cost) / 100
            out.append(Proposal(c.mentees[i]["id"], c.mentors[j]["id"], score, reasons))
    out.sort(key=lambda x: (-x.score, x.mentee_id))
    return out


def _reasons(
    c: Candidates,
    i: int,
    j: int,
    people: dict[str, str],
    groups: dict[str, Row],
    w: MatchWeights,
) -> list[str]:
    s, m = c.mentees[i], c.mentors[j]
    out: list[str] = []
    covered = sorted(c.wanted[i] & set(m["expertise"]))
    if covered:
        out.append(f"expert in {join_and(covered)}")
    if c.level[i, j] == 1.0:
        out.append(f"mentors {levels_words(str(s['level']))}")
    if c.hops[i, j] == 1:
        out.append(f"already know each other (warmth {c.warmth[i, j]:.2f})")
    elif c.hops[i, j] == 2:
        name = people.get(c.via[(i, j)], "someone")
        out.append(f"one introduction away, through {name} (warmth {c.warmth[i, j]:.2f})")
    shared = sorted(set(s["groups"]) & set(m["groups"]))
    out += group_reasons([groups[g] for g in shared if g in groups])
    if s["thin"]:
        out.append(f"thin support: weighted up ×{w.thin:g}")
    if not out:
        out.append("serves their level and has a free place")
    return out
