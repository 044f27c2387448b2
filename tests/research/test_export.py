"""Exports round-trip into the tools researchers use — networkx (GraphML, node-link JSON),
igraph (GraphML), pandas (CSV, Parquet) and pyarrow — with the graph's counts and
attributes; pseudonymised ones carry no name, email or external id; the command audits
itself before it writes, and its default is still SPEC §6's files."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import igraph as ig
import networkx as nx
import pandas as pd
import pyarrow.parquet as pq
import pytest

from graphdb.driver import Database
from graphdb.model import Dataset, PeopleFilter, TieKind, is_active
from resolvers.pseudonyms import pseudonym
from resolvers.research.export import Format, export_graph
from supportweb.cli import main
from tests.research.data import load, secrets, university

KEY = "export-test-key-0123456789"


def _expected(data: object, people: set[str] | None = None, kinds: set[TieKind] | None = None):  # type: ignore[no-untyped-def]
    today = dt.date.today()
    chosen = [p for p in data.people if people is None or p.id in people]  # type: ignore[attr-defined]
    ids = {p.id for p in chosen}
    ties = [
        t
        for t in data.ties  # type: ignore[attr-defined]
        if is_active(t.until, today)
        and t.from_id in ids
        and t.to_id in ids
        and (kinds is None or t.kind in kinds)
    ]
    return chosen, ties


def _read(fmt: Format, folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nodes and edges as tables, through each format's own reader."""
    if fmt is Format.CSV:
        return pd.read_csv(folder / "nodes.csv"), pd.read_csv(folder / "edges.csv")
    if fmt is Format.PARQUET:
        return pd.read_parquet(folder / "nodes.parquet"), pd.read_parquet(folder / "edges.parquet")
    if fmt is Format.GRAPHML:
        g = nx.read_graphml(folder / "graph.graphml")
        i = ig.Graph.Read_GraphML(str(folder / "graph.graphml"))
        assert (i.vcount(), i.ecount()) == (g.number_of_nodes(), g.number_of_edges())
        assert i.is_directed()
    else:
        g = nx.node_link_graph(json.loads((folder / "graph.json").read_text()), edges="edges")
    assert g.is_directed() and g.is_multigraph()
    nodes = pd.DataFrame([{"Id": n, **a} for n, a in g.nodes(data=True)])
    edges = pd.DataFrame([{"Source": u, "Target": v, **a} for u, v, a in g.edges(data=True)])
    return nodes, edges


def _text(folder: Path) -> str:
    """Everything written, as text (Parquet through pandas)."""
    parts = []
    for f in sorted(folder.iterdir()):
        parts.append(
            pq.read_table(f).to_pandas().to_csv() if f.suffix == ".parquet" else f.read_text()
        )
    return "".join(parts)


def _column(frame: pd.DataFrame, *names: str) -> pd.Series:
    return frame[next(n for n in names if n in frame.columns)]


async def test_each_format_round_trips(db: Database, tmp_path: Path) -> None:
    data = university(31, people=40, ties=120)
    await load(db, data)
    for fmt in Format:  # one graph, written in every format
        folder = tmp_path / fmt.value
        _round_trips(data, await export_graph(db, folder, fmt), fmt, folder)


def _round_trips(data: Dataset, counts: dict[str, int], fmt: Format, folder: Path) -> None:
    people, ties = _expected(data)
    assert counts == {"people": len(people), "ties": len(ties)}, fmt
    nodes, edges = _read(fmt, folder)
    assert (len(nodes), len(edges)) == (len(people), len(ties))
    node_ids = _column(nodes, "Id", "id").astype(str)
    by_id = nodes.assign(_id=node_ids.values).set_index("_id")
    for p in people:
        row = by_id.loc[p.id]
        assert row["department"] == p.department or (
            p.department is None and pd.isna(row["department"])
        )
        if p.capacity is not None:
            assert int(row["capacity"]) == p.capacity
        assert bool(row["openDoor"]) == p.open_door
        assert str(row["roles"]).split(";") == [r.value for r in p.roles]
    kinds = sorted(_column(edges, "kind").tolist())
    assert kinds == sorted(t.kind.value for t in ties)
    strengths = sorted(round(float(x), 6) for x in _column(edges, "strength"))
    assert strengths == sorted(round(t.strength, 6) for t in ties)
    pairs = sorted(
        zip(
            _column(edges, "Source", "source").astype(str),
            _column(edges, "Target", "target").astype(str),
            strict=True,
        )
    )
    assert pairs == sorted((t.from_id, t.to_id) for t in ties)


