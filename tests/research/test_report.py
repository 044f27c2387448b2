"""`supportweb report` and GET /research/plots: every plot as a valid PNG and SVG, a page
naming each with its figure, served only to researchers and admins, and audited."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from graphdb.driver import Database
from resolvers.auth import ViewerRole
from resolvers.research.plots import PLOTS, write_report
from tests.conftest import GraphQLClient, token
from tests.research.data import load, university

PNG = b"\x89PNG\r\n\x1a\n"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(tag)
        if tag == "img":
            self.images.append(dict(attrs)["src"] or "")

    def count(self, tag: str) -> int:
        return self.seen.count(tag)


def _valid_svg(body: bytes) -> bool:
    return ET.fromstring(body).tag == "{http://www.w3.org/2000/svg}svg"


async def test_the_report_writes_every_plot_and_a_page(db: Database, tmp_path: Path) -> None:
    await load(db, university(41, people=60, ties=160))
    written = await write_report(db, tmp_path)
    assert {p.name for p in written} == {f"{n}.{f}" for n in PLOTS for f in ("svg", "png")} | {
        "index.html"
    }
    for name in PLOTS:
        assert (tmp_path / f"{name}.png").read_bytes().startswith(PNG)
        assert _valid_svg((tmp_path / f"{name}.svg").read_bytes())
    page = (tmp_path / "index.html").read_text()
    tags = _Tags()
    tags.feed(page)
    assert tags.images == [f"{name}.svg" for name in PLOTS]
    assert tags.count("figure") == tags.count("figcaption") == len(PLOTS)
    for n, (name, (caption, _)) in enumerate(PLOTS.items(), start=1):
        assert f'<img src="{name}.svg"' in page and f"Figure {n}. {caption}" in page
    assert "Secret Name" not in page


async def test_plots_over_http(client: GraphQLClient, db: Database) -> None:
    await load(db, university(42, people=30, ties=60))
    http = client.http
    url = "/research/plots/mentor-reach.svg"
    for roles, status in (((ViewerRole.RESEARCHER,), 200), ((ViewerRole.ADMIN,), 200)):
        r = await http.get(url, headers={"authorization": f"Bearer {token(*roles)}"})
        assert r.status_code == status and r.headers["content-type"] == "image/svg+xml"
        assert _valid_svg(r.content)
    png = await http.get(
        "/research/plots/degree-distribution.png",
        headers={"authorization": f"Bearer {token(ViewerRole.RESEARCHER)}"},
    )
    assert png.status_code == 200 and png.content.startswith(PNG)
    assert (await http.get(url)).status_code == 401
    advisor = {"authorization": f"Bearer {token(ViewerRole.ADVISOR, sub='ext-42-001')}"}
    refused = await http.get(url, headers=advisor)
    assert refused.status_code == 403 and "network analytics" in refused.json()["error"]
    assert (await http.get("/research/plots/names.svg", headers=advisor)).status_code == 404
    await client.settle()
    log = await client.data(
        '{ auditLog(filter: {action: "plot mentor-reach.svg"}, first: 5) '
        "{ edges { node { roles allowed } } } }"
    )
    assert [e["node"] for e in log["auditLog"]["edges"]] == [
        {"roles": ["ADVISOR"], "allowed": False},
        {"roles": ["ADMIN"], "allowed": True},
        {"roles": ["RESEARCHER"], "allowed": True},
    ]


def _report(db: Database, folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "supportweb.cli", "report", str(folder)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "NEO4J_URI": db.config.uri},
        check=False,
    )


async def test_the_command(db: Database, tmp_path: Path) -> None:
    await load(db, university(43, people=20, ties=30))
    done = _report(db, tmp_path / "r")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r" / "index.html").exists()
    events = await db.read("MATCH (e:AuditEvent) RETURN e.action AS action")
    assert [e["action"] for e in events] == [f"report {tmp_path / 'r'}"]
