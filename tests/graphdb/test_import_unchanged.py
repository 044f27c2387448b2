"""Importing the same files again into a graph no one has written since is known to change
nothing without reading them (graphdb/bulk/last_import.py); any write since, by anyone, or
other files, and the import compares every record as before."""

from __future__ import annotations

import asyncio
from pathlib import Path

from graphdb.bulk import last_import, runs
from graphdb.bulk.csv_files import write_csv_dir
from graphdb.bulk.importer import import_dir, run_of
from graphdb.driver import Database, Neo4jConfig
from graphdb.seed import generate
from tests.graphdb.test_import_resume import TODAY, small_import
from tests.reliability.harness import checksum

A_TIE = "MATCH ()-[t {id: $id}]->() RETURN t.id AS id"


def folder_of(root: Path) -> Path:
    write_csv_dir(generate(200, 3, TODAY), root)
    return root


def first_tie(folder: Path) -> str:
    return (folder / "ties.csv").read_text().splitlines()[1].split(",")[0]


async def test_the_same_files_into_an_unwritten_graph_are_known_to_change_nothing(
    db: Database, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path / "a")
    first = await import_dir(db, folder)
    assert first.unchanged is None and first.people == 200
    before = await checksum(db)
    trips = db.round_trips

    again = await import_dir(db, folder)
    assert again.unchanged is not None and again.unchanged.folder == str(folder.resolve())
    assert again.counts == {} and again.written == 0
    assert str(again).startswith("nothing to import: these files were imported last")
    assert "--recheck" in str(again)
    # Two reads (the unfinished marker, the seal): no row compared with the graph.
    assert db.round_trips - trips == 2
    assert await checksum(db) == before

    # --recheck reads and compares them all, finds nothing new, and seals again.
    checked = await import_dir(db, folder, recheck=True)
    assert checked.unchanged is None and checked.people == 200
    assert await checksum(db) == before
    assert (await import_dir(db, folder)).unchanged is not None


async def test_a_write_since_the_import_makes_the_next_one_compare_and_restore(
    db: Database, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path / "a")
    await import_dir(db, folder)
    tie = first_tie(folder)
    # Anyone's write moves the graph's version past the seal: here, a tie deleted.
    await db.write("MATCH ()-[t {id: $id}]->() DELETE t", {"id": tie})
    assert await db.read(A_TIE, {"id": tie}) == []

    report = await import_dir(db, folder)
    assert report.unchanged is None and report.written >= 1
    assert await db.read(A_TIE, {"id": tie}) == [{"id": tie}]
    assert (await import_dir(db, folder)).unchanged is not None  # sealed once more


async def test_other_files_are_compared(db: Database, tmp_path: Path) -> None:
    folder = folder_of(tmp_path / "a")
    await import_dir(db, folder)
    people = folder / "people.csv"
    lines = people.read_text().splitlines(keepends=True)
    header, first = lines[0].split(","), lines[1].split(",")
    first[header.index("name")] = "Someone Renamed"
    people.write_text("".join([lines[0], ",".join(first), *lines[2:]]))

    report = await import_dir(db, folder)
    assert report.unchanged is None and report.written >= 1
    row = await db.read_one("MATCH (p:Person {id: $id}) RETURN p.name AS name", {"id": first[0]})
    assert row == {"name": "Someone Renamed"}


async def test_a_write_by_another_while_the_import_ran_declines_the_seal(
    db: Database, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path / "a")
    other = Database(Neo4jConfig(db.config.uri))
    try:
        # Deterministic: the version watched, another writer, then the import's own write.
        watch = await last_import.watch(db)
        await other.write("CREATE (:Person {id: 'elsewhere', name: 'Elsewhere'})")
        await db.write("CREATE (:Person {id: 'ours', name: 'Ours'})")
        assert not await last_import.seal(db, run_of(folder), watch.expected())

        # Through the import: a write lands between its batches.
        writes: list[asyncio.Task[object]] = []

        def progress(what: str, done: int, total: int) -> None:
            if not writes:
                writes.append(
                    asyncio.get_running_loop().create_task(
                        other.write("MATCH (p:Person {id: 'elsewhere'}) SET p.name = 'Moved'")
                    )
                )

        await small_import(db, folder, progress)
        await asyncio.gather(*writes)
    finally:
        await other.close()
    assert (await import_dir(db, folder)).unchanged is None  # compared, not assumed


async def test_an_import_that_marked_itself_and_stopped_is_finished_not_skipped(
    db: Database, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path / "a")
    await import_dir(db, folder)
    # Stopped after marking itself, before its first batch: the marker moves no version.
    await runs.begin(db, run_of(folder), batches=3, batch_size=200)

    report = await import_dir(db, folder)
    assert report.unchanged is None and report.people == 200
    assert await runs.unfinished(db) is None
    assert (await import_dir(db, folder)).unchanged is not None
