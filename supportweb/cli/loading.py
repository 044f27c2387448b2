"""The commands that load a whole dataset, `import` and `seed`, and the choice between
their two paths (docs/scale.md): neo4j-admin's offline importer for an empty local graph,
the online batched write for any other."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from graphdb.driver import Database
from graphdb.errors import SupportwebError
from graphdb.local.neo4j import LocalNeo4jError
from resolvers.audit import tombstone_key
from supportweb.cli.common import CommandError, local_data_dir, progress_bar, say, with_db
from supportweb.settings import Settings

if TYPE_CHECKING:
    from graphdb.bulk import last_import
    from graphdb.bulk.diff import WritePlan
    from graphdb.bulk.membership_columns import MembershipColumns
    from graphdb.bulk.runs import Run
    from graphdb.bulk.tie_columns import TieColumns
    from graphdb.model import Dataset
    from resolvers.bulk_load import LoadReport

RESCORE_HINT = "run `supportweb rescore` to finish scoring (it resumes where this stopped)"


def _choose_offline(args: argparse.Namespace, settings: Settings, empty: bool) -> Path | None:
    """The local data folder when the offline importer is to be used, else None."""
    if args.online:
        return None
    local = local_data_dir(_with_data(args, settings))
    if local is not None and empty:
        say(
            f"the graph is empty and Neo4j is the local one ({local}): loading with "
            "neo4j-admin's offline importer, which restarts it (--online to avoid)"
        )
        return local
    if args.fast:
        why = (
            "the graph is not empty"
            if local is not None
            else ("NEO4J_URI is not the local Neo4j (`supportweb neo4j start`; --data DIR)")
        )
        raise CommandError(f"--fast needs the local Neo4j and an empty graph: {why}")
    return None


def _with_data(args: argparse.Namespace, settings: Settings) -> Settings:
    if getattr(args, "data", None):
        return settings.model_copy(update={"supportweb_data_dir": Path(args.data)})
    return settings


async def _local_for_offline(
    db: Database, args: argparse.Namespace, settings: Settings
) -> Path | None:
    """The local data folder when the offline importer is to be used (asked before the
    files are read, so that the ties can be read for it: as columns), else None."""
    from resolvers.bulk_load import graph_is_empty

    return _choose_offline(args, settings, await graph_is_empty(db))


async def _load(
    db: Database,
    args: argparse.Namespace,
    settings: Settings,
    dataset: Dataset,
    plan: WritePlan | None,
    *,
    local: Path | None,
    memberships: MembershipColumns | None = None,
    ties: TieColumns | None = None,
    run: Run | None = None,
) -> LoadReport:
    from resolvers.bulk_load import load_offline, load_online

    if local is not None:
        try:
            return await load_offline(
                db, dataset, local, memberships=memberships, ties=ties, say=say
            )
        except LocalNeo4jError as error:
            raise CommandError(
                f"{error}\nnothing was imported: the old store is as it was and Neo4j runs "
                "on it again; fix the cause and run the same command (or --online)"
            ) from error
    bar = progress_bar(" (resumable: run the same command again)")
    try:
        return await load_online(
            db,
            dataset,
            plan=plan,
            progress=bar,
            run=run,
            batch_size=settings.supportweb_import_batch_rows,
            single_tx_limit=settings.supportweb_import_single_tx_rows,
        )
    except SupportwebError as error:
        raise CommandError(
            f"the write stopped partway: {error}\nrun the same command again: it writes only "
            f"what is missing or differs; then {RESCORE_HINT}"
        ) from error


def cmd_import(args: argparse.Namespace, settings: Settings) -> None:
    from graphdb.bulk import last_import, runs
    from graphdb.bulk.importer import (
        ImportRejected,
        read_folder,
        read_folder_offline,
        resumed,
        run_of,
        unchanged_words,
    )
    from graphdb.migrate import migrate

    folder = Path(args.dir)
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder: pass the folder that holds the CSV files")

    async def work(db: Database) -> None:
        await migrate(db)
        key = settings.pseudonym_key()
        t0 = time.perf_counter()
        # An unfinished batch-by-batch import of other files is refused (or discarded)
        # before anything is read; the same files finish it (graphdb/bulk/runs.py).
        run = await runs.check(db, run_of(folder), discard=args.discard_unfinished)
        if not args.recheck and (last := await last_import.unchanged_since(db, run)):
            print(unchanged_words(last))
            return
        watch = await last_import.watch(db)
        local = await _local_for_offline(db, args, settings)
        tombstone, bar = (lambda pid: tombstone_key(key, pid)), progress_bar()
        ties: TieColumns | None = None
        memberships: MembershipColumns | None = None
        plan: WritePlan | None = None
        if local is not None:  # the large files as columns (docs/import.md)
            checked = await read_folder_offline(db, folder, tombstone=tombstone, progress=bar)
            dataset, counts = checked.dataset, checked.counts
            ties, memberships = checked.ties, checked.memberships
        else:
            dataset, counts, plan = await read_folder(db, folder, tombstone=tombstone, progress=bar)
        say(f"checked {', '.join(f'{n:,} from {f}' for f, n in counts.items())}")
        report = await _load(
            db,
            args,
            settings,
            dataset,
            plan,
            local=local,
            memberships=memberships,
            ties=ties,
            run=run,
        )
        await _seal(db, run, report.path, watch)
        print(
            f"imported {', '.join(f'{n:,} from {f}' for f, n in counts.items())} in "
            f"{time.perf_counter() - t0:.1f} s ({report.path}: {report.written:,} written, "
            f"{report.scored:,} scored){resumed(report.resumed_after)}"
        )

    try:
        asyncio.run(with_db(settings, work))
    except ImportRejected as rejected:
        for problem in rejected.problems:
            print(problem, file=sys.stderr)
        raise CommandError(
            f"import rejected: {len(rejected.problems)} bad row(s); nothing was written"
        ) from rejected


async def _seal(db: Database, run: Run, path: str, watch: last_import.Watch) -> None:
    """Seal the graph's version with the files just imported, so that importing them again
    into a graph no one has written since is known to change nothing
    (graphdb/bulk/last_import.py). The offline path left a fresh store on a restarted Neo4j:
    a new connection, and no write expected on it."""
    from graphdb.bulk import last_import

    if path != "offline":
        await last_import.seal(db, run, watch.expected())
        return
    fresh = Database(db.config)
    try:
        await last_import.seal(fresh, run, last_import.FRESH_STORE)
    finally:
        await fresh.close()


def cmd_seed(args: argparse.Namespace, settings: Settings) -> None:
    from graphdb.migrate import migrate
    from graphdb.programs.bulk import write_programs
    from graphdb.seed import build

    async def work(db: Database) -> dict[str, int]:
        await migrate(db)
        t0 = time.perf_counter()
        say(f"generating a university of {args.people:,} people …")
        dataset, programs = build(args.people, args.seed)
        say(f"generated in {time.perf_counter() - t0:.1f} s")
        local = await _local_for_offline(db, args, settings)
        report = await _load(db, args, settings, dataset, None, local=local)
        say(f"{report.path} load: {report.seconds:.1f} s ({report.written:,} written)")
        # The scenarios' programs, enrolments and requests: a few hundred rows, online on
        # either path (after the offline one, on a new connection to the restarted Neo4j).
        fresh = Database(db.config) if report.path == "offline" else db
        try:
            await write_programs(fresh, programs)
        finally:
            if fresh is not db:
                await fresh.close()
        return dataset.counts() | programs.counts()

    counts = asyncio.run(with_db(settings, work))
    print(", ".join(f"{v} {k}" for k, v in counts.items()))
