"""The `supportweb` command (SPEC §7). Each subcommand exits non-zero with a message that
says what to do when it fails; the commands live in one module per area."""

from __future__ import annotations

import argparse
import sys

from graphdb.errors import SupportwebError
from graphdb.local import neo4j as local_neo4j
from supportweb.cli import admin, data, local, research, server
from supportweb.cli.common import CommandError
from supportweb.settings import get_settings


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="supportweb", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    for area in (local, data, research, admin, server):
        area.add_commands(sub)
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
