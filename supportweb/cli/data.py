"""The data commands: migrate, export, rescore, schema (import and seed: loading.py)."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from graphdb.audit import record
from graphdb.driver import Database
from graphdb.errors import SupportwebError
from graphdb.model import PeopleFilter, TieKind
from resolvers.audit import command_event
from resolvers.pseudonyms import pseudonym
from supportweb.cli.common import CommandError, progress_bar, say, with_db
from supportweb.cli.loading import RESCORE_HINT, cmd_import, cmd_seed
from supportweb.settings import Settings


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
