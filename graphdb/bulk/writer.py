"""The batched write path shared by ``supportweb import``, ``supportweb seed`` and mutations.

Records arrive validated (``graphdb.model``); this module only turns them into
``UNWIND $rows`` statements. Every statement is an upsert keyed on the record's id, so
writing the same dataset twice leaves the graph as it was (import is idempotent).

Only what is new or differs is written (``graphdb.bulk.diff``), so re-importing an
unchanged folder writes nothing; support ties and people whose support-relevant fields
change mark the people whose support changed stale in the same transaction.

Atomicity: a write of at most ``single_tx_limit`` rows is one transaction, so a failure
leaves nothing. A larger one (the 10,000,000-tie benchmark) would not fit a transaction in
a small heap: it is written ``batch_size`` rows per transaction; because every row is an
upsert, and only what is missing or differs is written, running the same import again
after a failure completes it. An import (``run``) marks itself in the graph meanwhile
(``graphdb.bulk.runs``), advanced in each batch's own transaction, so the next run knows
what was left unfinished and says so (other files are refused until it is finished).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import LiteralString, Protocol, TypeVar

from graphdb.bulk import runs
from graphdb.bulk.diff import ALL, WritePlan, plan_writes
from graphdb.cypher import SUPPORT_TYPES, per_kind
from graphdb.driver import Database, Tx
from graphdb.model import Dataset, TieKind

_T = TypeVar("_T")

Progress = Callable[[str, int, int], None]
"""Called as progress(what, done, total) after each batch."""

# Each write is a body after ``UNWIND $rows AS row``: run as it is inside a transaction
# (small imports, mutations), or inside ``CALL (row) { … } IN TRANSACTIONS`` (large ones).

# A person whose name, roles or department changes feeds the profiles of everyone they
# support, and their own role labels: they and those people are marked stale in the same
# transaction (docs/support-score.md §5, the writers' duty).
PEOPLE_BODY: LiteralString = (
    """
MERGE (p:Person {id: row.id})
WITH p, row, p.name IS NOT NULL AND NOT (p.name = row.name AND p.roles = row.roles
  AND coalesce(p.department = row.department, p.department IS NULL AND row.department IS NULL))
  AS supporterChanged
SET p.name = row.name, p.sortName = row.sortName, p.email = row.email,
    p.roles = row.roles, p.department = row.department, p.classYear = row.classYear,
    p.level = row.level, p.openDoor = row.openDoor, p.capacity = row.capacity,
    p.servesLevels = row.servesLevels
