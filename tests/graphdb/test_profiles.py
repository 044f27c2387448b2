"""The profile reads (graphdb.profiles) against the real Neo4j: the compact tie lists
carry the same ties as the map rows, ``without`` drops people, and who someone supports."""

from __future__ import annotations

import datetime as dt

from graphdb.bulk.writer import write_dataset
from graphdb.driver import Database
from graphdb.model import Dataset, PersonRecord, Role, SupportFunction, TieKind, TieRecord
from graphdb.profiles import profile_data, supported_by, tie_data

SCORED = ("id", "kind", "strength", "functions", "lastContact", "until", "supporterId")


async def test_compact_rows_carry_what_scoring_needs_of_every_tie(db: Database) -> None:
    today = (await db.read("RETURN date() AS d"))[0]["d"]
    later = today + dt.timedelta(days=30)
    people = [
        PersonRecord("s", "S", (Role.STUDENT,)),
        PersonRecord("m", "Prof M", (Role.FACULTY, Role.ALUM), department="Physics"),
        PersonRecord("n", "N", (Role.STAFF,)),
        PersonRecord("x", "X", (Role.STAFF,)),
    ]
    ties = [
        TieRecord("a", "m", "s", TieKind.ADVISES, 0.7, None, later, (SupportFunction.CAREER,)),
        TieRecord("b", "m", "s", TieKind.TUTORS, 0.4, last_contact=today),
        TieRecord("c", "n", "s", TieKind.COACHES),
        TieRecord("d", "x", "s", TieKind.KNOWS),
        TieRecord("e", "x", "s", TieKind.MENTORS, until=today),
        TieRecord("f", "s", "n", TieKind.PEER_SUPPORTS),
    ]
    await write_dataset(db, Dataset(people=people, ties=ties))
    (full,) = await profile_data(db, ["s", "nobody"], [])
    (compact,) = await tie_data(db, ["s"])

    def scored(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
        return sorted(
            (*(r["tie"][k] for k in SCORED), r["supporter"])  # type: ignore[index]
            for r in rows
        )

    assert scored(compact["ties"]) == scored(full["ties"])
    assert [t[0] for t in scored(full["ties"])] == ["a", "b", "c"]
    assert full["ties"][0]["supporter"].keys() == {"id", "name", "roles", "department"}
    assert (compact["storedScore"], compact["storedThin"], compact["today"]) == (None, None, today)
    ego = {e["id"]: (e["degree"], sorted(e["links"])) for e in full["ego"]}
    assert ego == {"m": (1, []), "n": (1, [])}  # n–s both ways is one edge

    (gone,) = await profile_data(db, ["s"], ["m"])
    assert [r["tie"]["id"] for r in gone["ties"]] == ["c"]
    assert [e["id"] for e in gone["ego"]] == ["n"]
    assert await supported_by(db, "m") == ["s"]
    assert await supported_by(db, "x") == []  # KNOWS and an ended tie are not support
    assert await supported_by(db, "s") == ["n"]
