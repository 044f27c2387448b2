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


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def progress_bar(note: str = "") -> Callable[[str, int, int], None]:
    """progress(what, done, total): a bar per phase on a terminal (a phase is a new
    total), else a line every tenth of the way. ``note`` follows each phase's name (how
    to resume it, say)."""
    if not sys.stderr.isatty():
        shown: dict[str, Any] = {"total": None, "step": -1}

        def line(what: str, done: int, total: int) -> None:
            if total != shown["total"]:
                shown["total"], shown["step"] = total, -1
            step = done * 10 // max(total, 1)
            if step != shown["step"]:
                shown["step"] = step
                say(f"{what}{note}: {done:,} / {total:,}")

        return line
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(what: str, done: int, total: int) -> None:
        b = bar.get("bar")
        if b is None or b.total != total or done < b.n:
            if b is not None:
                b.close()
            b = bar["bar"] = tqdm(total=total, unit="rows", file=sys.stderr)
        b.set_description(what + note)
        b.update(done - b.n)
        if done >= total:
            b.close()

    return update


def local_data_dir(settings: Settings) -> Path | None:
    """The data folder of the local Neo4j when NEO4J_URI reaches it (unset, or bolt to
    this machine on the port it runs on), else None: a remote or unknown Neo4j."""
    from urllib.parse import urlparse

    from graphdb.local import neo4j as local_neo4j

    folder = settings.supportweb_data_dir
    running = local_neo4j.status(folder)
    if running is None:
        return None
    if settings.neo4j_uri is None:
        return folder if running.port == settings.supportweb_neo4j_port else None
    uri = urlparse(settings.neo4j_uri)
    local_host = uri.hostname in ("127.0.0.1", "localhost", "::1")
    return folder if local_host and uri.port == running.port else None
