"""`supportweb neo4j start|stop|status`: the local Neo4j (graphdb/local); `supportweb
backup OUT` and `supportweb restore IN`: its store (graphdb/local/backup.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graphdb.local import backup as local_backup
from graphdb.local import neo4j as local_neo4j
from supportweb.cli.common import data_dir
from supportweb.settings import Settings


def cmd_start(args: argparse.Namespace, settings: Settings) -> None:
    running, _ = local_neo4j.start(
        data_dir(args, settings),
        port=args.port or settings.supportweb_neo4j_port,
        apoc=args.apoc,
        heap=settings.supportweb_neo4j_heap,
        pagecache=settings.supportweb_neo4j_pagecache,
    )
    print(running.uri)


def cmd_stop(args: argparse.Namespace, settings: Settings) -> None:
    stopped = local_neo4j.stop(data_dir(args, settings))
    print(f"stopped Neo4j (pid {stopped.pid})" if stopped else "no local Neo4j was running")


def cmd_status(args: argparse.Namespace, settings: Settings) -> None:
    running = local_neo4j.status(data_dir(args, settings))
    if running is None:
        print("not running")
        sys.exit(3)
    print(f"running at {running.uri} (pid {running.pid}, data {running.data_dir})")


def cmd_backup(args: argparse.Namespace, settings: Settings) -> None:
    done = local_backup.backup(
        data_dir(args, settings),
        Path(args.out),
        heap=settings.supportweb_neo4j_heap,
        pagecache=settings.supportweb_neo4j_pagecache,
        apoc=args.apoc,
    )
    down = f"; Neo4j was stopped for {done.stopped_s:.1f} s" if done.stopped_s else ""
    print(f"backup written to {done.path} ({done.bytes / 2**20:.1f} MiB){down}")


def cmd_restore(args: argparse.Namespace, settings: Settings) -> None:
    folder = data_dir(args, settings)
    kept = local_backup.restore(folder, Path(args.archive), replace=args.replace)
    print(
        f"restored {args.archive} into {folder}"
        + (f"; the store it replaced: {kept}" if kept else "")
    )
    print("start it with `supportweb neo4j start`")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    neo = sub.add_parser("neo4j", help="the local Neo4j").add_subparsers(
        dest="action", required=True
    )
    start = neo.add_parser("start", help="start it and wait until Bolt answers")
    start.add_argument("--data", help="data folder (default $SUPPORTWEB_DATA_DIR or .neo4j)")
    start.add_argument("--port", type=int, help="Bolt port on 127.0.0.1 (default 7687)")
    start.add_argument("--apoc", action="store_true", help="also load APOC core")
    start.set_defaults(func=cmd_start)
    for name, func in (("stop", cmd_stop), ("status", cmd_status)):
        sp = neo.add_parser(name)
        sp.add_argument("--data")
        sp.set_defaults(func=func)
    backup = sub.add_parser(
        "backup",
        help="archive the local Neo4j's store (stopping it for the copy, then starting it again)",
    )
    backup.add_argument("out", help="the archive to write (.tar.gz); must not exist")
    backup.add_argument("--data", help="data folder (default $SUPPORTWEB_DATA_DIR or .neo4j)")
    backup.add_argument("--apoc", action="store_true", help="start it again with APOC core")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="put a backup's store in place (Neo4j stopped)")
    restore.add_argument("archive", help="an archive of `supportweb backup`")
    restore.add_argument("--data", help="data folder (default $SUPPORTWEB_DATA_DIR or .neo4j)")
    restore.add_argument(
        "--replace", action="store_true", help="replace an existing store (kept beside it)"
    )
    restore.set_defaults(func=cmd_restore)
