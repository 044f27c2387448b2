"""An import written batch by batch that stops partway is known to the next one: the same
files resume after the last committed batch, other files are refused until it is finished
or discarded (graphdb/bulk/runs.py; docs/import.md, "Atomicity"). The stop here is an
exception after a batch; tests/reliability/test_crashes.py kills the process instead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graphdb.bulk import runs
from graphdb.bulk.csv_files import write_csv_dir
from graphdb.bulk.importer import ImportReport, import_dir
from graphdb.bulk.writer import Progress
from graphdb.driver import Database
from graphdb.seed import generate
from tests.reliability.harness import checksum

TODAY = dt.date(2025, 1, 15)


class Stopped(Exception):
    pass


def stop_after(batches: int) -> Progress:
    seen = 0

    def progress(what: str, done: int, total: int) -> None:
        nonlocal seen
        seen += 1
        if seen == batches:
            raise Stopped  # after that batch has committed

    return progress


def folder_of(root: Path, seed: int) -> Path:
    write_csv_dir(generate(200, seed, TODAY), root)
    return root


async def small_import(
    db: Database, folder: Path, progress: Progress | None = None, *, discard: bool = False
) -> ImportReport:
    """Over 500 rows, so written in batches of 200, one transaction each."""
    return await import_dir(
        db,
        folder,
        progress=progress,
        batch_size=200,
        single_tx_limit=500,
        discard_unfinished=discard,
    )


async def wipe(db: Database) -> None:
    await db.write("CALL () { MATCH (n) WHERE NOT n:Migration DETACH DELETE n }")


async def test_an_interrupted_import_is_resumed_by_the_same_files(
    db: Database, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path / "a", 3)
    await small_import(db, folder)
    clean = await checksum(db)
    await wipe(db)

    with pytest.raises(Stopped):
        await small_import(db, folder, stop_after(3))
    marker = await runs.unfinished(db)
    assert marker is not None and marker.batches_done == 3 and marker.batches > 3
    assert marker.folder == str(folder.resolve())

    report = await small_import(db, folder)
    assert report.resumed_after == 3
    assert "finished an interrupted import after its first 3 batches" in str(report)
    assert await runs.unfinished(db) is None
    assert await checksum(db) == clean


async def test_other_files_are_refused_until_the_unfinished_import_is_finished_or_discarded(
    db: Database, tmp_path: Path
) -> None:
    first, other = folder_of(tmp_path / "a", 3), folder_of(tmp_path / "b", 4)
    with pytest.raises(Stopped):
        await small_import(db, first, stop_after(2))
    with pytest.raises(runs.ImportUnfinished) as refused:
        await small_import(db, other)
    message = refused.value.message
    assert str(first.resolve()) in message and "2 of" in message
    assert f"supportweb import {first.resolve()}" in message and "--discard-unfinished" in message

    report = await small_import(db, other, discard=True)
    assert report.resumed_after == 0
    assert await runs.unfinished(db) is None


async def test_a_small_import_is_one_transaction_and_leaves_no_marker(
    db: Database, tmp_path: Path
) -> None:
    folder = folder_of(tmp_path / "a", 3)
    with pytest.raises(Stopped):
        await import_dir(db, folder, progress=stop_after(2), batch_size=200)
    # The exception came inside the one transaction: nothing was written, nothing marked.
    left = "MATCH (n) WHERE NOT (n:Migration OR n:GraphVersion) RETURN n LIMIT 1"
    assert await db.read(left) == []
