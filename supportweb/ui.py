"""The advisor's web page at /ui and the self-hosted GraphiQL, with their security headers.

Both are built from ``ui/`` (docs/ui.md) into ``supportweb/static/`` by ``make install``;
this module only serves what was built. The page talks to the server through the public
GraphQL API alone, so nothing here reads data.

Every response carries a Content-Security-Policy that allows only this server's own
origin: scripts and styles from files it serves (no inline script at all), connections to
itself over HTTP and over the same-origin websocket that subscriptions use. The one inline
style allowed, by its hash, is the rule Cytoscape.js inserts into the page for its
container; style.css carries the same rule, so the graph does not depend on it.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

STATIC = Path(__file__).parent / "static"
UI_DIR = STATIC / "ui"
GRAPHIQL_DIR = STATIC / "graphiql"

# Cytoscape.js inserts exactly this <style> (renderer/base, BRp.init); see the docstring.
CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"


def _style_hash(css: str) -> str:
    digest = hashlib.sha256(css.encode()).digest()
    return "'sha256-" + base64.b64encode(digest).decode() + "'"


STYLE_HASHES = (_style_hash(CYTOSCAPE_STYLE),)

# A Host header as browsers send it: a name or IPv4 address, or a bracketed IPv6 address,
# and an optional port. Anything else is left out of the policy rather than echoed into it.
_HOST = re.compile(r"^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$")

NOT_BUILT = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Not built</title>
<h1>{what} is not built</h1>
<p>Its files are built from <code>ui/</code> by <code>make install</code>, which needs Node.js
20.19 or newer and npm (see docs/ui.md). The GraphQL API itself (POST /graphql) works without
them.</p></html>"""


def websocket_origin(request: Request) -> str | None:
    """The origin of this server's websocket endpoint as the browser sees it (ws: or wss:)."""
    host = request.headers.get("host", "")
    if not _HOST.match(host):
        return None
    scheme = "wss" if request.url.scheme == "https" else "ws"
    return f"{scheme}://{host}"


def content_security_policy(request: Request) -> str:
    # CSP level 3 lets 'self' match the same origin's ws: too, but not every browser in use
    # does; naming the websocket origin costs nothing.
    ws = websocket_origin(request)
    connect = "'self'" + (f" {ws}" if ws else "")
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' " + " ".join(STYLE_HASHES),
            # GraphiQL's stylesheet embeds its fonts and icons as data: URLs.
            "img-src 'self' data:",
            "font-src 'self' data:",
            f"connect-src {connect}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(request: Request) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(request),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


async def _page(path: Path, what: str, request: Request) -> Response:
    headers = security_headers(request)
    try:
        # Read on each request (a kilobyte): a rebuild shows without a restart.
        html = await anyio.Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return HTMLResponse(NOT_BUILT.format(what=what), status_code=503, headers=headers)
    # The page's file names change with each build; the page itself must not be cached.
    return HTMLResponse(html, headers={**headers, "Cache-Control": "no-store"})


async def ui_page(request: Request) -> Response:
    return await _page(UI_DIR / "index.html", "The advisor's page", request)


async def graphiql_page(request: Request) -> Response:
    """GraphiQL, built from npm and served from this origin (replaces Strawberry's page,
    which loads React and GraphiQL from a public CDN)."""
    return await _page(GRAPHIQL_DIR / "graphiql.html", "GraphiQL", request)


class Assets(StaticFiles):
    """Built files: security headers on each, cached for good (their names carry a hash of
    their content), and a plain 404 rather than an error while nothing is built."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.directory is not None and not await anyio.Path(self.directory).is_dir():
            await PlainTextResponse("not built", status_code=404)(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers.update(security_headers(Request(scope)))
        if "/assets/" in str(full_path):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def routes(*, graphiql: bool) -> list[BaseRoute]:
    """/ui and its files; GraphiQL's files too when GraphiQL is on (development mode)."""
    served: list[BaseRoute] = [
        Route("/ui", ui_page, methods=["GET", "HEAD"]),
        Route("/ui/", lambda request: RedirectResponse("/ui"), methods=["GET", "HEAD"]),
        Mount("/ui", app=Assets(directory=UI_DIR, check_dir=False)),
    ]
    if graphiql:
        served.append(Mount("/graphiql", app=Assets(directory=GRAPHIQL_DIR, check_dir=False)))
    return served
