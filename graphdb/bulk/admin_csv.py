"""A validated ``Dataset`` as the CSV files of Neo4j's offline importer
(``neo4j-admin database import full``), for the fast path into an empty graph.

The files hold exactly what ``graphdb.bulk.writer`` would write online: the same
properties and labels under the same names and types (ids as ``id:ID(Person)``, role
labels in ``:LABEL``, topics as nodes, every tie kind its own relationship type), and, when
``scores`` is given, the score table of docs/support-score.md §5 (``supportScore``,
``supportThin``, ``supportValidUntil`` and the ``:SupportScored``, ``:ThinSupport``,
``:ThinStudent`` labels) so the graph starts with every person scored.

Two facts of the importer shape the format: an empty cell is no property (so an empty
list is stored as no property on both paths, see ``graphdb.model``), and a value with a
line break needs ``--multiline-fields``, which is slow: ``AdminFiles.multiline`` says
whether any was written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from graphdb.bulk.csv_format import cell
from graphdb.bulk.membership_columns import MembershipColumns
from graphdb.bulk.tie_columns import KINDS, TieColumns
from graphdb.model import Dataset, PersonRecord, Role
from graphdb.score_table import StoredScore

ROLE_LABELS: dict[Role, str] = {
    Role.STUDENT: "Student",
    Role.FACULTY: "Faculty",
    Role.STAFF: "Staff",
    Role.ALUM: "Alum",
    Role.EXTERNAL: "External",
}

PEOPLE_HEADER = (
    "id:ID(Person)",
    "name",
    "sortName",
    "email",
    "roles:string[]",
    "department",
    "classYear:long",
    "level",
    "openDoor:boolean",
    "capacity:long",
    "servesLevels:string[]",
    "supportScore:double",
    "supportThin:boolean",
    "supportValidUntil:date",
    ":LABEL",
)
GROUPS_HEADER = ("id:ID(Group)", "name", "sortName", "kind", ":LABEL")
TOPICS_HEADER = ("name:ID(Topic)", ":LABEL")
TOPIC_LINK_HEADER = (":START_ID(Person)", ":END_ID(Topic)", ":TYPE")
MEMBERSHIP_HEADER = (":START_ID(Person)", ":END_ID(Group)", ":TYPE", "role", "since:date")
TIES_HEADER = (
    ":START_ID(Person)",
    ":END_ID(Person)",
    ":TYPE",
    "id",
    "since:date",
    "until:date",
    "strength:double",
    "functions:string[]",
    "formal:boolean",
    "lastContact:date",
)


FREE_TEXT = frozenset({"name", "sortName", "department", "role"})
"""The only columns that can hold a line break: every other one is an id, a topic, an
email or a value that its rule keeps to one line."""


@dataclass(slots=True)
class AdminFiles:
    """The files written, as the importer's ``--nodes`` and ``--relationships`` options."""

    folder: Path
    nodes: list[Path] = field(default_factory=list)
    relationships: list[Path] = field(default_factory=list)
    multiline: bool = False
    counts: dict[str, int] = field(default_factory=dict)

    def options(self) -> list[str]:
        opts = [f"--nodes={p}" for p in self.nodes]
        opts += [f"--relationships={p}" for p in self.relationships]
        if self.multiline:
            opts.append("--multiline-fields=true")
        return opts


def _text(values: list[str | None]) -> pa.Array:
    """A string column; an empty text is no property (the importer skips an empty cell)."""
    return pa.array([v or None for v in values], pa.string())


def _listed(lists: Iterable[tuple[Any, ...]]) -> pa.Array:
    """A list column as the importer's ``string[]`` cells (``;``-separated); empty, none."""
    joined: dict[tuple[Any, ...], str | None] = {}

    def one(values: tuple[Any, ...]) -> str | None:
        found = joined.get(values, "")
        if found == "":
            found = joined[values] = ";".join(cell(v) for v in values) or None
        return found

    return pa.array([one(v) for v in lists], pa.string())


def _labels(people: list[PersonRecord], scores: Mapping[str, StoredScore]) -> pa.Array:
    out: list[str] = []
    memo: dict[tuple[tuple[Role, ...], int], str] = {}
    for p in people:
        scored = scores.get(p.id)
        state = 0 if scored is None else (2 if scored.thin else 1)
        found = memo.get((p.roles, state))
        if found is None:
            labels = ["Person", *(ROLE_LABELS[r] for r in p.roles)]
            if state:
                labels.append("SupportScored")
            if state == 2:
                labels.append("ThinSupport")
                if Role.STUDENT in p.roles:
                    labels.append("ThinStudent")
            found = memo[(p.roles, state)] = ";".join(labels)
        out.append(found)
    return pa.array(out, pa.string())


