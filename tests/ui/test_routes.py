"""/ui and GraphiQL over HTTP: what is served, with which headers, and what happens when
the page is not built; and the sign-in link `supportweb up` prints."""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from asgi_lifespan import LifespanManager

from graphdb.driver import Database, Neo4jConfig
from resolvers.auth import TokenKeys, ViewerRole
from supportweb import ui
from supportweb.app import create_app
from supportweb.cli import server as cli
from supportweb.settings import Mode, Settings
from tests.conftest import TEST_SECRET
from tests.ui.conftest import require_built


@pytest.fixture
async def http(session_db: Database) -> AsyncIterator[httpx.AsyncClient]:
    """The app without a browser; these requests read no data, so the graph is left alone."""
    require_built()
    app = create_app(Settings(supportweb_secret=TEST_SECRET), db=session_db)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as c:
            yield c


def _assets(html: str) -> list[str]:
    """What a page loads (its in-page #links aside)."""
    return [a for a in re.findall(r'(?:src|href)="([^"]+)"', html) if not a.startswith("#")]


async def test_the_page_is_served_with_its_policy(http: httpx.AsyncClient) -> None:
    page = await http.get("/ui")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    csp = page.headers["content-security-policy"]
    directives = dict(d.split(" ", 1) for d in csp.split("; "))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["connect-src"] == "'self' ws://127.0.0.1:8000"
    assert directives["style-src"] == "'self' " + " ".join(ui.STYLE_HASHES)
    assert directives["frame-ancestors"] == "'none'"
    assert page.headers["x-content-type-options"] == "nosniff"
    # Everything the page loads is this server's own, and there is no inline script.
    assert "<script>" not in page.text and "style=" not in page.text
    assets = _assets(page.text)
    assert assets and all(a.startswith("/ui/") for a in assets), assets
    for asset in assets:
        served = await http.get(asset)
        assert served.status_code == 200, asset
        assert served.headers["content-security-policy"] == csp
        if "/assets/" in asset:
            assert "immutable" in served.headers["cache-control"]
    assert (await http.get("/ui/")).headers["location"] == "/ui"
    assert (await http.get("/ui/assets/nothing.js")).status_code == 404


async def test_graphiql_comes_from_this_server(http: httpx.AsyncClient) -> None:
    page = await http.get("/graphql", headers={"accept": "text/html"})
    assert page.status_code == 200 and "GraphiQL" in page.text
    assert "content-security-policy" in page.headers
    assets = _assets(page.text)
    assert all(a.startswith(("/graphiql/", "data:")) for a in assets), assets
    for asset in assets:
        if asset.startswith("/"):
            assert (await http.get(asset)).status_code == 200, asset


def test_the_policy_names_the_websocket_origin_only_for_a_sane_host() -> None:
    from starlette.requests import Request

    def policy(host: str, scheme: str = "http") -> str:
        scope = {
            "type": "http",
            "scheme": scheme,
            "path": "/ui",
            "headers": [(b"host", host.encode())],
            "server": ("127.0.0.1", 8000),
        }
        return ui.content_security_policy(Request(scope))

    assert "connect-src 'self' ws://[::1]:8000;" in policy("[::1]:8000")
    assert "connect-src 'self' wss://advising.example.edu;" in policy(
        "advising.example.edu", "https"
    )
    assert "connect-src 'self';" in policy("evil.example; script-src *")


def test_the_style_hash_is_the_one_cytoscape_inserts() -> None:
    require_built()
    digest = hashlib.sha256(ui.CYTOSCAPE_STYLE.encode()).digest()
    assert ("'sha256-" + base64.b64encode(digest).decode() + "'",) == ui.STYLE_HASHES
    # The bundled Cytoscape builds that rule from these two pieces (renderer/base): a
    # Cytoscape that changed it would show as a CSP violation in the browser tests too.
    bundle = "".join(p.read_text() for p in (ui.UI_DIR / "assets").glob("*.js"))
    assert "__________cytoscape_container" in bundle and " { position: relative; }" in bundle


async def test_without_a_build_the_page_says_how_to_build_it(
    session_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ui, "UI_DIR", tmp_path / "ui")
    monkeypatch.setattr(ui, "GRAPHIQL_DIR", tmp_path / "graphiql")
    app = create_app(Settings(supportweb_secret=TEST_SECRET), db=session_db)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            page = await http.get("/ui")
            assert page.status_code == 503 and "make install" in page.text
            graphiql = await http.get("/graphql", headers={"accept": "text/html"})
            assert graphiql.status_code == 503 and "make install" in graphiql.text


async def test_production_serves_the_page_but_no_graphiql(session_db: Database) -> None:
    require_built()
    settings = Settings(
        supportweb_secret=TEST_SECRET,
        supportweb_mode=Mode.PRODUCTION,
        supportweb_pseudonym_key="a-separate-pseudonym-key-0123456789abcdef",
    )
    app = create_app(settings, db=session_db)
    async with LifespanManager(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            assert (await http.get("/ui")).status_code == 200
            assert (await http.get("/graphiql/graphiql.html")).status_code == 404


def test_up_prints_a_link_that_signs_the_demo_admin_in(
    neo4j_config: Neo4jConfig,
    university: dict[str, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(cli, "_serve", lambda *args: None)
    settings = Settings(supportweb_secret=TEST_SECRET, neo4j_uri=neo4j_config.uri)
    args = argparse.Namespace(
        host="127.0.0.1", port=8000, people=200, workers=1, allow_development_on_network=False
    )
    cli.cmd_up(args, settings)
    printed = capsys.readouterr().out
    link = re.search(r"http://127\.0\.0\.1:8000/ui#token=(\S+)", printed)
    assert link, printed
    viewer = TokenKeys(TEST_SECRET).verify(link.group(1))
    assert viewer.has(ViewerRole.ADMIN)
