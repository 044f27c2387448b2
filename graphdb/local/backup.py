"""Backups of the local Neo4j: its store, archived while Neo4j is stopped.

Community Edition has no online backup; a store that Neo4j has shut down cleanly
(SIGTERM: the shutdown hook checkpoints) is consistent, so a copy of it is a consistent
backup of everything — data, schema, the audit, alerts, migrations. A running Neo4j is
stopped for the copy and started again on its port (the cost is its downtime: seconds).
A restore puts an archive's store in place of the folder's, keeping the store it
replaces beside it. For a Neo4j elsewhere (a cluster, Aura) use its own backups
(docs/scaling.md).
"""

from __future__ import annotations

import shutil
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path

from graphdb.local import neo4j as local_neo4j
from graphdb.local.neo4j import LocalNeo4jError

STORE = "store"  # the launcher's --data: data_dir / STORE


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    bytes: int
    stopped_s: float  # how long Neo4j was down for it (0 when it was not running)


def backup(
    data_dir: Path, out: Path, *, heap: str = "2g", pagecache: str = "1g", apoc: bool = False
) -> Backup:
    """Archive data_dir's store to ``out`` (a .tar.gz), stopping a running Neo4j for the
    copy and starting it again on the same port."""
    data_dir = data_dir.resolve()
    store = data_dir / STORE
    if not store.is_dir():
        raise LocalNeo4jError(f"no local Neo4j store in {data_dir}: nothing to back up")
    if out.exists():
        raise LocalNeo4jError(f"{out} exists: choose another name, or move it away first")
    running = local_neo4j.status(data_dir)
    began = time.monotonic()
    if running:
        local_neo4j.stop(data_dir)
    partial = out.with_name(out.name + ".partial")
    try:
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(store, arcname=STORE)
        partial.rename(out)  # an archive by that name is whole
    finally:
        partial.unlink(missing_ok=True)
        if running:
            local_neo4j.start(
                data_dir, port=running.port, heap=heap, pagecache=pagecache, apoc=apoc
            )
    stopped = time.monotonic() - began if running else 0.0
    return Backup(out, out.stat().st_size, stopped)


def restore(data_dir: Path, archive_path: Path, *, replace: bool = False) -> Path | None:
    """Put the archive's store in data_dir while Neo4j is stopped. An existing store is
    refused unless ``replace``, and then kept beside it; returns where it went."""
    data_dir = data_dir.resolve()
    if local_neo4j.status(data_dir):
        raise LocalNeo4jError(
            f"a local Neo4j runs on {data_dir}: stop it first "
            f"(`supportweb neo4j stop --data {data_dir}`)"
        )
    if not archive_path.is_file():
        raise LocalNeo4jError(f"{archive_path}: no such backup")
    store = data_dir / STORE
    if store.exists() and not replace:
        raise LocalNeo4jError(
            f"{data_dir} already holds a store: pass --replace to put the backup in its "
            "place (the current store is kept beside it)"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    unpacked = data_dir / f"{STORE}.restoring"
    shutil.rmtree(unpacked, ignore_errors=True)
    with tarfile.open(archive_path, "r:gz") as archive:
        names = archive.getnames()
        if not names or any(n != STORE and not n.startswith(STORE + "/") for n in names):
            raise LocalNeo4jError(f"{archive_path} is not a backup of `supportweb backup`")
        unpacked.mkdir()
        archive.extractall(unpacked, filter="data")
    kept = None
    if store.exists():
        kept = data_dir / f"{STORE}.before-restore-{time.strftime('%Y%m%d-%H%M%S')}"
        store.rename(kept)
    (unpacked / STORE).rename(store)
    unpacked.rmdir()
    return kept
