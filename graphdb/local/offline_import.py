"""Neo4j's offline importer (``neo4j-admin database import full``) on the local Neo4j.

The importer comes with the jars the runner already resolves (``org.neo4j:neo4j`` pulls in
``neo4j-import-tool`` and ``neo4j-command-line`` of the same version); it runs as
``java -cp 'lib/*' org.neo4j.cli.AdminTool database import full …``. It writes a store
from nothing, far faster than any transaction can (no locks, no transaction log, sorted
relationship chains), but only with the database stopped and only into an empty one.

All or nothing: the importer writes into a staging home beside the data folder
(``DATA/offline-import``); only when it has finished are the ``neo4j`` database's store
and transaction-log folders swapped for the new ones (the old ones kept until the swap is
done, and put back if it fails). A failed import leaves the old store exactly as it was,
and the local Neo4j is started again either way, with the port, heap and page cache it
had.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphdb.local import neo4j as local_neo4j
from graphdb.local.neo4j import LocalNeo4jError, RunningNeo4j

DATABASE = "neo4j"
STAGING = "offline-import"
ADMIN_TOOL = "org.neo4j.cli.AdminTool"
ADMIN_LOG = "offline-import.log"


@dataclass(frozen=True, slots=True)
class OfflineReport:
    seconds: float
    stopped_s: float
    import_s: float
    started_s: float
    output_tail: str


def _mb(size: str) -> int:
    """'512m', '2g', '1024k' or bytes, in MB."""
    text = size.strip().lower()
    factor = {"k": 1 / 1024, "m": 1, "g": 1024}.get(text[-1:])
    return int(float(text[:-1]) * factor) if factor else int(text) >> 20


def staging_dir(data_dir: Path) -> Path:
    return data_dir.resolve() / STAGING


def _store_dirs(home: Path) -> tuple[Path, Path]:
    data = home / "data"
    return data / "databases" / DATABASE, data / "transactions" / DATABASE


def run_admin_import(
    home: Path,
    options: Sequence[str],
    *,
    heap: str = "1g",
    off_heap: str = "1g",
    threads: int | None = None,
    timeout: float = 3600.0,
    log: Path | None = None,
) -> str:
    """Run the importer into ``home`` (a fresh Neo4j home); returns its output's tail.
    Raises ``LocalNeo4jError`` with that tail when it fails."""
    java = local_neo4j.java_command()
    lib, _ = local_neo4j.resolve_jars()
    conf = home / "conf"
    conf.mkdir(parents=True, exist_ok=True)
    (conf / "neo4j.conf").touch()
    cmd = [
        java,
        f"-Xmx{heap}",
        "-XX:+UseG1GC",
        "-cp",
        f"{lib}/*",
        ADMIN_TOOL,
        "database",
        "import",
        "full",
        # The database's name first: a --nodes or --relationships option takes every
        # argument after it that is not an option as one more of its files.
        DATABASE,
        f"--max-off-heap-memory={off_heap}",
        f"--threads={threads or max(2, os.cpu_count() or 2)}",
        # The rows were validated before: any bad entry the importer still finds fails it.
        "--bad-tolerance=0",
        f"--report-file={home / 'import.report'}",
        *options,
    ]
    env = {**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(conf)}
    log_path = log or home / ADMIN_LOG
    with log_path.open("wb") as out:
        try:
            proc = subprocess.run(
                cmd, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise LocalNeo4jError(
                f"the offline import took over {timeout:.0f} s and was stopped; see {log_path}"
            ) from error
    text = log_path.read_text(errors="replace")
    tail = "\n".join(text.strip().splitlines()[-12:])
    if proc.returncode != 0 or "IMPORT DONE" not in text:
        raise LocalNeo4jError(f"the offline import failed (log: {log_path}):\n{tail}")
    return tail


def swap_in(staged_home: Path, store_home: Path) -> None:
    """Put the staged database in place of the store's ``neo4j`` database; the old one is
    restored if any move fails, and deleted once the new one is in."""
    new = _store_dirs(staged_home)
    old = _store_dirs(store_home)
    aside = staged_home.parent / "previous"
    shutil.rmtree(aside, ignore_errors=True)
    aside.mkdir(parents=True)
    moved: list[tuple[Path, Path]] = []
    placed: list[Path] = []
    try:
        for i, target in enumerate(old):
            if target.exists():
                kept = aside / str(i)
                shutil.move(target, kept)
                moved.append((kept, target))
        for source, target in zip(new, old, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
            placed.append(target)
    except BaseException:
        for target in placed:
            shutil.rmtree(target, ignore_errors=True)
        for kept, target in moved:
            shutil.move(kept, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def offline_import(
    data_dir: Path,
    options: Sequence[str],
    *,
    staged_home: Path,
    progress: Callable[[str], None] | None = None,
    timeout: float = 3600.0,
) -> tuple[RunningNeo4j, OfflineReport]:
    """Stop the local Neo4j of ``data_dir``, import into ``staged_home``, swap the new
    store in, and start Neo4j again as it ran (port, heap, page cache). On any failure the
    old store stays, Neo4j is started again on it, and the error is raised."""
    data_dir = data_dir.resolve()
    running = local_neo4j.status(data_dir)
    if running is None:
        raise LocalNeo4jError(
            f"no local Neo4j runs on {data_dir}: the offline import replaces its store"
        )
    say = progress or (lambda _: None)
    started = time.perf_counter()
    say(f"stopping the local Neo4j (pid {running.pid}) for the offline import …")
    local_neo4j.stop(data_dir)
    stopped = time.perf_counter()
    imported = stopped
    try:
        say("neo4j-admin database import full …")
        # The database's own memory is free while it is stopped: the importer takes it,
        # and at least 2 GB off heap for its id maps and sorting (a quarter of the machine
        # at most).
        heap, pagecache = local_neo4j.resolve_memory(data_dir, running.heap, running.pagecache)
        off_heap = f"{max(_mb(pagecache), min(2048, local_neo4j.machine_memory() // 4 >> 20))}m"
        tail = run_admin_import(staged_home, options, heap=heap, off_heap=off_heap, timeout=timeout)
        imported = time.perf_counter()
        swap_in(staged_home, data_dir / "store")
    finally:
        say("starting the local Neo4j again …")
        again, _ = local_neo4j.start(
            data_dir,
            port=running.port,
            apoc=running.apoc,
            heap=running.heap,
            pagecache=running.pagecache,
        )
    done = time.perf_counter()
    return again, OfflineReport(
        seconds=done - started,
        stopped_s=stopped - started,
        import_s=imported - stopped,
        started_s=done - imported,
        output_tail=tail,
    )