REMOVE p:Student:Faculty:Staff:Alum:External
WITH p, row, supporterChanged
CALL (p, row) {
  FOREACH (_ IN CASE WHEN 'STUDENT' IN row.roles THEN [1] ELSE [] END | SET p:Student)
  FOREACH (_ IN CASE WHEN 'FACULTY' IN row.roles THEN [1] ELSE [] END | SET p:Faculty)
  FOREACH (_ IN CASE WHEN 'STAFF' IN row.roles THEN [1] ELSE [] END | SET p:Staff)
  FOREACH (_ IN CASE WHEN 'ALUM' IN row.roles THEN [1] ELSE [] END | SET p:Alum)
  FOREACH (_ IN CASE WHEN 'EXTERNAL' IN row.roles THEN [1] ELSE [] END | SET p:External)
}
CALL (p, row) {
  OPTIONAL MATCH (p)-[r:INTERESTED_IN]->(t:Topic) WHERE NOT t.name IN row.interests
  DELETE r
}
CALL (p, row) {
  OPTIONAL MATCH (p)-[r:EXPERT_IN]->(t:Topic) WHERE NOT t.name IN row.expertise
  DELETE r
}
CALL (p, row) {
  UNWIND row.interests AS name
  MERGE (t:Topic {name: name})
  MERGE (p)-[:INTERESTED_IN]->(t)
}
CALL (p, row) {
  UNWIND row.expertise AS name
  MERGE (t:Topic {name: name})
  MERGE (p)-[:EXPERT_IN]->(t)
}
CALL (p, supporterChanged) {
  WITH p WHERE supporterChanged
  SET p:SupportStale
  WITH p
  OPTIONAL MATCH (p)-[:"""
    + SUPPORT_TYPES
    + """]->(q:Person)
  FOREACH (_ IN CASE WHEN q IS NULL THEN [] ELSE [1] END | SET q:SupportStale)
}
"""
)

GROUPS_BODY: LiteralString = """
MERGE (g:Group {id: row.id})
SET g.name = row.name, g.kind = row.kind, g.sortName = row.sortName
"""

MEMBERSHIPS_BODY: LiteralString = """
MATCH (p:Person {id: row.personId}), (g:Group {id: row.groupId})
MERGE (p)-[m:MEMBER_OF]->(g)
SET m.role = row.role, m.since = row.since
"""

UPSERT_PEOPLE: LiteralString = "UNWIND $rows AS row " + PEOPLE_BODY + " RETURN count(p) AS n"
UPSERT_GROUPS: LiteralString = "UNWIND $rows AS row " + GROUPS_BODY + " RETURN count(g) AS n"
UPSERT_MEMBERSHIPS: LiteralString = (
    "UNWIND $rows AS row " + MEMBERSHIPS_BODY + " RETURN count(m) AS n"
)


def _stale_end(rel_type: LiteralString, b: LiteralString) -> LiteralString:
    # A support tie written changes the support of the person it supports.
    return "" if rel_type == "KNOWS" else " SET " + b + ":SupportStale"


def _tie_upsert(rel_type: LiteralString) -> LiteralString:
    # Find an existing tie through the type's id index (a MERGE on the pattern would scan
    # every relationship of the supporter, which is slow for hubs), then update it or
    # create it between its two people.
    return (
        "OPTIONAL MATCH (:Person)-[old:" + rel_type + " {id: row.id}]->(:Person) "
        "CALL (row, old) { WITH row, old WHERE old IS NULL "
        "MATCH (a:Person {id: row.fromId}), (b:Person {id: row.toId}) "
        "CREATE (a)-[r:" + rel_type + " {id: row.id}]->(b) "
        "SET r += row {.since, .until, .strength, .functions, .formal, .lastContact}"
        + _stale_end(rel_type, "b")
        + " } "
        "CALL (row, old) { WITH row, old WHERE old IS NOT NULL "
        "SET old.since = row.since, old.until = row.until, old.strength = row.strength, "
        "old.functions = row.functions, old.formal = row.formal, "
        "old.lastContact = row.lastContact "
        "WITH endNode(old) AS b" + _stale_end(rel_type, "b") + " } "
    )


def _tie_create(rel_type: LiteralString) -> LiteralString:
    # No tie of this kind was in the graph when the write was planned: create, no look-up.
    return (
        "MATCH (a:Person {id: row.fromId}), (b:Person {id: row.toId}) "
        "CREATE (a)-[r:" + rel_type + " {id: row.id}]->(b) "
        "SET r += row {.since, .until, .strength, .functions, .formal, .lastContact}"
        + _stale_end(rel_type, "b")
    )


# Relationship types are fixed per statement: a type never comes from input text.
TIE_UPSERT_BODY: dict[TieKind, LiteralString] = per_kind(_tie_upsert)
TIE_CREATE_BODY: dict[TieKind, LiteralString] = per_kind(_tie_create)


class _Record(Protocol):
    def to_params(self) -> dict[str, object]: ...


@dataclass(frozen=True, slots=True)
class _Step:
    what: str
    body: LiteralString
    records: Sequence[_Record]


def _pick(records: Sequence[_T], indexes: list[int] | None) -> Sequence[_T]:
    return records if indexes is None else [records[i] for i in indexes]


def _steps(dataset: Dataset, plan: WritePlan) -> list[_Step]:
    steps = [
        _Step("groups", GROUPS_BODY, dataset.groups),
        _Step("people", PEOPLE_BODY, _pick(dataset.people, plan.people)),
        _Step("memberships", MEMBERSHIPS_BODY, _pick(dataset.memberships, plan.memberships)),
    ]
    for kind, indexes in plan.tie_indexes(dataset).items():
        body = TIE_CREATE_BODY[kind] if plan.ties.get(kind, ALL) is ALL else TIE_UPSERT_BODY[kind]
        steps.append(_Step("ties", body, [dataset.ties[i] for i in indexes]))
    return [s for s in steps if s.records]


def _batches(records: Sequence[_Record], size: int) -> Iterator[list[dict[str, object]]]:
    # Parameters are built one batch at a time, so a large import holds only one batch of
    # them next to its records.
    for i in range(0, len(records), size):
        yield [r.to_params() for r in records[i : i + size]]


@dataclass(frozen=True, slots=True)
class WriteStats:
    rows: int
    transactions: int
    written: int = 0
    """Rows that were new or changed (the rest already stood in the graph as they are)."""
    resumed_after: int = 0
    """Batches an interrupted import of the same files had written (``run``)."""


BATCH_ROWS = 5_000
"""Rows per transaction on the large path (chosen by measurement: docs/scale.md)."""


async def write_dataset(
    db: Database,
    dataset: Dataset,
    *,
    plan: WritePlan | None = None,
    batch_size: int = BATCH_ROWS,
    single_tx_limit: int = 50_000,
    progress: Progress | None = None,
    run: runs.Run | None = None,
) -> WriteStats:
    """Write what ``dataset`` changes in the graph: groups, then people, memberships and
    ties. ``plan`` (``graphdb.bulk.diff.plan_writes``, made here when not given) says
    which records are new or differ; only those are written. ``run`` (an import) marks a
    batch-by-batch write in the graph until it is finished."""
    if plan is None:
        plan = await plan_writes(db, dataset, progress=progress)
    steps = _steps(dataset, plan)
    rows = len(dataset.people) + len(dataset.groups) + len(dataset.memberships)
    rows += len(dataset.ties)
    total = sum(len(s.records) for s in steps)
    done = 0
    # What an interrupted run of the same files wrote is not in the plan (it stands in the
    # graph as the files say), so nothing is skipped: the count is for the report.
    resumed = run.written_before if run is not None else 0

    def report(what: str, n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(what, done, total)

    if total <= single_tx_limit:

        async def all_at_once(tx: Tx) -> None:
            for step in steps:
                for batch in _batches(step.records, batch_size):
                    await tx.run("UNWIND $rows AS row " + step.body, {"rows": batch})
                    report(step.what, len(batch))
            if run is not None:
                await runs.finish(tx)  # an unfinished run of these files is finished now

        if steps or run is not None:
            await db.transaction(all_at_once, timeout=600)
        return WriteStats(
            rows=rows, transactions=1 if steps else 0, written=total, resumed_after=resumed
        )

    if run is not None:
        await runs.begin(
            db, run, resumed + sum(-(-len(s.records) // batch_size) for s in steps), batch_size
        )
    transactions = 0
    for step in steps:
        for batch in _batches(step.records, batch_size):
            transactions += 1

            # The batch and the marker's count in one transaction: the marker never says
            # a batch is in that is not, nor the reverse.
            async def one_batch(
                tx: Tx,
                body: LiteralString = step.body,
                rows: list[dict[str, object]] = batch,
                n: int = transactions,
            ) -> None:
                await tx.run("UNWIND $rows AS row " + body, {"rows": rows})
                if run is not None:
                    await runs.advance(tx, resumed + n)

            await db.transaction(one_batch, timeout=600)
            report(step.what, len(batch))
    if run is not None:
        await db.write(runs.FINISH)
    return WriteStats(rows=rows, transactions=transactions, written=total, resumed_after=resumed)
