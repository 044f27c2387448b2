"""Serving: `supportweb serve` and `supportweb up` (the README's one command), and the
refusal to serve development defaults beyond this machine."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import signal
from pathlib import Path

from graphdb.driver import Database
from graphdb.local import neo4j as local_neo4j
from graphdb.people import count_people
from resolvers.auth import ViewerRole
from supportweb.cli.admin import mint_token
from supportweb.cli.common import CommandError, progress_bar, with_db
from supportweb.cli.data import rescore
from supportweb.settings import DEV_SECRET, Settings

EXAMPLE_QUERY = """{
  people(first: 5) { totalCount edges { node { id name roles department
    supporters { kind strength supporter { name } } } } }
}"""


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
            if await count_people(db) == 0:
                print(
                    f"empty graph: seeding a demo university of {args.people} people …", flush=True
                )
                counts = await seed(db, args.people, 7, progress=progress_bar())
                print(", ".join(f"{v} {k}" for k, v in counts.items()), flush=True)
                await rescore(db)

        asyncio.run(with_db(settings, prepare))
        base = f"http://{args.host}:{args.port}"
        url = f"{base}/graphql"
        admin = asyncio.run(
            with_db(
                settings,
                lambda db: mint_token(db, settings, [ViewerRole.ADMIN], None, dt.timedelta(days=1)),
            )
        )
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


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
