"""Loading a whole dataset (an import folder, the seed) at the speed of the database, and
keeping the score table after it.

Two paths, one validation (``graphdb.bulk.importer.read_folder`` for a folder; the seed's
records are valid by construction):

- **offline**, for the local Neo4j with an empty graph: every person's score computed
  from the records (``resolvers.support.bulk_scores``), the records and scores written as
  the offline importer's CSV files (``graphdb.bulk.admin_csv``), Neo4j stopped, the store
  written by ``neo4j-admin database import full`` and swapped in whole
  (``graphdb.local.offline_import``), Neo4j started again and the migrations applied (its
  constraints and indexes built over the new store). Nothing is left to score.
- **online**, for any other graph: only what is new or differs is written
  (``graphdb.bulk.writer``), marking whose support changed; then only those are scored
  (``refresh_scores``), never the whole table.

docs/scale.md has the figures and the reasons.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString

from graphdb.bulk.admin_csv import write_admin_files
from graphdb.bulk.diff import WritePlan
from graphdb.bulk.membership_columns import MembershipColumns
from graphdb.bulk.runs import Run
from graphdb.bulk.tie_columns import TieColumns
from graphdb.bulk.writer import BATCH_ROWS, Progress, write_dataset
from graphdb.driver import Database
from graphdb.local.offline_import import offline_import, staging_dir
from graphdb.migrate import migrate
from graphdb.model import Dataset
from resolvers.support.bulk_scores import score_ties
from resolvers.support.score_table import refresh_scores

Say = Callable[[str], None]

# A LIMIT inside: the first node found answers, however large the graph.
ANYTHING_FIRST: LiteralString = (
    "CALL () { MATCH (n) WHERE NOT (n:Migration OR n:GraphVersion) RETURN n LIMIT 1 } "
    "RETURN count(n) > 0 AS found"
)
TODAY: LiteralString = "RETURN date() AS today"

MIGRATE_AFTER_OFFLINE_S = 3_600.0
"""Building the constraints' indexes over a store of millions of ties takes minutes."""


@dataclass(frozen=True, slots=True)
class LoadReport:
    path: str  # "offline" or "online"
    seconds: float
    written: int  # records written (online: new or changed ones)
    scored: int  # people scored after the write
    steps: dict[str, float]  # seconds per step
    resumed_after: int = 0  # batches an interrupted import of the same files had written


async def graph_is_empty(db: Database) -> bool:
    """Nothing but the migrations' records and the graph version (a replaced store has
    none, so every copy of the old graph is stale): what the offline importer may replace."""
    row = await db.read_one(ANYTHING_FIRST)
    return not (row and row["found"])


async def database_today(db: Database) -> dt.date:
    row = await db.read_one(TODAY)
    assert row is not None
    today: dt.date = row["today"]
    return today


async def load_offline(
    db: Database,
    dataset: Dataset,
    data_dir: Path,
    *,
    memberships: MembershipColumns | None = None,
    ties: TieColumns | None = None,
    say: Say | None = None,
) -> LoadReport:
    """The offline path (the graph must be empty and ``data_dir`` the local Neo4j that
    ``db`` reaches). The memberships and ties are ``memberships`` and ``ties`` when given
    (an import folder's, read as columns), else the dataset's. ``db`` is unusable while
    Neo4j restarts; a new connection migrates. On failure the old store is left as it was
    (and Neo4j runs on it again)."""
    tell = say or (lambda _: None)
    steps: dict[str, float] = {}
    t0 = time.perf_counter()
    today = await database_today(db)
    if memberships is None:
        memberships = MembershipColumns.from_records(dataset.memberships)
    if ties is None:
        ties = TieColumns.from_records(dataset.ties)
    tell(f"scoring {len(dataset.people):,} support profiles from the records …")
    scores = score_ties(dataset.people, ties, today)
    t1 = time.perf_counter()
    steps["score"] = t1 - t0
    staging = staging_dir(data_dir)
    shutil.rmtree(staging, ignore_errors=True)
    try:
        tell("writing the offline importer's files …")
        files = write_admin_files(dataset, memberships, ties, staging / "csv", scores)
        del scores
        t2 = time.perf_counter()
        steps["files"] = t2 - t1
        _, report = offline_import(
            data_dir, files.options(), staged_home=staging / "home", progress=tell
        )
        steps["stop"] = report.stopped_s
        steps["import"] = report.import_s
        steps["start"] = report.started_s
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    t3 = time.perf_counter()
    tell("building the indexes and constraints (migrations) …")
    fresh = Database(db.config)
    try:
        await migrate(fresh, timeout=MIGRATE_AFTER_OFFLINE_S)
    finally:
        await fresh.close()
    t4 = time.perf_counter()
    steps["migrate"] = t4 - t3
    written = sum(files.counts.values())
    return LoadReport("offline", t4 - t0, written, len(dataset.people), steps)


async def load_online(
    db: Database,
    dataset: Dataset,
    *,
    plan: WritePlan | None = None,
    progress: Progress | None = None,
    run: Run | None = None,
    batch_size: int = BATCH_ROWS,
    single_tx_limit: int = 50_000,
) -> LoadReport:
    """The online path: write what changed, then score whom it changed. ``run``: an
    import's files, marked in the graph while a batch-by-batch write is under way."""
    t0 = time.perf_counter()
    stats = await write_dataset(
        db,
        dataset,
        plan=plan,
        progress=progress,
        run=run,
        batch_size=batch_size,
        single_tx_limit=single_tx_limit,
    )
    t1 = time.perf_counter()
    refreshed = await refresh_scores(db, progress=progress)
    t2 = time.perf_counter()
    steps = {"write": t1 - t0, "score": t2 - t1}
    return LoadReport(
        "online", t2 - t0, stats.written, refreshed.rescored, steps, stats.resumed_after
    )
