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

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphdb.bulk.csv_format import cell
from graphdb.model import Dataset, Role, TieRecord
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


def _listed(values: Iterable[Any]) -> str:
    return ";".join(cell(v) for v in values)


def _person_rows(dataset: Dataset, scores: Mapping[str, StoredScore]) -> Iterator[list[str]]:
    for p in dataset.people:
        labels = ["Person", *(ROLE_LABELS[r] for r in p.roles)]
        scored = scores.get(p.id)
        if scored is not None:
            labels.append("SupportScored")
            if scored.thin:
                labels.append("ThinSupport")
                if Role.STUDENT in p.roles:
                    labels.append("ThinStudent")
        yield [
            p.id,
            p.name,
            p.name.lower(),
            cell(p.email),
            _listed(p.roles),
            cell(p.department),
            cell(p.class_year),
            cell(p.level),
            cell(p.open_door),
            cell(p.capacity),
            _listed(p.serves_levels),
            "" if scored is None else repr(float(scored.score)),
            "" if scored is None else cell(scored.thin),
            "" if scored is None else cell(scored.valid_until),
            ";".join(labels),
        ]


def _tie_row(t: TieRecord) -> list[str]:
    return [
        t.from_id,
        t.to_id,
        t.kind.value,
        t.id,
        cell(t.since),
        cell(t.until),
        repr(float(t.strength)),
        _listed(t.functions),
        cell(t.formal),
        cell(t.last_contact),
    ]


class _Writer:
    def __init__(self, files: AdminFiles) -> None:
        self.files = files

    def write(
        self, name: str, header: tuple[str, ...], rows: Iterable[list[str]], *, nodes: bool
    ) -> None:
        path = self.files.folder / name
        n = 0
        with path.open("w", encoding="utf-8", newline="") as handle:
            out = csv.writer(handle, lineterminator="\n")
            out.writerow(header)
            for row in rows:
                if not self.files.multiline and any("\n" in c or "\r" in c for c in row):
                    self.files.multiline = True
                out.writerow(row)
                n += 1
        (self.files.nodes if nodes else self.files.relationships).append(path)
        self.files.counts[name] = n


def write_admin_files(
    dataset: Dataset, folder: Path, scores: Mapping[str, StoredScore] | None = None
) -> AdminFiles:
    """Write ``dataset`` (validated, and self-contained: every reference is in it) into
    ``folder`` in the offline importer's format."""
    folder.mkdir(parents=True, exist_ok=True)
    files = AdminFiles(folder)
    w = _Writer(files)
    topics = sorted({t for p in dataset.people for t in (*p.interests, *p.expertise)})
    w.write("people.csv", PEOPLE_HEADER, _person_rows(dataset, scores or {}), nodes=True)
    w.write(
        "groups.csv",
        GROUPS_HEADER,
        ([g.id, g.name, g.name.lower(), g.kind.value, "Group"] for g in dataset.groups),
        nodes=True,
    )
    w.write("topics.csv", TOPICS_HEADER, ([t, "Topic"] for t in topics), nodes=True)
    w.write(
        "topic_links.csv",
        TOPIC_LINK_HEADER,
        (
            [p.id, topic, rel]
            for p in dataset.people
            for rel, names in (("INTERESTED_IN", p.interests), ("EXPERT_IN", p.expertise))
            for topic in names
        ),
        nodes=False,
    )
    w.write(
        "memberships.csv",
        MEMBERSHIP_HEADER,
        (
            [m.person_id, m.group_id, "MEMBER_OF", cell(m.role), cell(m.since)]
            for m in dataset.memberships
        ),
        nodes=False,
    )
    w.write("ties.csv", TIES_HEADER, (_tie_row(t) for t in dataset.ties), nodes=False)
    return files
