"""The data commands: migrate, import, seed, export, rescore, schema."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphdb.audit import record
from graphdb.driver import Database
from graphdb.errors import SupportwebError
from graphdb.local.neo4j import LocalNeo4jError
from graphdb.model import PeopleFilter, TieKind
from resolvers.audit import command_event, tombstone_key
from resolvers.pseudonyms import pseudonym
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


async def rescore(db: Database, everyone: bool = False) -> None:
    """Score whom the table cannot vouch for (unscored, marked stale, past their date);
    ``everyone``: mark all stale first, then the same (resumable either way)."""
    from resolvers.support.score_table import rebuild_scores, refresh_scores

    bar = progress_bar(" (resumable: `supportweb rescore`)")
    try:
        if everyone:
            say("marking everyone for re-scoring …")
            scored = await rebuild_scores(db, progress=bar)
        else:
            scored = (await refresh_scores(db, progress=bar)).rescored
    except SupportwebError as error:
        raise CommandError(f"scoring stopped: {error}; {RESCORE_HINT}") from error
    say(f"scored {scored:,} people" if scored else "every stored score is current")


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> None:
    from graphdb.migrate import migrate

    applied = asyncio.run(with_db(settings, migrate))
    if applied:
        for m in applied:
            print(f"applied V{m.version:04d} {m.name}")
    else:
        print("migrations are current")


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


def cmd_rescore(args: argparse.Namespace, settings: Settings) -> None:
    async def work(db: Database) -> None:
        await rescore(db, everyone=args.all)

    asyncio.run(with_db(settings, work))


def cmd_export(args: argparse.Namespace, settings: Settings) -> None:
    folder = Path(args.dir)
    if args.format == "spec":
        if args.pseudonymize or args.filter or args.kinds:
            raise CommandError(
                "the SPEC §6 files (the default format) are the whole graph, for `import`: "
                "use --format csv, graphml, parquet or json to pseudonymise or filter"
            )
        from graphdb.bulk.export import export_dir

        action = f"export {folder}"

        def export(db: Database) -> Awaitable[dict[str, int]]:
            return export_dir(db, folder)

    else:
        from resolvers.research.export import Format, export_graph

        flt, kinds = export_filter(args.filter), export_kinds(args.kinds)
        key = settings.pseudonym_key()
        rename = (lambda pid: pseudonym(key, pid)) if args.pseudonymize else None
        action = f"export --format {args.format}" + (" --pseudonymize" if rename else "")
        action += "".join(f" --filter {f}" for f in args.filter) + f" {folder}"

        def export(db: Database) -> Awaitable[dict[str, int]]:
            return export_graph(
                db,
                folder,
                Format(args.format),
                rename=rename,
                flt=flt,
                kinds=kinds,
                progress=progress_bar(),
            )

    async def work(db: Database) -> dict[str, int]:
        # Recorded before a byte is written: an export that cannot be audited does not run.
        await record(db, [command_event(settings.pseudonym_key(), action)])
        return await export(db)

    counts = asyncio.run(with_db(settings, work))
    print(f"wrote {folder}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


FILTER_KEYS = ("roles", "department", "classYear", "level", "groupId", "topic")


def export_filter(given: list[str]) -> PeopleFilter | None:
    """``--filter key=value`` (repeatable; roles comma-separated) as the API's filter."""
    if not given:
        return None
    fields: dict[str, Any] = {}
    for item in given:
        key, _, value = item.partition("=")
        if key not in FILTER_KEYS or not value:
            raise CommandError(
                f"--filter {item!r}: use KEY=VALUE, KEY one of {', '.join(FILTER_KEYS)}"
            )
        fields[key] = value
    try:
        return PeopleFilter.of(
            roles=fields["roles"].upper().split(",") if "roles" in fields else None,
            department=fields.get("department"),
            class_year=int(fields["classYear"]) if "classYear" in fields else None,
            level=fields["level"].upper() if "level" in fields else None,
            group_id=fields.get("groupId"),
            topic=fields.get("topic"),
        )
    except ValueError as error:
        raise CommandError(f"--filter: {error}") from error


def export_kinds(given: str | None) -> frozenset[TieKind]:
    if not given:
        return frozenset(TieKind)
    try:
        return frozenset(TieKind(k.strip().upper()) for k in given.split(","))
    except ValueError as error:
        kinds = ", ".join(k.value for k in TieKind)
        raise CommandError(f"--kinds: {error}; use some of {kinds}") from error


def cmd_schema(args: argparse.Namespace, settings: Settings) -> None:
    from schema.root import SDL_PATH, export_sdl

    sdl = export_sdl()
    if args.write:
        SDL_PATH.write_text(sdl)
        print(f"wrote {SDL_PATH}")
    else:
        print(sdl, end="")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sub.add_parser("migrate", help="apply schema migrations").set_defaults(func=cmd_migrate)

    imp = sub.add_parser("import", help="import the CSV files of a folder (SPEC §6)")
    imp.add_argument("dir")
    imp.add_argument(
        "--discard-unfinished",
        action="store_true",
        help="import even though another import was interrupted (what it wrote stays)",
    )
    imp.add_argument(
        "--recheck",
        action="store_true",
        help="compare every record with the graph even when these files were imported last "
        "and nothing has been written since (which is otherwise known to change nothing)",
    )
    imp.set_defaults(func=cmd_import)

    sd = sub.add_parser("seed", help="write a deterministic synthetic university")
    sd.add_argument("--people", type=int, default=5000)
    sd.add_argument("--seed", type=int, default=7)
    sd.set_defaults(func=cmd_seed)
    for cmd in (imp, sd):
        how = cmd.add_mutually_exclusive_group()
        how.add_argument(
            "--fast",
            action="store_true",
            help="insist on neo4j-admin's offline importer (the local Neo4j, an empty graph); "
            "chosen by itself when both hold",
        )
        how.add_argument(
            "--online", action="store_true", help="write through Bolt even into an empty graph"
        )
        cmd.add_argument("--data", help="the local Neo4j's data folder (default .neo4j)")

    rs = sub.add_parser(
        "rescore",
        help="score whoever is unscored or stale (resumes an interrupted import, seed or "
        "rebuild); --all to score everyone again",
    )
    rs.add_argument("--all", action="store_true", help="score everyone again (resumable)")
    rs.set_defaults(func=cmd_rescore)

    ex = sub.add_parser(
        "export",
        help="write the graph out: SPEC §6 CSV files (for import), or for analysis tools",
    )
    ex.add_argument("dir", help="the folder to write into")
    ex.add_argument(
        "--format",
        choices=("spec", "csv", "graphml", "parquet", "json"),
        default="spec",
        help="spec: SPEC §6 files, read back by `import` (default); csv: nodes.csv and "
        "edges.csv (Gephi); graphml (networkx, igraph, Gephi); parquet (pandas, polars); "
        "json: networkx's node-link form",
    )
    ex.add_argument(
        "--pseudonymize",
        action="store_true",
        help="people and ties by keyed pseudonym (SUPPORTWEB_PSEUDONYM_KEY), no names or emails",
    )
    ex.add_argument(
        "--filter",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="only these people (and the ties among them): roles=STUDENT,FACULTY, "
        "department=…, classYear=…, level=…, groupId=…, topic=… (repeatable)",
    )
    ex.add_argument("--kinds", help="tie kinds, comma-separated (default: every kind)")
    ex.set_defaults(func=cmd_export)

    sc = sub.add_parser("schema", help="print the GraphQL SDL")
    sc.add_argument("--write", action="store_true", help="write schema/schema.graphql")
    sc.set_defaults(func=cmd_schema)
