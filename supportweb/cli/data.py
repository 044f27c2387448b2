"""The data commands: migrate, import, seed, export, rescore, schema."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

from graphdb.audit import record
from graphdb.driver import Database
from graphdb.model import PeopleFilter, TieKind
from resolvers.audit import command_event, tombstone_key
from resolvers.pseudonyms import pseudonym
from supportweb.cli.common import CommandError, progress_bar, with_db
from supportweb.settings import Settings


async def rescore(db: Database) -> None:
    """After bulk writes: score everyone, so the first thin-support page is fast."""
    from resolvers.support.score_table import rebuild_scores

    print("scoring support profiles …", file=sys.stderr, flush=True)
    scored = await rebuild_scores(db)
    print(f"scored {scored} people", file=sys.stderr, flush=True)


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> None:
    from graphdb.migrate import migrate

    applied = asyncio.run(with_db(settings, migrate))
    if applied:
        for m in applied:
            print(f"applied V{m.version:04d} {m.name}")
    else:
        print("migrations are current")


def cmd_import(args: argparse.Namespace, settings: Settings) -> None:
    from graphdb.bulk.importer import ImportRejected, import_dir
    from graphdb.migrate import migrate

    folder = Path(args.dir)
    if not folder.is_dir():
        raise CommandError(f"{folder} is not a folder: pass the folder that holds the CSV files")

    async def work(db: Database) -> None:
        await migrate(db)
        key = settings.pseudonym_key()
        report = await import_dir(
            db,
            folder,
            progress=progress_bar(),
            tombstone=lambda pid: tombstone_key(key, pid),
            batch_size=settings.supportweb_import_batch_rows,
            single_tx_limit=settings.supportweb_import_single_tx_rows,
            discard_unfinished=args.discard_unfinished,
        )
        print(report)
        await rescore(db)

    try:
        asyncio.run(with_db(settings, work))
    except ImportRejected as rejected:
        for problem in rejected.problems:
            print(problem, file=sys.stderr)
        raise CommandError(
            f"import rejected: {len(rejected.problems)} bad row(s); nothing was written"
        ) from rejected


def cmd_seed(args: argparse.Namespace, settings: Settings) -> None:
    from graphdb.migrate import migrate
    from graphdb.seed import seed

    async def work(db: Database) -> dict[str, int]:
        await migrate(db)
        counts = await seed(db, args.people, args.seed, progress=progress_bar())
        await rescore(db)
        return counts

    counts = asyncio.run(with_db(settings, work))
    print(", ".join(f"{v} {k}" for k, v in counts.items()))


def cmd_rescore(args: argparse.Namespace, settings: Settings) -> None:
    asyncio.run(with_db(settings, rescore))


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
    imp.set_defaults(func=cmd_import)

    sd = sub.add_parser("seed", help="write a deterministic synthetic university")
    sd.add_argument("--people", type=int, default=5000)
    sd.add_argument("--seed", type=int, default=7)
    sd.set_defaults(func=cmd_seed)

    sub.add_parser(
        "rescore", help="score everyone's support again (after a failed import or seed)"
    ).set_defaults(func=cmd_rescore)

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
