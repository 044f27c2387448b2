"""`supportweb report OUT_DIR`: the research plots as files and a page that shows them."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from graphdb.audit import record
from graphdb.driver import Database
from resolvers.audit import command_event
from supportweb.cli.common import CommandError, with_db
from supportweb.settings import Settings


def cmd_report(args: argparse.Namespace, settings: Settings) -> None:
    from resolvers.research.plots import write_report

    folder = Path(args.dir)
    if folder.exists() and not folder.is_dir():
        raise CommandError(f"{folder} is a file: pass a folder to write the report into")
    folder.mkdir(parents=True, exist_ok=True)

    async def work(db: Database) -> list[Path]:
        # Like an export, audited before anything about the graph is written.
        await record(db, [command_event(settings.pseudonym_key(), f"report {folder}")])
        print("reading the graph and drawing …", file=sys.stderr, flush=True)
        return await write_report(db, folder)

    written = asyncio.run(with_db(settings, work))
    print(f"wrote {len(written)} files; open {folder / 'index.html'}")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rp = sub.add_parser(
        "report", help="research plots (PNG and SVG) and an index.html showing them (audited)"
    )
    rp.add_argument("dir", help="the folder to write into")
    rp.set_defaults(func=cmd_report)
