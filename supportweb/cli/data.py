"""The data commands: migrate, import, seed, export, rescore, schema."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from graphdb.audit import record
from graphdb.driver import Database
from resolvers.audit import command_event, tombstone_key
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
    from graphdb.bulk.export import export_dir

    folder = Path(args.dir)

    async def work(db: Database) -> dict[str, int]:
        # Recorded before a byte is written: an export that cannot be audited does not run.
        await record(db, [command_event(settings.pseudonym_key(), f"export {folder}")])
        return await export_dir(db, folder)

    counts = asyncio.run(with_db(settings, work))
    print(f"wrote {folder}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


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

    ex = sub.add_parser("export", help="write the graph out as SPEC §6 CSV files")
    ex.add_argument("dir")
    ex.set_defaults(func=cmd_export)

    sc = sub.add_parser("schema", help="print the GraphQL SDL")
    sc.add_argument("--write", action="store_true", help="write schema/schema.graphql")
    sc.set_defaults(func=cmd_schema)
