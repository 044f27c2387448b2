"""What every command shares: settings, a database for the command's work, progress
bars, and the error a user can act on."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from graphdb.driver import Database
from supportweb.settings import Settings

T = TypeVar("T")


class CommandError(Exception):
    """A failure the user can act on; main() prints it and exits 1."""


def data_dir(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.data) if getattr(args, "data", None) else settings.supportweb_data_dir


async def with_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
    db = Database(settings.neo4j())
    try:
        if not await db.ping():
            raise CommandError(
                f"cannot reach Neo4j at {db.config.uri}: start it with `supportweb neo4j start` "
                "or set NEO4J_URI"
            )
        return await work(db)
    finally:
        await db.close()


def progress_bar() -> Callable[[str, int, int], None] | None:
    if not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(what: str, done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, unit="rows", file=sys.stderr)
        b = bar["bar"]
        b.set_description(what)
        b.update(done - b.n)
        if done >= total:
            b.close()

    return update
