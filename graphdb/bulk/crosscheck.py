"""Checks that span rows and files: an id defined twice, a reference to a person or group
that neither the files nor the graph hold, and a tie id the graph already gives to a tie
between other people.

The ``Ledger`` remembers, while the rows stream past, what each file defines and names;
``check_graph`` then asks the graph about the rest in a few reads. The ledger is compact
(arrays, shared strings) because a ties.csv of a million rows imported against people
already in the graph makes two references per tie.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable
from typing import LiteralString

from graphdb.bulk.csv_format import GROUPS, MEMBERSHIPS, PEOPLE, TIES
from graphdb.bulk.diff import WritePlan, plan_writes
from graphdb.bulk.problems import Problems
from graphdb.cypher import EXISTING_GROUPS, EXISTING_PEOPLE
from graphdb.driver import Database
from graphdb.model import Dataset, TieKind
from graphdb.validation import ValidationError

_LOOKUP_BATCH = 50_000

Progress = Callable[[str, int, int], None]

# Where a reference stands: its index in this tuple is what the ledger stores per reference.
REFERENCES: tuple[tuple[str, str], ...] = (
    (MEMBERSHIPS, "person_id"),
    (MEMBERSHIPS, "group_id"),
    (TIES, "from_id"),
    (TIES, "to_id"),
)
_GROUP_REFERENCE = 1


class Ledger:
    """What the rows of one import define and name, as they are read."""

    def __init__(self) -> None:
        # Ids defined in people.csv / groups.csv → line (rows with a valid id, even if bad
        # otherwise, so that one bad person row does not also make every tie to them a problem).
        self.defined: dict[str, dict[str, int]] = {PEOPLE: {}, GROUPS: {}}
        # One str object per distinct id, shared by every record that names it.
        self.shared: dict[str, str] = {}
        # References to ids the files do not define, to be looked up in the graph.
        self.ref_lines = array("I")
        self.ref_columns = bytearray()
        self.ref_ids: list[str] = []
        # Files whose rows could not be read at all (bad header, empty file).
        self.unreadable: set[str] = set()
        self._memberships: dict[tuple[str, str], int] = {}
        self._ties: dict[str, int] = {}  # tie id (explicit or derived) → line
        # Lines of the kept ties, and which of them carry an explicit id (checked in the graph).
        self.tie_lines = array("I")
        self.tie_explicit = bytearray()

    def share(self, id_: str) -> str:
        return self.shared.setdefault(id_, id_)

    def define(self, file: str, id_: str, line: int) -> ValidationError | None:
        """Record a person or group id defined on ``line``; a second definition is a fault."""
        seen = self.defined[file]
        if id_ in seen:
            what = "person" if file == PEOPLE else "group"
            reason = f"duplicate {what} id {id_!r} (also on line {seen[id_]})"
            return ValidationError(reason, "id", names_field=False)
        seen[id_] = line
        return None

    def refer(self, reference: int, line: int, id_: str) -> None:
        """Note a reference (an index of REFERENCES) to an id; the graph is asked about it
        later unless the files define it."""
        file = GROUPS if reference == _GROUP_REFERENCE else PEOPLE
        if id_ not in self.defined[file]:
            self.ref_lines.append(line)
            self.ref_columns.append(reference)
            self.ref_ids.append(id_)

    def refer_both(self, first: int, line: int, a: str, b: str) -> None:
        """``refer`` for both ids of a good row: ``a`` as reference ``first``, ``b`` as the
        next (a membership's person and group, a tie's two people). One call instead of
        two for each of millions of rows."""
        people = self.defined[PEOPLE]
        if a not in (self.defined[GROUPS] if first == _GROUP_REFERENCE else people):
            self.refer(first, line, a)
        if b not in (self.defined[GROUPS] if first + 1 == _GROUP_REFERENCE else people):
            self.refer(first + 1, line, b)

    def membership(self, person_id: str, group_id: str, line: int) -> ValidationError | None:
        key = (person_id, group_id)
        if key in self._memberships:
            reason = (
                f"duplicate membership of {person_id!r} in {group_id!r} "
                f"(also on line {self._memberships[key]})"
            )
            return ValidationError(reason, "group_id", names_field=False)
        self._memberships[key] = line
        return None

    def tie_id(self, tie_id: str, line: int) -> ValidationError | None:
        """Record a tie's own id; a second tie with it in the file is a fault."""
        first = self._ties.setdefault(tie_id, line)
        if first == line:
            return None
        return ValidationError(f"duplicate tie id {tie_id!r} (also on line {first})")

    def tie_identity(
        self, from_id: str, to_id: str, kind: TieKind, since: dt.date | None, line: int, id_: str
    ) -> ValidationError | None:
        """Record a tie without an id of its own by its identity (``id_``, the id derived
        from it); a second tie with that identity in the file is a fault."""
        first = self._ties.setdefault(id_, line)
        if first == line:
            return None
        when = f"since {since}" if since else "with no since"
        return ValidationError(
            f"duplicate {kind.value} tie from {from_id!r} to {to_id!r} {when} "
            f"(also on line {first}); give each its own since or id"
        )

    def keep_tie(self, line: int, explicit: bool) -> None:
        """Note the line of the tie just kept (``Dataset.ties`` is in the same order)."""
        self.tie_lines.append(line)
        self.tie_explicit.append(explicit)

    def forget(self) -> None:
        """Free what only the checks needed, before the writer builds its batches."""
        self.defined = {PEOPLE: {}, GROUPS: {}}
        self.shared.clear()
        self._memberships.clear()
        self._ties.clear()
        self.ref_lines, self.ref_columns, self.ref_ids = array("I"), bytearray(), []

    def wanted(self, groups: bool) -> list[str]:
        return sorted(
            {
                id_
                for column, id_ in zip(self.ref_columns, self.ref_ids, strict=True)
                if (column == _GROUP_REFERENCE) == groups
            }
        )


