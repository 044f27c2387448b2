"""One validation for every writer: each rule of a person, a group, a membership and a tie
refuses the same bad value with the same reason through the API (a mutation over HTTP) and
through the importer (a CSV file), and neither route writes anything.

Each route names the field its own way (GraphQL ``classYear``, the CSV column ``class_year``)
in front of the one reason the model gives.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graphdb.bulk.importer import ImportRejected, import_dir
from graphdb.driver import Database
from graphdb.model import GroupRecord, MembershipRecord, PersonRecord, TieRecord
from graphdb.seed import generate
from tests.conftest import GraphQLClient

ID_RULE = "is not a valid id: use 1-64 letters, digits or . _ : -"
ROLES = "STUDENT, FACULTY, STAFF, ALUM, EXTERNAL"
LONG_TOPIC = "x" * 81
MANY_TOPICS = [f"t{i}" for i in range(51)]

MUTATIONS = {
    "person": "mutation($input: PersonInput!) { createPerson(input: $input) { id } }",
    "group": "mutation($input: GroupInput!) { createGroup(input: $input) { id } }",
    "membership": "mutation($input: MembershipInput!) { addMembership(input: $input) { role } }",
    "tie": "mutation($input: TieInput!) { addTie(input: $input) { id } }",
}
API_INPUT: dict[str, dict[str, Any]] = {
    "person": {"id": "p1", "name": "Bo", "roles": ["STUDENT"]},
    "group": {"id": "g1", "name": "Chess", "kind": "CLUB"},
    "membership": {"personId": "p1", "groupId": "g1"},
    "tie": {"kind": "MENTORS", "supporterId": "p1", "supportedId": "p2"},
}
# The file each kind is imported from, with one good row; the others define whom it names.
CSV_FILE = {
    "person": "people.csv",
    "group": "groups.csv",
    "membership": "memberships.csv",
    "tie": "ties.csv",
}
CSV_ROW: dict[str, dict[str, str]] = {
    "person": {"id": "p1", "name": "Bo", "roles": "STUDENT", "department": "", "class_year": "",
               "capacity": "", "email": "", "interests": ""},
    "group": {"id": "g1", "name": "Chess", "kind": "CLUB"},
    "membership": {"person_id": "p1", "group_id": "g1", "role": ""},
    "tie": {"id": "", "from_id": "p1", "to_id": "p2", "kind": "MENTORS", "strength": "",
            "since": "", "until": ""},
}  # fmt: skip
CONTEXT = {
    "people.csv": ["id,name,roles", "p1,Bo,STUDENT", "p2,Cy,FACULTY"],
    "groups.csv": ["id,name,kind", "g1,Chess,CLUB"],
}


@dataclass(frozen=True)
class Rule:
    """A bad value for one field, as each route sends it, and the reason both must give."""

    name: str
    kind: str  # person, group, membership, tie
    graphql: str  # the field as GraphQL names it
    column: str  # the field as the CSV header names it
    api: dict[str, Any]
    csv: dict[str, str]
    reason: str
    names_field: bool = True  # the reason reads after the field's name

    def said(self, name: str) -> str:
        return f"{name} {self.reason}" if self.names_field else self.reason


RULES = [
    Rule("person id", "person", "id", "id", {"id": "bad id!"}, {"id": "bad id!"},
         f"'bad id!' {ID_RULE}"),
    Rule("empty name", "person", "name", "name", {"name": "  "}, {"name": "  "}, "is empty"),
    Rule("long name", "person", "name", "name", {"name": "n" * 201}, {"name": "n" * 201},
         "is over 200 characters"),
    Rule("no role", "person", "roles", "roles", {"roles": []}, {"roles": ""},
         f"is empty: give at least one of {ROLES}"),
    Rule("long department", "person", "department", "department", {"department": "d" * 201},
         {"department": "d" * 201}, "is over 200 characters"),
    Rule("class year too early", "person", "classYear", "class_year", {"classYear": 1899},
         {"class_year": "1899"}, "1899 is below 1900"),
    Rule("class year too late", "person", "classYear", "class_year", {"classYear": 2201},
         {"class_year": "2201"}, "2201 is above 2200"),
    Rule("negative capacity", "person", "capacity", "capacity", {"capacity": -1},
         {"capacity": "-1"}, "-1 is below 0"),
    Rule("capacity too large", "person", "capacity", "capacity", {"capacity": 1001},
         {"capacity": "1001"}, "1001 is above 1000"),
    Rule("email without @", "person", "email", "email", {"email": "bo at example.edu"},
         {"email": "bo at example.edu"}, "'bo at example.edu' is not an email address"),
    Rule("email with two @", "person", "email", "email", {"email": "bo@x@example.edu"},
         {"email": "bo@x@example.edu"}, "'bo@x@example.edu' is not an email address"),
    Rule("long email", "person", "email", "email", {"email": "b" * 250 + "@x.edu"},
         {"email": "b" * 250 + "@x.edu"}, "is over 254 characters"),
    Rule("long topic", "person", "interests", "interests", {"interests": [LONG_TOPIC]},
         {"interests": LONG_TOPIC}, f"has a topic over 80 characters ({'x' * 30!r}…)"),
    Rule("too many topics", "person", "interests", "interests", {"interests": MANY_TOPICS},
         {"interests": ";".join(MANY_TOPICS)}, "has 51 topics; at most 50 are allowed"),
    Rule("group id", "group", "id", "id", {"id": "bad id!"}, {"id": "bad id!"},
         f"'bad id!' {ID_RULE}"),
    Rule("empty group name", "group", "name", "name", {"name": " "}, {"name": " "}, "is empty"),
    Rule("membership person", "membership", "personId", "person_id", {"personId": "bad id!"},
         {"person_id": "bad id!"}, f"'bad id!' {ID_RULE}"),
    Rule("membership group", "membership", "groupId", "group_id", {"groupId": "bad id!"},
         {"group_id": "bad id!"}, f"'bad id!' {ID_RULE}"),
    Rule("long membership role", "membership", "role", "role", {"role": "r" * 81},
         {"role": "r" * 81}, "is over 80 characters"),
    Rule("tie id", "tie", "id", "id", {"id": "bad id!"}, {"id": "bad id!"},
         f"'bad id!' {ID_RULE}"),
    Rule("supporter", "tie", "supporterId", "from_id", {"supporterId": "bad id!"},
         {"from_id": "bad id!"}, f"'bad id!' {ID_RULE}"),
    Rule("supported", "tie", "supportedId", "to_id", {"supportedId": "bad id!"},
         {"to_id": "bad id!"}, f"'bad id!' {ID_RULE}"),
    Rule("strength above 1", "tie", "strength", "strength", {"strength": 1.5},
         {"strength": "1.5"}, "1.5 is outside 0..1"),
    Rule("negative strength", "tie", "strength", "strength", {"strength": -0.1},
         {"strength": "-0.1"}, "-0.1 is outside 0..1"),
    Rule("until before since", "tie", "until", "until",
         {"since": "2024-09-01", "until": "2024-01-31"},
         {"since": "2024-09-01", "until": "2024-01-31"}, "2024-01-31 is before since 2024-09-01"),
    Rule("tie to oneself", "tie", "supportedId", "to_id", {"supportedId": "p1"}, {"to_id": "p1"},
         "a person cannot have a tie to themself (p1)", names_field=False),
]  # fmt: skip

# The audit records the attempt before it runs (fail closed): not data.
NODES = (
    "MATCH (n) WHERE NOT (n:Migration OR n:AuditEvent OR n:AuditName OR n:AuditHead) "
    "RETURN count(n) AS n"
)


def _import_folder(root: Path, kind: str, cells: dict[str, str]) -> Path:
    """One row of this kind with these cells, beside files that define everyone it names."""
    folder = root / "import"
    folder.mkdir()
    row = CSV_ROW[kind] | cells
    files = {**CONTEXT, CSV_FILE[kind]: [",".join(row), ",".join(row.values())]}
    for name, lines in files.items():
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
async def test_a_rule_gives_the_same_reason_through_the_api_and_the_importer(
    rule: Rule, client: GraphQLClient, db: Database, tmp_path: Path
) -> None:
    error = await client.error(MUTATIONS[rule.kind], {"input": API_INPUT[rule.kind] | rule.api})
    assert error["message"] == rule.said(rule.graphql)
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": rule.graphql}
    assert await db.read(NODES) == [{"n": 0}]

    with pytest.raises(ImportRejected) as rejected:
        await import_dir(db, _import_folder(tmp_path, rule.kind, rule.csv))
    assert rejected.value.problems == [f"{CSV_FILE[rule.kind]}:2: {rule.said(rule.column)}"]
    assert await db.read(NODES) == [{"n": 0}]


async def test_every_broken_rule_is_named_by_both_routes(
    client: GraphQLClient, db: Database, tmp_path: Path
) -> None:
    bad = {"classYear": 1800, "capacity": 5000, "email": "nobody"}
    error = await client.error(MUTATIONS["person"], {"input": API_INPUT["person"] | bad})
    assert error["message"] == (
        "classYear 1800 is below 1900; capacity 5000 is above 1000; "
        "email 'nobody' is not an email address"
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "classYear"}

    cells = {"class_year": "1800", "capacity": "5000", "email": "nobody"}
    with pytest.raises(ImportRejected) as rejected:
        await import_dir(db, _import_folder(tmp_path, "person", cells))
    assert rejected.value.problems == [
        "people.csv:2: class_year 1800 is below 1900",
        "people.csv:2: capacity 5000 is above 1000",
        "people.csv:2: email 'nobody' is not an email address",
    ]
    assert await db.read(NODES) == [{"n": 0}]


async def test_a_value_at_each_limit_is_accepted_by_both_routes(
    client: GraphQLClient, db: Database, tmp_path: Path
) -> None:
    edge: dict[str, Any] = {"classYear": 2200, "capacity": 1000, "email": "b" * 248 + "@x.edu"}
    data = await client.data(MUTATIONS["person"], {"input": API_INPUT["person"] | edge})
    assert data == {"createPerson": {"id": "p1"}}

    cells = {"id": "p2", "class_year": "1900", "capacity": "0", "email": edge["email"]}
    report = await import_dir(db, _import_folder(tmp_path, "person", cells))
    assert report.counts == {"people.csv": 1, "groups.csv": 1}
    rows = await db.read(
        "MATCH (p:Person) RETURN p.id AS id, p.classYear AS year, p.capacity AS cap, "
        "size(p.email) AS email ORDER BY id"
    )
    assert rows == [
        {"id": "p1", "year": 2200, "cap": 1000, "email": 254},
        {"id": "p2", "year": 1900, "cap": 0, "email": 254},
    ]


def test_the_seed_writes_only_records_the_rules_accept() -> None:
    """The third writer: every generated record passes its own ``of`` constructor."""
    dataset = generate(500, 7, dt.date(2025, 3, 1))
    makers: list[tuple[Any, list[Any]]] = [
        (PersonRecord.of, list(dataset.people)),
        (GroupRecord.of, list(dataset.groups)),
        (MembershipRecord.of, list(dataset.memberships)),
        (TieRecord.of, list(dataset.ties)),
    ]
    checked = 0
    for make, records in makers:
        for record in records:
            make(**{f.name: getattr(record, f.name) for f in dataclasses.fields(record)})
            checked += 1
    assert checked == sum(dataset.counts().values())
