from __future__ import annotations

import datetime as dt

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.model import (
    Dataset,
    GroupKind,
    GroupRecord,
    MembershipRecord,
    PersonRecord,
    Role,
    SupportFunction,
    TieKind,
    TieRecord,
    tie_id_for,
)

COUNTS = """
CALL () { MATCH (n) WHERE NOT (n:Migration OR n:GraphVersion) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS rels }
RETURN nodes, rels
"""


def _dataset() -> Dataset:
    since = dt.date(2024, 9, 1)
    return Dataset(
        people=[
            PersonRecord("s1", "Ada Student", (Role.STUDENT,), interests=("solar technology",)),
            PersonRecord(
                "f1",
                "Prof Lee",
                (Role.FACULTY,),
                expertise=("solar technology", "physics"),
                open_door=True,
                capacity=3,
            ),
        ],
        groups=[GroupRecord("g1", "Solar Car Team", GroupKind.TEAM)],
        memberships=[MembershipRecord("s1", "g1", "member", since)],
        ties=[
            TieRecord(
                tie_id_for("f1", "s1", TieKind.ADVISES, since),
                "f1",
                "s1",
                TieKind.ADVISES,
                0.7,
                since,
                None,
                (SupportFunction.ACADEMIC,),
            )
        ],
    )


async def test_write_twice_changes_nothing(db: Database) -> None:
    await write_dataset(db, _dataset())
    first = await db.read_one(COUNTS)
    await write_dataset(db, _dataset())
    assert await db.read_one(COUNTS) == first
    assert first == {"nodes": 5, "rels": 5}  # 2 people, 1 group, 2 topics


async def test_roles_become_labels_and_topics_are_shared(db: Database) -> None:
    await write_dataset(db, _dataset())
    row = await db.read_one(
        "MATCH (s:Student {id: 's1'}), (t:Topic {name: 'solar technology'}) "
        "RETURN COUNT { (:Person)-[:INTERESTED_IN|EXPERT_IN]->(t) } AS links"
    )
    assert row == {"links": 2}
