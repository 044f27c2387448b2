"""What an import or seed would change in a graph that already has data: the plan of the
online write path.

Every record is compared with what the graph holds under its identity (one index seek
each, in batches of ``DIFF_BATCH`` rows, each a read well inside the query timeout), and
only the records that are new or differ are written. Re-importing an unchanged folder
therefore reads the graph once and writes nothing, and the score table is told exactly
whose support changed:

- a new or changed support tie → the person it supports;
- a person whose name, roles or department changed → the people they support, and
  themself (``:ThinStudent`` follows roles);
- a new person → nothing (the table notices unscored people from its counts).

A tie kind the graph has none of is not compared at all: every row of it is new, and the
writer creates them without looking for them (``ALL``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, LiteralString

from graphdb.cypher import PERSON_FIELDS, per_kind
from graphdb.driver import Database
from graphdb.model import Dataset, MembershipRecord, PersonRecord, TieKind, TieRecord

DIFF_BATCH = 20_000
DIFF_IN_FLIGHT = 2

ALL: None = None
"""A plan entry that writes every record (nothing to compare against)."""


def _same(a: LiteralString, b: LiteralString) -> LiteralString:
    # Null-safe equality: equal values, or both unset.
    return "coalesce(" + a + " = " + b + ", " + a + " IS NULL AND " + b + " IS NULL)"


def _same_all(
    x: LiteralString, row: LiteralString, props: Sequence[LiteralString]
) -> LiteralString:
    out: LiteralString = "true"
    for p in props:
        out = out + " AND " + _same(x + "." + p, row + "." + p)
    return out


_TIE_PROPS: tuple[LiteralString, ...] = (
    "since",
    "until",
    "strength",
    "functions",
    "formal",
    "lastContact",
)


def _tie_diff(rel_type: LiteralString) -> LiteralString:
    return (
        "UNWIND $rows AS row "
        "OPTIONAL MATCH (a:Person)-[r:" + rel_type + " {id: row.id}]->(b:Person) "
        "WITH row, r, a, b WHERE r IS NULL OR a.id <> row.fromId OR b.id <> row.toId "
        "OR NOT (" + _same_all("r", "row", _TIE_PROPS) + ") "
        "RETURN row.i AS i, r IS NULL AS new, a.id AS fromId, b.id AS toId"
    )


TIE_DIFF: dict[TieKind, LiteralString] = per_kind(_tie_diff)


PEOPLE_DIFF: LiteralString = (
    "UNWIND $rows AS row OPTIONAL MATCH (p:Person {id: row.id}) "
    "WITH row, p WHERE p IS NULL OR NOT (" + _same_all("p", "row", PERSON_FIELDS) + " AND "
    "COLLECT { MATCH (p)-[:INTERESTED_IN]->(t:Topic) RETURN t.name ORDER BY t.name } "
    "= row.interests AND "
    "COLLECT { MATCH (p)-[:EXPERT_IN]->(t:Topic) RETURN t.name ORDER BY t.name } "
    "= row.expertise) "
    "RETURN row.i AS i, p IS NOT NULL AND NOT ("
    + _same_all("p", "row", ("name", "department"))
    + " AND p.roles = row.roles) AS supporterChanged"
)

MEMBERSHIPS_DIFF: LiteralString = (
    "UNWIND $rows AS row "
    "OPTIONAL MATCH (:Person {id: row.personId})-[m:MEMBER_OF]->(:Group {id: row.groupId}) "
    "WITH row, m WHERE m IS NULL OR NOT (" + _same_all("m", "row", ("role", "since")) + ") "
    "RETURN row.i AS i"
)

COUNT_PEOPLE: LiteralString = "MATCH (p:Person) RETURN count(p) AS n"
COUNT_MEMBERSHIPS: LiteralString = "MATCH ()-[m:MEMBER_OF]->() RETURN count(m) AS n"


def _count_ties(rel_type: LiteralString) -> LiteralString:
    return "MATCH ()-[r:" + rel_type + "]->() RETURN count(r) AS n"


COUNT_TIES: dict[TieKind, LiteralString] = per_kind(_count_ties)


@dataclass(slots=True)
class WritePlan:
    """Which records to write (indexes into the dataset's lists; ``ALL`` for every one),
    and whom the score table must re-score."""

    people: list[int] | None = ALL
    memberships: list[int] | None = ALL
    ties: dict[TieKind, list[int] | None] = field(default_factory=dict)
    supporters_changed: list[str] = field(default_factory=list)
    """People whose name, roles or department changed: they and whom they support."""

    def tie_indexes(self, dataset: Dataset) -> dict[TieKind, list[int]]:
        """Per kind, the indexes of the ties to write, in the dataset's order."""
        by_kind: dict[TieKind, list[int]] = {}
        for i, tie in enumerate(dataset.ties):
            by_kind.setdefault(tie.kind, []).append(i)
        out: dict[TieKind, list[int]] = {}
        for kind, indexes in by_kind.items():
            chosen = self.ties.get(kind, ALL)
            out[kind] = indexes if chosen is ALL else chosen
        return out

    def writes(self, dataset: Dataset) -> int:
        people = len(dataset.people if self.people is ALL else self.people)
        members = len(dataset.memberships if self.memberships is ALL else self.memberships)
        return people + members + sum(len(v) for v in self.tie_indexes(dataset).values())


Elsewhere = Callable[[int, str, str], None]
"""Told (tie index, from id, to id) of a tie whose id the graph gives to other people."""


def _person_row(i: int, p: PersonRecord) -> dict[str, Any]:
    row = p.to_params()
    row["i"] = i
    row["interests"] = sorted(p.interests)
    row["expertise"] = sorted(p.expertise)
    return row


def _membership_row(i: int, m: MembershipRecord) -> dict[str, Any]:
    row = m.to_params()
    row["i"] = i
    return row


def _tie_row(i: int, t: TieRecord) -> dict[str, Any]:
    row = t.to_params()
    row["i"] = i
    return row


async def _count(db: Database, query: LiteralString) -> int:
    row = await db.read_one(query)
    return int(row["n"]) if row else 0


async def plan_writes(
    db: Database,
    dataset: Dataset,
    *,
    elsewhere: Elsewhere | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    tie_kinds: Sequence[TieKind] | None = None,
) -> WritePlan:
    """Compare ``dataset`` with the graph; ``elsewhere`` hears of every tie whose id the
    graph already gives to a tie between other people (the writer could not move it)."""
    plan = WritePlan()
    total = len(dataset.people) + len(dataset.memberships) + len(dataset.ties)
    done = 0

    def report(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress("comparing with the graph", done, total)

    if dataset.people and await _count(db, COUNT_PEOPLE):
        plan.people = []
        for start in range(0, len(dataset.people), DIFF_BATCH):
            people = dataset.people[start : start + DIFF_BATCH]
            rows = [_person_row(start + k, p) for k, p in enumerate(people)]
            for r in await db.read(PEOPLE_DIFF, {"rows": rows}, timeout=600):
                plan.people.append(r["i"])
                if r["supporterChanged"]:
                    plan.supporters_changed.append(dataset.people[r["i"]].id)
            report(len(people))
    else:
        report(len(dataset.people))
    if dataset.memberships and await _count(db, COUNT_MEMBERSHIPS):
        plan.memberships = []
        for start in range(0, len(dataset.memberships), DIFF_BATCH):
            members = dataset.memberships[start : start + DIFF_BATCH]
            rows = [_membership_row(start + k, m) for k, m in enumerate(members)]
            found = await db.read(MEMBERSHIPS_DIFF, {"rows": rows}, timeout=600)
            plan.memberships += [r["i"] for r in found]
            report(len(members))
    else:
        report(len(dataset.memberships))
    for kind, indexes in WritePlan().tie_indexes(dataset).items():
        if tie_kinds is not None and kind not in tie_kinds:
            continue
        if not await _count(db, COUNT_TIES[kind]):
            report(len(indexes))
            continue  # ALL: nothing of this kind to compare with
        chosen: list[int] = []
        parts = [indexes[i : i + DIFF_BATCH] for i in range(0, len(indexes), DIFF_BATCH)]
        # Two reads in flight: Neo4j seeks one batch while Python encodes the next.
        for first in range(0, len(parts), DIFF_IN_FLIGHT):
            group = parts[first : first + DIFF_IN_FLIGHT]
            answers = await asyncio.gather(
                *(
                    db.read(
                        TIE_DIFF[kind],
                        {"rows": [_tie_row(i, dataset.ties[i]) for i in part]},
                        timeout=600,
                    )
                    for part in group
                )
            )
            for found in answers:
                for r in found:
                    i = r["i"]
                    tie = dataset.ties[i]
                    moved = r["fromId"] != tie.from_id or r["toId"] != tie.to_id
                    if not r["new"] and moved:
                        if elsewhere is not None:
                            elsewhere(i, r["fromId"], r["toId"])
                        continue
                    chosen.append(i)
            report(sum(len(p) for p in group))
        plan.ties[kind] = sorted(chosen)
    plan.people = None if plan.people is None else sorted(plan.people)
    plan.memberships = None if plan.memberships is None else sorted(plan.memberships)
    return plan
