"""The marker of an import that is written batch by batch (docs/import.md, "Atomicity").

An import too large for one transaction commits one batch at a time, so a crash (a killed
process, a lost database) can leave part of it in the graph. Before its first batch it
writes one ``:ImportRun`` node naming the folder and the fingerprint of its files, and
each batch moves the node's count *in the batch's own transaction*: the node always says
exactly how many batches are in the graph. The last step deletes it.

So the next ``supportweb import`` knows. The same files again resume after the last
committed batch (the batches come out in the same order from the same files, and each is
an upsert anyway); other files are refused until the unfinished import is finished or
explicitly discarded, because the graph holds an unknown part of something else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import LiteralString

from graphdb.driver import Database, Runner
from graphdb.errors import Conflict

READ: LiteralString = "MATCH (r:ImportRun {id: 'import'}) RETURN properties(r) AS run"
BEGIN: LiteralString = """
MERGE (r:ImportRun {id: 'import'})
ON CREATE SET r.folder = $folder, r.fingerprint = $fingerprint, r.startedAt = datetime(),
              r.batchesDone = 0
SET r.batches = $batches, r.batchSize = $batchSize
"""
ADVANCE: LiteralString = "MATCH (r:ImportRun {id: 'import'}) SET r.batchesDone = $done"
FINISH: LiteralString = "MATCH (r:ImportRun {id: 'import'}) DELETE r"


@dataclass(frozen=True, slots=True)
class Run:
    """An import: its folder and the fingerprint of its files."""

    folder: str
    fingerprint: str
    written_before: int = 0  # batches an interrupted run of the same files wrote
    unfinished: bool = False  # the graph marks a run of these files, even one with no batch


@dataclass(frozen=True, slots=True)
class Unfinished:
    """What the graph's marker says of an import that has not finished."""

    folder: str
    fingerprint: str
    started_at: dt.datetime
    batches_done: int
    batches: int
    batch_size: int

    def describe(self) -> str:
        return (
            f"{self.folder} (started {self.started_at:%Y-%m-%d %H:%M} UTC; "
            f"{self.batches_done} of {self.batches} batches written)"
        )


class ImportUnfinished(Conflict):
    """Another import has not finished: the graph holds an unknown part of it."""


def fingerprint(files: list[Path]) -> str:
    """SHA-256 over the files' names and bytes: the same files give the same batches."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0")
        with path.open("rb") as f:
            while chunk := f.read(1 << 20):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


async def unfinished(db: Database) -> Unfinished | None:
    row = await db.read_one(READ)
    if row is None:
        return None
    r = row["run"]
    return Unfinished(
        folder=r["folder"],
        fingerprint=r["fingerprint"],
        started_at=r["startedAt"],
        batches_done=int(r.get("batchesDone", 0)),
        batches=int(r.get("batches", 0)),
        batch_size=int(r.get("batchSize", 0)),
    )


async def check(db: Database, run: Run, *, discard: bool = False) -> Run:
    """Before an import: ``run`` as it is to be written — with the batches an interrupted
    run of the same files wrote — or ``ImportUnfinished`` when an import of other files
    has not finished (unless ``discard``)."""
    found = await unfinished(db)
    if found is None:
        return run
    if found.fingerprint == run.fingerprint:
        return replace(run, written_before=found.batches_done, unfinished=True)
    if discard:
        await db.write(FINISH, graph=False)  # bookkeeping: readers see nothing of it
        return run
    raise ImportUnfinished(
        f"an import of {found.describe()} has not finished: it is running, or it was "
        "interrupted and the graph holds part of it. Run `supportweb import "
        f"{found.folder}` again to finish it (it resumes after the last written batch), or "
        "pass --discard-unfinished to import this folder anyway (what was written stays)"
    )


async def begin(db: Database, run: Run, batches: int, batch_size: int) -> None:
    """Mark the import as under way (``batches`` still to write, ``batch_size`` rows
    each); what an interrupted run of the same files wrote is in the graph already."""
    await db.write(
        BEGIN,
        {
            "folder": run.folder,
            "fingerprint": run.fingerprint,
            "batches": batches,
            "batchSize": batch_size,
        },
        graph=False,  # bookkeeping: no reader's answer changes until a batch is written
    )


async def advance(tx: Runner, done: int) -> None:
    """In a batch's own transaction: that batch is written."""
    await tx.write(ADVANCE, {"done": done})


async def finish(tx: Runner) -> None:
    await tx.write(FINISH)
