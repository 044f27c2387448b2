"""The `supportweb` command (SPEC §7). Each subcommand exits non-zero with a message that
says what to do when it fails."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

from graphdb.driver import Database
from graphdb.errors import SupportwebError
from graphdb.local import neo4j as local_neo4j
from supportweb.settings import DEV_SECRET, Settings, get_settings

T = TypeVar("T")

EXAMPLE_QUERY = """{
  people(first: 5) { totalCount edges { node { id name roles department
    supporters { kind strength supporter { name } } } } }
}"""


class CommandError(Exception):
    """A failure the user can act on; main() prints it and exits 1."""


def _data_dir(args: argparse.Namespace, settings: Settings) -> Path:
    return Path(args.data) if getattr(args, "data", None) else settings.supportweb_data_dir


async def _with_db(settings: Settings, work: Callable[[Database], Awaitable[T]]) -> T:
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


def _progress_bar() -> Callable[[str, int, int], None] | None:
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


# ---- neo4j -------------------------------------------------------------------------------


async def _rescore(db: Database) -> None:
    """After bulk writes: score everyone, so the first thin-support page is fast."""
    from resolvers.support.score_table import rebuild_scores

    print("scoring support profiles …", file=sys.stderr, flush=True)
    scored = await rebuild_scores(db)
    print(f"scored {scored} people", file=sys.stderr, flush=True)


def cmd_neo4j_start(args: argparse.Namespace, settings: Settings) -> None:
    running, _ = local_neo4j.start(
        _data_dir(args, settings),
        port=args.port or settings.supportweb_neo4j_port,
        apoc=args.apoc,
        heap=settings.supportweb_neo4j_heap,
        pagecache=settings.supportweb_neo4j_pagecache,
    )
    print(running.uri)


def cmd_neo4j_stop(args: argparse.Namespace, settings: Settings) -> None:
    stopped = local_neo4j.stop(_data_dir(args, settings))
    print(f"stopped Neo4j (pid {stopped.pid})" if stopped else "no local Neo4j was running")


def cmd_neo4j_status(args: argparse.Namespace, settings: Settings) -> None:
    running = local_neo4j.status(_data_dir(args, settings))
    if running is None:
        print("not running")
        sys.exit(3)
    print(f"running at {running.uri} (pid {running.pid}, data {running.data_dir})")


# ---- data --------------------------------------------------------------------------------


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> None:
    from graphdb.migrate import migrate

    applied = asyncio.run(_with_db(settings, migrate))
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
        report = await import_dir(db, folder, progress=_progress_bar())
        print(report)
        await _rescore(db)

    try:
        asyncio.run(_with_db(settings, work))
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
        counts = await seed(db, args.people, args.seed, progress=_progress_bar())
        await _rescore(db)
        return counts

    counts = asyncio.run(_with_db(settings, work))
    print(", ".join(f"{v} {k}" for k, v in counts.items()))


def cmd_export(args: argparse.Namespace, settings: Settings) -> None:
    from graphdb.bulk.export import export_dir

    folder = Path(args.dir)
    counts = asyncio.run(_with_db(settings, lambda db: export_dir(db, folder)))
    print(f"wrote {folder}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


def cmd_schema(args: argparse.Namespace, settings: Settings) -> None:
    from schema.root import SDL_PATH, export_sdl

    sdl = export_sdl()
    if args.write:
        SDL_PATH.write_text(sdl)
        print(f"wrote {SDL_PATH}")
    else:
        print(sdl, end="")


def cmd_token(args: argparse.Namespace, settings: Settings) -> None:
    import datetime as dt

    from resolvers.auth import ViewerRole

    allowed = ", ".join(r.value for r in ViewerRole)
    unknown = [r for r in args.role if r.upper() not in ViewerRole.__members__]
    if unknown:
        raise CommandError(f"unknown role {unknown[0]!r}: use {allowed}")
    try:
        roles = [ViewerRole(r.upper()) for r in args.role]
        token = settings.token_keys().mint(roles, args.sub, dt.timedelta(seconds=args.ttl))
    except ValueError as error:
        raise CommandError(str(error)) from error
    print(token)


# ---- server ------------------------------------------------------------------------------


def check_exposure(settings: Settings, host: str, allow_development: bool) -> None:
    """Refuse to serve beyond this machine with development defaults (docs/security.md):
    the published development secret anywhere but loopback, and development mode (GraphiQL,
    introspection, GET queries) there unless asked for explicitly."""
    if _loopback(host):
        return
    if settings.supportweb_secret == DEV_SECRET:
        raise CommandError(
            f"refusing to serve on {host} with the published development secret: set "
            "SUPPORTWEB_SECRET to a random value of 32+ characters"
        )
    if not settings.production and not allow_development:
        raise CommandError(
            f"refusing to serve development mode on {host}, beyond this machine: set "
            "SUPPORTWEB_MODE=production, or pass --allow-development-on-network"
        )


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    from supportweb.serve import serve

    serve(settings, host, port, workers)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> None:
    check_exposure(settings, args.host, args.allow_development_on_network)
    _serve(settings, args.host, args.port, args.workers)


def cmd_up(args: argparse.Namespace, settings: Settings) -> None:
    """The main job: local Neo4j, migrations, demo data when empty, and the server."""
    from graphdb.migrate import migrate
    from graphdb.seed import seed

    check_exposure(settings, args.host, args.allow_development_on_network)
    started: Path | None = None
    if not settings.neo4j_uri:
        data = settings.supportweb_data_dir
        running = local_neo4j.status(data)
        if running is None:
            print(f"starting the local Neo4j (data in {data}) …", flush=True)
            running, _ = local_neo4j.start(
                data,
                port=settings.supportweb_neo4j_port,
                heap=settings.supportweb_neo4j_heap,
                pagecache=settings.supportweb_neo4j_pagecache,
            )
            started = data
        settings = settings.model_copy(update={"neo4j_uri": running.uri})
        print(f"Neo4j: {running.uri}", flush=True)
    try:

        async def prepare(db: Database) -> None:
            await migrate(db)
            row = await db.read_one("MATCH (p:Person) RETURN count(p) AS n")
            if row and row["n"] == 0:
                print(
                    f"empty graph: seeding a demo university of {args.people} people …", flush=True
                )
                counts = await seed(db, args.people, 7, progress=_progress_bar())
                print(", ".join(f"{v} {k}" for k, v in counts.items()), flush=True)
                await _rescore(db)

        asyncio.run(_with_db(settings, prepare))
        import datetime as dt

        from resolvers.auth import ViewerRole

        base = f"http://{args.host}:{args.port}"
        url = f"{base}/graphql"
        admin = settings.token_keys().mint([ViewerRole.ADMIN], None, dt.timedelta(days=1))
        # The token rides in the fragment, which browsers never send to the server; the
        # page moves it into sessionStorage and out of the address bar at once.
        print(
            f"\nSupportweb is up.\nThe advisor's page, signed in as the demo admin:\n"
            f"  {base}/ui#token={admin}\n"
            f"GraphiQL: {url}\n"
            f"Demo admin token (24 h); in GraphiQL's Headers tab put\n"
            f'  {{"Authorization": "Bearer {admin}"}}\n'
            f"Try:\n{EXAMPLE_QUERY}\n",
            flush=True,
        )
        _serve(settings, args.host, args.port, args.workers)
    finally:
        if started is not None:
            # A second Ctrl-C (make and uv pass one on too) must not cut the clean stop short.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            print("stopping the local Neo4j …", flush=True)
            local_neo4j.stop(started)
            print("stopped", flush=True)


# ---- parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="supportweb", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    neo = sub.add_parser("neo4j", help="the local Neo4j").add_subparsers(
        dest="action", required=True
    )
    start = neo.add_parser("start", help="start it and wait until Bolt answers")
    start.add_argument("--data", help="data folder (default $SUPPORTWEB_DATA_DIR or .neo4j)")
    start.add_argument("--port", type=int, help="Bolt port on 127.0.0.1 (default 7687)")
    start.add_argument("--apoc", action="store_true", help="also load APOC core")
    start.set_defaults(func=cmd_neo4j_start)
    for name, func in (("stop", cmd_neo4j_stop), ("status", cmd_neo4j_status)):
        sp = neo.add_parser(name)
        sp.add_argument("--data")
        sp.set_defaults(func=func)

    sub.add_parser("migrate", help="apply schema migrations").set_defaults(func=cmd_migrate)

    imp = sub.add_parser("import", help="import the CSV files of a folder (SPEC §6)")
    imp.add_argument("dir")
    imp.set_defaults(func=cmd_import)

    sd = sub.add_parser("seed", help="write a deterministic synthetic university")
    sd.add_argument("--people", type=int, default=5000)
    sd.add_argument("--seed", type=int, default=7)
    sd.set_defaults(func=cmd_seed)

    ex = sub.add_parser("export", help="write the graph out as SPEC §6 CSV files")
    ex.add_argument("dir")
    ex.set_defaults(func=cmd_export)

    sc = sub.add_parser("schema", help="print the GraphQL SDL")
    sc.add_argument("--write", action="store_true", help="write schema/schema.graphql")
    sc.set_defaults(func=cmd_schema)

    tk = sub.add_parser("token", help="print a bearer token for local use")
    tk.add_argument(
        "--role",
        action="append",
        required=True,
        help="ADMIN, ADVISOR, STUDENT or RESEARCHER (repeat for several)",
    )
    tk.add_argument("--sub", help="the person id the token speaks for")
    tk.add_argument("--ttl", type=int, default=3600, help="lifetime in seconds (default 3600)")
    tk.set_defaults(func=cmd_token)

    for name, func in (("serve", cmd_serve), ("up", cmd_up)):
        sp = sub.add_parser(name)
        sp.add_argument("--host", default="127.0.0.1")
        sp.add_argument("--port", type=int, default=8000)
        sp.add_argument(
            "--allow-development-on-network",
            action="store_true",
            help="serve development mode on a non-loopback address (never in production)",
        )
        sp.add_argument(
            "--workers",
            type=int,
            default=1,
            help="server processes sharing the port (SO_REUSEPORT; default 1)",
        )
        if name == "up":
            sp.add_argument("--people", type=int, default=5000, help="demo size when empty")
        sp.set_defaults(func=func)
    return p


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    settings = get_settings()
    try:
        args.func(args, settings)
    except (CommandError, local_neo4j.LocalNeo4jError, SupportwebError) as error:
        print(f"supportweb: {error}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
