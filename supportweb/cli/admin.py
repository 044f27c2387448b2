"""Administration on the server's machine: bearer tokens and the audit trail's check."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt

from graphdb.audit import record, verify
from graphdb.driver import Database
from resolvers.audit import command_event
from resolvers.auth import ViewerRole
from supportweb.cli.common import CommandError, with_db
from supportweb.settings import Settings


async def mint_token(
    db: Database, settings: Settings, roles: list[ViewerRole], sub: str | None, ttl: dt.timedelta
) -> str:
    """A token, recorded in the audit trail first: no token leaves unaudited."""
    try:
        token = settings.token_keys().mint(roles, sub, ttl)
    except ValueError as error:
        raise CommandError(str(error)) from error
    action = "token " + "+".join(r.value for r in roles) + f" ttl={int(ttl.total_seconds())}s"
    await record(db, [command_event(settings.pseudonym_key(), action, [sub] if sub else [])])
    return token


def cmd_token(args: argparse.Namespace, settings: Settings) -> None:
    allowed = ", ".join(r.value for r in ViewerRole)
    unknown = [r for r in args.role if r.upper() not in ViewerRole.__members__]
    if unknown:
        raise CommandError(f"unknown role {unknown[0]!r}: use {allowed}")
    roles = [ViewerRole(r.upper()) for r in args.role]
    ttl = dt.timedelta(seconds=args.ttl)
    print(asyncio.run(with_db(settings, lambda db: mint_token(db, settings, roles, args.sub, ttl))))


def cmd_audit_verify(args: argparse.Namespace, settings: Settings) -> None:
    result = asyncio.run(with_db(settings, verify))
    if result.problem is not None:
        raise CommandError(
            f"the audit trail is broken after {result.events} good event(s): {result.problem}"
        )
    print(f"the audit trail is whole: {result.events} event(s), every hash matches")


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    tk = sub.add_parser("token", help="print a bearer token for local use (audited)")
    tk.add_argument(
        "--role",
        action="append",
        required=True,
        help="ADMIN, ADVISOR, STUDENT or RESEARCHER (repeat for several)",
    )
    tk.add_argument("--sub", help="the person id the token speaks for")
    tk.add_argument("--ttl", type=int, default=3600, help="lifetime in seconds (default 3600)")
    tk.set_defaults(func=cmd_token)

    audit = sub.add_parser("audit", help="the audit trail").add_subparsers(
        dest="action", required=True
    )
    audit.add_parser(
        "verify", help="recompute the hash chain; exit 1 naming the first changed event"
    ).set_defaults(func=cmd_audit_verify)