async def test_a_pseudonymised_export_names_no_one(db: Database, tmp_path: Path) -> None:
    data = university(32, people=30, ties=90)
    await load(db, data)
    for fmt in Format:
        folder = tmp_path / fmt.value
        await export_graph(db, folder, fmt, rename=lambda pid: pseudonym(KEY, pid))
        leaked = [s for s in secrets(data) if s in _text(folder)]
        assert leaked == [], fmt
        nodes, _ = _read(fmt, folder)
        assert "name" not in nodes.columns and "email" not in nodes.columns, fmt
        ids = set(_column(nodes, "Id", "id").astype(str))
        assert ids == {pseudonym(KEY, p.id) for p in data.people}, fmt


async def test_filter_and_kinds_choose_the_graph(db: Database, tmp_path: Path) -> None:
    data = university(33, people=40, ties=120)
    await load(db, data)
    physics = {p.id for p in data.people if p.department == "Physics"}
    kinds = {TieKind.MENTORS, TieKind.KNOWS}
    people, ties = _expected(data, physics, kinds)
    counts = await export_graph(
        db,
        tmp_path,
        Format.PARQUET,
        flt=PeopleFilter.of(department="Physics"),
        kinds=frozenset(kinds),
    )
    assert counts == {"people": len(people), "ties": len(ties)}
    assert pq.read_table(tmp_path / "edges.parquet").num_rows == len(ties)


def _cli(db: Database, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NEO4J_URI": db.config.uri, "SUPPORTWEB_PSEUDONYM_KEY": KEY}
    return subprocess.run(
        [sys.executable, "-m", "supportweb.cli", "export", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


async def test_the_command_audits_first_and_keeps_its_default(db: Database, tmp_path: Path) -> None:
    data = university(34, people=15, ties=30)
    # SPEC §6 cannot say "no functions" for a kind that has defaults: such ties come only
    # from writing records directly, as the generator does.
    data.ties = [t for t in data.ties if t.functions or t.kind is TieKind.KNOWS]
    await load(db, data)
    done = _cli(
        db,
        "--format",
        "graphml",
        "--pseudonymize",
        "--filter",
        "roles=STUDENT",
        str(tmp_path / "g"),
    )
    assert done.returncode == 0, done.stderr
    students = [p for p in data.people if "STUDENT" in {r.value for r in p.roles}]
    assert nx.read_graphml(tmp_path / "g" / "graph.graphml").number_of_nodes() == len(students)
    spec = _cli(db, str(tmp_path / "spec"))
    assert spec.returncode == 0, spec.stderr
    assert {f.name for f in (tmp_path / "spec").iterdir()} >= {"people.csv", "ties.csv"}
    actions = [
        r["action"]
        for r in await db.read("MATCH (e:AuditEvent) RETURN e.action AS action ORDER BY e.seq")
    ]
    assert actions == [
        f"export --format graphml --pseudonymize --filter roles=STUDENT {tmp_path / 'g'}",
        f"export {tmp_path / 'spec'}",
    ]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--pseudonymize"], "--format"),  # the SPEC §6 files are the whole graph
        (["--format", "csv", "--filter", "name=x"], "KEY=VALUE"),
    ],
)
def test_the_command_refuses_before_it_connects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    # In process: the refusals come before any connection, so none is audited (the test
    # above finds only its two exports in the trail) and nothing is written.
    with pytest.raises(SystemExit) as stopped:
        main(["export", *args, str(tmp_path / "no")])
    assert stopped.value.code == 1 and words in capsys.readouterr().err
    assert not (tmp_path / "no").exists()


async def test_an_export_reports_its_progress_page_by_page(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command's bar is fed (phase, pages done, pages in all): people first, then ties,
    one step per page, ending at the whole."""
    import graphdb.research

    data = university(35, people=40, ties=120)
    await load(db, data)
    monkeypatch.setattr(graphdb.research, "PAGE", 7)  # 40 people: 6 pages of each phase
    seen: list[tuple[str, int, int]] = []
    counts = await export_graph(
        db, tmp_path / "out", Format.CSV, progress=lambda *step: seen.append(step)
    )
    assert counts["people"] == len(data.people)
    assert seen == [("people", i, 12) for i in range(1, 7)] + [
        ("ties", i, 12) for i in range(7, 13)
    ]
