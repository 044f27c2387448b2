"""The last finished import, kept so that importing the same files again into a graph
nobody has written since is known to change nothing without reading a row of them.

Re-importing an unchanged folder is idempotent by design (graphdb/bulk/diff.py compares
every record with the graph and writes only what differs), but at a million people that
comparison — validating 13 M rows in Python and one index seek each — takes minutes to
find nothing. Two facts together make it unnecessary:

- the files are the same bytes: the fingerprint that already tells a resumed import from
  another (``graphdb.bulk.runs.fingerprint``, SHA-256 over names and bytes), and the same
  reading of them (``FORMAT``, moved whenever reading or writing the same files would land
  something different);
- the graph is as that import left it: its version (graphdb/graph_version.py), which every
  write transaction moves, is the one the import sealed.

So a finished import *seals* the graph's version node with its fingerprint and the version
it left — but only when no one else wrote while it ran: the seal expects the version it
read before comparing, moved by exactly the import's own transactions (``Database.bumps``
counts them; a retried transaction counts twice, which only ever declines a seal). A write
by anyone else during the import, or after it, leaves the seal behind the version, and the
next import of the same files compares every record, as before. The seal is kept on the
version node itself (``graph=False``: readers' answers do not change), so a wiped or
replaced store, which has a new version node, carries no seal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import LiteralString

from graphdb import graph_version
from graphdb.bulk.runs import Run
from graphdb.driver import Database

FORMAT = "1"
"""The import's reading of the same files: move it when a release would write different
records from the same bytes, so that its first re-import compares them all."""

# Migrations write with graph=False (they change no answer), but one may change stored
# records: the seal names the last migration applied, and a later one breaks it.
SCHEMA: LiteralString = "OPTIONAL MATCH (m:Migration) WITH max(m.version) AS schema "

READ: LiteralString = (
    SCHEMA + "OPTIONAL MATCH (v:GraphVersion {id: 'graph'}) "
    "RETURN v.epoch AS epoch, v.n AS n, "
    "v.importFingerprint AS fingerprint, v.importFormat AS format, "
    "v.importFolder AS folder, v.importedAt AS at, v.importN AS sealedN, "
    "v.importSchema = schema AS sameSchema"
)

# A fresh store (the offline path) has no version node yet: the seal creates it, as the
# driver's bump would, so that the next write moves it away from the seal.
SEAL: LiteralString = (
    SCHEMA
    + """
MERGE (v:GraphVersion {id: 'graph'}) ON CREATE SET v.epoch = randomUUID(), v.n = 0
WITH v, schema WHERE v.n = $n AND ($epoch = '' OR v.epoch = $epoch)
SET v.importFingerprint = $fingerprint, v.importFormat = $format, v.importFolder = $folder,
    v.importedAt = datetime(), v.importN = v.n, v.importSchema = schema
RETURN v.n AS n
"""
)


@dataclass(frozen=True, slots=True)
class Version:
    epoch: str  # '' before the first write (no version node): any epoch the writes draw
    n: int


@dataclass(frozen=True, slots=True)
class Imported:
    """What the seal says of the last finished import of these files."""

    folder: str
    at: dt.datetime

    def describe(self) -> str:
        return f"{self.folder} on {self.at:%Y-%m-%d %H:%M} UTC"


@dataclass(frozen=True, slots=True)
class Watch:
    """The graph's version when an import began to read it, and the count of the import's
    own version moves at that moment: ``expected`` is where its writes alone leave it."""

    db: Database
    before: Version
    bumps: int

    def expected(self) -> Version:
        return Version(self.before.epoch, self.before.n + self.db.bumps - self.bumps)


FRESH_STORE = Version("", 0)
"""What a store the offline importer has just written expects: no version node, no write."""


async def watch(db: Database) -> Watch:
    """Call before the import reads the graph; every write of the import goes through ``db``."""
    row = await db.read_one(graph_version.READ)
    assert row is not None  # OPTIONAL MATCH: always one row
    return Watch(db, Version(row["epoch"], int(row["n"])), db.bumps)


async def seal(db: Database, run: Run, expected: Version) -> bool:
    """After an import of ``run``'s files finished: seal the version it left, if the graph
    is at ``expected`` (no one else wrote). True when sealed."""
    rows = await db.write(
        SEAL,
        {
            "n": expected.n,
            "epoch": expected.epoch,
            "fingerprint": run.fingerprint,
            "format": FORMAT,
            "folder": run.folder,
        },
        graph=False,  # bookkeeping of the import: no reader's answer changes
    )
    return bool(rows)


async def unchanged_since(db: Database, run: Run) -> Imported | None:
    """The last import, when it was of exactly these files (read as this release reads
    them) and nothing has been written to the graph since; else None. ``run`` as
    ``runs.check`` returned it: an unfinished import of these files is never unchanged,
    even one that marked itself and wrote no batch (its marker moves no version): the full
    path finishes it and removes the marker. (Other files' unfinished import was refused
    or discarded by ``runs.check``.)"""
    if run.unfinished:
        return None
    row = await db.read_one(READ)
    if row is None or row["fingerprint"] is None:
        return None
    if (row["fingerprint"], row["format"]) != (run.fingerprint, FORMAT):
        return None
    if row["sealedN"] != row["n"] or not row["sameSchema"]:
        return None
    return Imported(folder=row["folder"], at=row["at"])