async def check_graph(
    db: Database,
    ledger: Ledger,
    dataset: Dataset,
    problems: Problems,
    tombstone: Callable[[str], str] | None = None,
    progress: Progress | None = None,
) -> WritePlan:
    """The checks against the graph, and the plan of what the write will change."""
    await _check_references(db, ledger, problems)
    if tombstone is not None:
        await _check_erased(db, ledger, tombstone, problems)
    if problems.total:
        return WritePlan()  # rejected anyway: no need to compare
    return await _plan(db, ledger, dataset, problems, progress)


BURIED: LiteralString = "UNWIND $keys AS k MATCH (t:Tombstone {key: k}) RETURN k"
ANY_BURIED: LiteralString = "RETURN COUNT { MATCH (:Tombstone) } AS n"


async def _check_erased(
    db: Database, ledger: Ledger, tombstone: Callable[[str], str], problems: Problems
) -> None:
    """A person in people.csv whose id belonged to someone erased: importing them would
    bring the erased person back (an old export, a stale feed), so the row is refused."""
    defined = ledger.defined[PEOPLE]
    found = await db.read_one(ANY_BURIED)  # from the count store: no key to compute if none
    if not (found and found["n"]):
        return
    keys = {tombstone(id_): id_ for id_ in defined}
    ids = list(keys)
    for i in range(0, len(ids), _LOOKUP_BATCH):
        for row in await db.read(BURIED, {"keys": ids[i : i + _LOOKUP_BATCH]}):
            id_ = keys[row["k"]]
            problems.add(
                PEOPLE, defined[id_], f"id {id_!r} belonged to a person who was erased: use another"
            )


async def _check_references(db: Database, ledger: Ledger, problems: Problems) -> None:
    """Every id named in memberships/ties must be in the files or already in the graph."""
    if not ledger.ref_ids:
        return
    people = {r["id"] for r in await db.read(EXISTING_PEOPLE, {"ids": ledger.wanted(False)})}
    groups = {r["id"] for r in await db.read(EXISTING_GROUPS, {"ids": ledger.wanted(True)})}
    # When people.csv or groups.csv could not be read, its header problem rejects the
    # import already; every reference to its ids would only bury that one line.
    people_unknown = PEOPLE in ledger.unreadable
    groups_unknown = GROUPS in ledger.unreadable
    for line, column, id_ in zip(ledger.ref_lines, ledger.ref_columns, ledger.ref_ids, strict=True):
        file, name = REFERENCES[column]
        if column == _GROUP_REFERENCE:
            if not groups_unknown and id_ not in groups:
                problems.add(
                    file, line, f"{name} {id_!r} is not a group in {GROUPS} or in the graph"
                )
        elif not people_unknown and id_ not in people:
            problems.add(file, line, f"{name} {id_!r} is not a person in {PEOPLE} or in the graph")


async def _plan(
    db: Database,
    ledger: Ledger,
    dataset: Dataset,
    problems: Problems,
    progress: Progress | None,
) -> WritePlan:
    """Compare the records with the graph (``graphdb.bulk.diff``): the plan of what to
    write, and a problem for each tie whose explicit id the graph already gives to a tie of
    the same kind between other people — the writer upserts on (kind, id), so it could
    not move that tie and would break the id's uniqueness partway through the write.

    Only the kind's own index is searched (one seek per tie, which the comparison makes
    anyway). Searching all eight for every id would cost eight times as much on a
    re-import of millions of ties, to catch a rarer mistake: an id reused for a tie of
    another kind, which never fails the write but leaves two ties of different kinds with
    one id. A kind with no ties in the graph is not searched at all.
    """

    def elsewhere(i: int, from_id: str, to_id: str) -> None:
        tie = dataset.ties[i]
        if ledger.tie_explicit[i]:
            problems.add(
                TIES,
                ledger.tie_lines[i],
                f"tie id {tie.id!r} is already used in the graph by the "
                f"{tie.kind.value} tie from {from_id!r} to {to_id!r}; "
                "a tie's people cannot change on import",
            )

    return await plan_writes(db, dataset, elsewhere=elsewhere, progress=progress)
