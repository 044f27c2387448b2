"""The advisor's page under test: a seeded university in the session's real Neo4j, the real
app served by uvicorn on a free loopback port (in a thread, with its own event loop and
driver), and Debian's Chromium driven by Playwright, with every request that would leave
this machine aborted and recorded."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
import pytest
import uvicorn
from playwright.async_api import Browser, BrowserContext, Page, Route, async_playwright

from graphdb.driver import Database, Neo4jConfig
from graphdb.local import neo4j as local_neo4j
from graphdb.seed import seed
from resolvers.auth import TokenKeys, ViewerRole
from resolvers.support.score_table import rebuild_scores
from supportweb.app import create_app
from supportweb.settings import Settings
from supportweb.ui import GRAPHIQL_DIR, UI_DIR
from tests.conftest import TEST_SECRET

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
AXE = Path(__file__).resolve().parents[2] / "ui" / "node_modules" / "axe-core" / "axe.min.js"
PEOPLE = 300

# What the performance test measured, printed at the end of the run (docs/benchmarks.md).
FIGURES: dict[str, str] = {}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if FIGURES:
        terminalreporter.section("the advisor's page (docs/benchmarks.md)")
        for name, value in FIGURES.items():
            terminalreporter.write_line(f"{name}: {value}")


def admin_token() -> str:
    return TokenKeys(TEST_SECRET).mint([ViewerRole.ADMIN], None, dt.timedelta(hours=2))


def require_built() -> None:
    """The page's files come from `make install` (docs/ui.md): a clear failure, not a skip."""
    for built in (UI_DIR / "index.html", GRAPHIQL_DIR / "graphiql.html", AXE):
        assert built.exists(), f"{built} is missing: run `make install` (needs npm) first"


@pytest.fixture(scope="package")
async def university(session_db: Database) -> dict[str, int]:
    """One seeded university for every UI test (seeding is the slow part)."""
    await session_db.write("CALL () { MATCH (n) WHERE NOT n:Migration DETACH DELETE n }")
    counts = await seed(session_db, PEOPLE, 7)
    await rebuild_scores(session_db)
    return counts


class ServerThread:
    """uvicorn in a thread of its own, with its own event loop and Neo4j driver (as in
    production), so the browser's requests never wait on the test's loop. The driver is
    handed to the app, which then skips its warm-up: the session's Neo4j is warm already,
    and /readyz would otherwise wait for query plans the tests do not need first."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = local_neo4j.free_port()
        self.server: uvicorn.Server | None = None
        self.created = threading.Event()
        self.thread = threading.Thread(target=self._run, name="ui-server", daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        db = Database(self.settings.neo4j())
        try:
            config = uvicorn.Config(
                create_app(self.settings, db=db),
                host="127.0.0.1",
                port=self.port,
                log_level="warning",
                lifespan="on",
            )
            self.server = uvicorn.Server(config)
            self.created.set()
            await self.server.serve()
        finally:
            self.created.set()
            await db.close()

    async def start(self) -> None:
        self.thread.start()
        async with httpx.AsyncClient(base_url=self.base, timeout=5) as http:
            for _ in range(600):  # at most a minute
                try:
                    if (await http.get("/readyz")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError("the test server did not become ready")

    def stop(self) -> None:
        self.created.wait(timeout=30)
        if self.server is not None:
            self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="package")
async def server(neo4j_config: Neo4jConfig, university: dict[str, int]) -> AsyncIterator[str]:
    require_built()
    settings = Settings(
        neo4j_uri=neo4j_config.uri,
        neo4j_user=neo4j_config.user,
        neo4j_password=neo4j_config.password,
        neo4j_database=neo4j_config.database,
        supportweb_secret=TEST_SECRET,
        # One admin token drives every test here: far more requests a minute than a person.
        supportweb_rate_per_minute=100_000,
        supportweb_rate_burst=10_000,
    )
    running = ServerThread(settings)
    await running.start()
    try:
        yield running.base
    finally:
        running.stop()


@pytest.fixture(scope="package")
async def api(server: str) -> AsyncIterator[Api]:
    async with httpx.AsyncClient(base_url=server, timeout=60) as http:
        yield Api(http, admin_token())


class Api:
    """The same public API the page uses, for the test's own questions and writes."""

    def __init__(self, http: httpx.AsyncClient, token: str) -> None:
        self.http = http
        self.token = token

    async def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={"authorization": f"Bearer {self.token}"},
        )
        body: dict[str, Any] = response.json()
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data


@pytest.fixture(scope="package")
async def browser() -> AsyncIterator[Browser]:
    # test_web_page.py skips itself, with the reason, where CHROMIUM is absent.
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield launched
        finally:
            await launched.close()


@dataclass
class Tab:
    """A page with what it tried to fetch from elsewhere, its CSP violations and errors."""

    page: Page
    context: BrowserContext
    base: str
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    async def open(self, fragment: str = "") -> None:
        await self.page.goto(f"{self.base}/ui{fragment}")

    async def violations(self) -> list[str]:
        found: list[str] = await self.page.evaluate("window.__cspViolations || []")
        return found

    async def clean(self) -> None:
        """Nothing went to another origin, nothing broke the CSP, no script error."""
        assert self.blocked == [], self.blocked
        assert await self.violations() == []
        assert self.errors == [], self.errors


async def new_tab(browser: Browser, base: str, width: int, token: str | None) -> Tab:
    context = await browser.new_context(viewport={"width": width, "height": 900})
    # Init scripts run through the DevTools protocol, outside the page's CSP.
    await context.add_init_script(
        "window.__cspViolations = [];"
        "document.addEventListener('securitypolicyviolation', e =>"
        " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    if token:
        await context.add_init_script(
            f"sessionStorage.setItem('supportweb.token', {json.dumps(token)});"
        )
    tab = Tab(await context.new_page(), context, base)

    async def only_loopback(route: Route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOOPBACK:
            await route.continue_()
        else:
            tab.blocked.append(url)
            await route.abort()

    await context.route("**/*", only_loopback)
    tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
    return tab


@pytest.fixture
def screenshots() -> Iterator[Path]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield SCREENSHOTS
