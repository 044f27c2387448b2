"""Versioned schema migrations: ordered ``V0001__name.cypher`` files, recorded in the graph.

Each file is idempotent on its own (``IF NOT EXISTS``), and an applied version is
recorded as a ``:Migration`` node, so ``supportweb migrate`` is safe to run at any time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString

from graphdb.driver import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
_FILE = re.compile(r"V(\d{4})__([a-z0-9_]+)\.cypher")

APPLIED: LiteralString = "MATCH (m:Migration) RETURN m.version AS version ORDER BY version"
RECORD: LiteralString = """
MERGE (m:Migration {version: $version})
ON CREATE SET m.name = $name, m.appliedAt = datetime()
"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def load_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    found: list[Migration] = []
    for path in sorted(folder.glob("*.cypher")):
        match = _FILE.fullmatch(path.name)
        if not match:
            raise ValueError(f"{path.name}: migration files are named V0001__what.cypher")
        text = "\n".join(
            line for line in path.read_text().splitlines() if not line.strip().startswith("//")
        )
        statements = tuple(s.strip() for s in text.split(";") if s.strip())
        found.append(Migration(int(match.group(1)), match.group(2), statements))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise ValueError("two migration files share a version number")
    return found


def latest_version() -> int:
    return max((m.version for m in load_migrations()), default=0)


async def applied_versions(db: Database) -> list[int]:
    return [int(r["version"]) for r in await db.read(APPLIED)]


async def migrate(db: Database, *, timeout: float | None = None) -> list[Migration]:
    """Apply the migrations not yet recorded; return those applied now. ``timeout`` bounds
    each statement (the query timeout by default); an index or constraint created over a
    store that already holds millions of records (after the offline import) needs more."""
    done = set(await applied_versions(db))
    applied: list[Migration] = []
    for migration in load_migrations():
        if migration.version in done:
            continue
        # Schema statements cannot share a transaction with data writes, so each runs alone.
        for statement in migration.statements:
            # Migration files are the project's own text, never user input.
            await db.write(statement, timeout=timeout, graph=False)
        await db.write(RECORD, {"version": migration.version, "name": migration.name}, graph=False)
        applied.append(migration)
    if applied:
        await db.write(
            "CALL db.awaitIndexes($s)",
            {"s": int(timeout or 300)},
            timeout=(timeout or 300) + 30,
            graph=False,
        )
    return applied


async def is_current(db: Database) -> bool:
    return latest_version() in set(await applied_versions(db))