def _people_columns(people: list[PersonRecord], scores: Mapping[str, StoredScore]) -> list[Any]:
    scored = [scores.get(p.id) for p in people]
    return [
        pa.array([p.id for p in people], pa.string()),
        pa.array([p.name for p in people], pa.string()),
        pa.array([p.name.lower() for p in people], pa.string()),
        _text([p.email for p in people]),
        _listed(p.roles for p in people),
        _text([p.department for p in people]),
        pa.array([p.class_year for p in people], pa.int64()),
        _text([None if p.level is None else p.level.value for p in people]),
        pa.array([p.open_door for p in people], pa.bool_()),
        pa.array([p.capacity for p in people], pa.int64()),
        _listed(p.serves_levels for p in people),
        pa.array([None if s is None else float(s.score) for s in scored], pa.float64()),
        pa.array([None if s is None else s.thin for s in scored], pa.bool_()),
        pa.array([None if s is None else s.valid_until for s in scored], pa.date32()),
        _labels(people, scores),
    ]


class _Writer:
    """Each file as a header line and the rows Arrow writes (quoted where needed, an
    absent value as an empty cell)."""

    def __init__(self, files: AdminFiles) -> None:
        self.files = files

    def write(self, name: str, header: tuple[str, ...], columns: list[Any], *, nodes: bool) -> None:
        table = pa.table(columns, names=list(header))
        if table.num_rows and not self.files.multiline:
            self.files.multiline = any(
                pc.any(pc.match_substring_regex(table.column(c), "[\r\n]")).as_py()
                for c in FREE_TEXT.intersection(header)
            )
        path = self.files.folder / name
        with path.open("wb") as handle:
            handle.write((",".join(header) + "\n").encode())
            pcsv.write_csv(table, handle, pcsv.WriteOptions(include_header=False))
        (self.files.nodes if nodes else self.files.relationships).append(path)
        self.files.counts[name] = table.num_rows


def _empty_is_none(column: pa.ChunkedArray) -> pa.ChunkedArray:
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def _tie_columns(ties: TieColumns) -> list[Any]:
    """The ties straight from their columns (no row passes through Python)."""
    t = ties.table
    return [
        t.column("from_id"),
        t.column("to_id"),
        pa.array([k.value for k in KINDS], pa.string()).take(t.column("kind")),
        t.column("id"),
        t.column("since"),
        t.column("until"),
        t.column("strength"),
        _empty_is_none(t.column("functions")),
        t.column("formal"),
        t.column("last_contact"),
    ]


def write_admin_files(
    dataset: Dataset,
    memberships: MembershipColumns,
    ties: TieColumns,
    folder: Path,
    scores: Mapping[str, StoredScore] | None = None,
) -> AdminFiles:
    """Write ``dataset``'s people and groups, ``memberships`` and ``ties`` (validated, and
    self-contained: every reference is in them; the dataset's own lists of memberships and
    ties are not read) into ``folder`` in the offline importer's format."""
    folder.mkdir(parents=True, exist_ok=True)
    files = AdminFiles(folder)
    w = _Writer(files)
    people, groups, members = dataset.people, dataset.groups, memberships.table
    w.write("people.csv", PEOPLE_HEADER, _people_columns(people, scores or {}), nodes=True)
    w.write(
        "groups.csv",
        GROUPS_HEADER,
        [
            [g.id for g in groups],
            [g.name for g in groups],
            [g.name.lower() for g in groups],
            [g.kind.value for g in groups],
            pa.repeat("Group", len(groups)),
        ],
        nodes=True,
    )
    topics = sorted({t for p in people for t in (*p.interests, *p.expertise)})
    w.write("topics.csv", TOPICS_HEADER, [topics, pa.repeat("Topic", len(topics))], nodes=True)
    links = [
        (p.id, topic, rel)
        for p in people
        for rel, names in (("INTERESTED_IN", p.interests), ("EXPERT_IN", p.expertise))
        for topic in names
    ]
    w.write(
        "topic_links.csv",
        TOPIC_LINK_HEADER,
        [pa.array([link[i] for link in links], pa.string()) for i in range(3)],
        nodes=False,
    )
    w.write(
        "memberships.csv",
        MEMBERSHIP_HEADER,
        [
            members.column("person_id"),
            members.column("group_id"),
            pa.repeat("MEMBER_OF", members.num_rows),
            _empty_is_none(members.column("role")),
            members.column("since"),
        ],
        nodes=False,
    )
    w.write("ties.csv", TIES_HEADER, _tie_columns(ties), nodes=False)
    return files
