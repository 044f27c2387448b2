"""The report's plots (`supportweb report`, GET /research/plots/<name>.<svg|png>): figures of
the analyses, drawn with matplotlib's object API on the Agg canvas (no pyplot, no display,
no global figure state, so requests can draw side by side).

``report_data`` gathers everything the plots show from the analyses (kept with the
projection like any result); ``render`` draws one plot as SVG or PNG bytes. No plot names
anyone: they show counts and distributions only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from graphdb.driver import Database
from graphdb.model import PeopleFilter, Role
from resolvers.research import analyses, cache
from resolvers.research.grouping import GroupingKey
from resolvers.research.mentors import students
from resolvers.support.profile import Typology

FORMATS = ("svg", "png")
DEPARTMENTS_SHOWN = 12
TOPICS_SHOWN = 12
REACH_HOPS = 2


@dataclass(frozen=True, slots=True)
class ReportData:
    degrees: list[tuple[int, int]]
    scores_by_department: list[tuple[str, list[float]]]
    typology_by_year: list[tuple[str, dict[Typology, int]]]
    loads: list[int]
    load_status: dict[str, int]
    reach_by_topic: list[tuple[str, int, float]]  # topic, available mentors, share reached


async def report_data(db: Database) -> ReportData:
    stats = await analyses.stats(db, None, None)
    years = await analyses.distribution(
        db, GroupingKey.CLASS_YEAR, PeopleFilter.of(roles=[Role.STUDENT])
    )
    p = await analyses.projection(db)
    rows = await analyses.load(db, analyses.MAX_LOAD_ROWS, None, str)
    every = [r for _, r in rows]
    topics = sorted(p.expertise, key=lambda t: (-len(p.expertise[t]), t))[:TOPICS_SHOWN]
    reach = []
    for topic in topics:
        r = await analyses.reach(db, topic, REACH_HOPS, None)
        reach.append((topic, r.mentors, r.reached / r.students if r.students else 0.0))
    student = students(p)
    by_dept: dict[str, list[float]] = {}
    for i in np.flatnonzero(student & ~np.isnan(p.score)).tolist():
        by_dept.setdefault(p.department[i] or "none", []).append(float(p.score[i]))
    ranked = sorted(by_dept.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    shown = ranked[:DEPARTMENTS_SHOWN]
    rest = [s for _, scores in ranked[DEPARTMENTS_SHOWN:] for s in scores]
    if rest:
        shown.append(("all others", rest))
    return ReportData(
        degrees=stats.degree_distribution,
        scores_by_department=shown,
        typology_by_year=[(g.label, {t: c for t, c, _ in g.typology}) for g in years],
        loads=[r.load for r in every],
        load_status={
            "over capacity": sum(r.over_capacity for r in every),
            "at capacity": sum(r.at_capacity for r in every),
            "available, unused": sum(r.unused for r in every),
            "mentoring": sum(r.load > 0 for r in every),
        },
        reach_by_topic=reach,
    )


def _degree(fig: Figure, d: ReportData) -> None:
    ax = fig.subplots()
    points = [(k, c) for k, c in d.degrees if k > 0]
    if points:
        ax.loglog(*zip(*points, strict=True), "o", markersize=3)
    isolated = dict(d.degrees).get(0, 0)
    ax.set_xlabel("degree (people tied to, any support kind)")
    ax.set_ylabel("people")
    ax.set_title(f"Degree distribution ({isolated:,} people without a support tie)")


def _scores(fig: Figure, d: ReportData) -> None:
    n = max(len(d.scores_by_department), 1)
    cols = 4
    rows = (n + cols - 1) // cols
    fig.set_size_inches(12, 2.4 * rows + 0.8)
    axes = fig.subplots(rows, cols, squeeze=False, sharex=True)
    bins = np.linspace(0, 100, 21)
    for ax, (name, scores) in zip(axes.flat, d.scores_by_department, strict=False):
        ax.hist(scores, bins=bins, color="#4c72b0")
        ax.axvline(50, color="#c44e52", linewidth=1)
        ax.set_title(f"{name} (n={len(scores):,})", fontsize=9)
    for ax in list(axes.flat)[len(d.scores_by_department) :]:
        ax.set_visible(False)
    fig.suptitle("Students' support scores by department (red: the thin line, 50)")


def _typology(fig: Figure, d: ReportData) -> None:
    ax = fig.subplots()
    labels = [label for label, _ in d.typology_by_year]
    bottom = np.zeros(len(labels))
    for t in Typology:
        counts = np.array([mix.get(t, 0) for _, mix in d.typology_by_year], dtype=float)
        totals = np.array([max(sum(mix.values()), 1) for _, mix in d.typology_by_year])
        share = counts / totals
        ax.bar(labels, share, bottom=bottom, label=t.value.lower())
        bottom += share
    ax.set_ylabel("share of students")
    ax.set_xlabel("class year")
    ax.set_title("Developmental network types (Higgins & Kram) by class year")
    ax.legend(fontsize=8, loc="upper right")


def _load(fig: Figure, d: ReportData) -> None:
    left, right = fig.subplots(1, 2)
    fig.set_size_inches(11, 4)
    if d.loads:
        left.hist(d.loads, bins=range(0, max(d.loads) + 2), color="#55a868")
    left.set_xlabel("active mentees (MENTORS ties)")
    left.set_ylabel("mentors")
    left.set_title(f"Mentor load (the {len(d.loads):,} heaviest)")
    right.barh(list(d.load_status), list(d.load_status.values()), color="#8172b2")
    right.set_title("Where mentors stand")


def _reach(fig: Figure, d: ReportData) -> None:
    ax = fig.subplots()
    topics = [f"{t} ({m})" for t, m, _ in d.reach_by_topic]
    ax.barh(topics[::-1], [s for _, _, s in d.reach_by_topic][::-1], color="#dd8452")
    ax.set_xlim(0, 1)
    ax.set_xlabel(f"share of students within {REACH_HOPS} hops of an available mentor")
    ax.set_title("Mentor reach per topic (available mentors in brackets)")


PLOTS: dict[str, tuple[str, Callable[[Figure, ReportData], None]]] = {
    "degree-distribution": ("How many people each person is tied to.", _degree),
    "support-scores-by-department": ("Support scores of students, per department.", _scores),
    "typology-by-class-year": ("The typology mix of students, per class year.", _typology),
    "mentor-load": ("How many mentees mentors carry, and who is over or under used.", _load),
    "mentor-reach": ("Students within reach of an available mentor, per topic.", _reach),
}


def render(name: str, data: ReportData, fmt: str) -> bytes:
    """One plot as SVG or PNG bytes (KeyError for an unknown plot)."""
    _, draw = PLOTS[name]
    fig = Figure(figsize=(8, 4.5), layout="constrained")
    draw(fig, data)
    out = io.BytesIO()
    fig.savefig(out, format=fmt, dpi=110, metadata=_metadata(fmt))
    return out.getvalue()


def _metadata(fmt: str) -> dict[str, str | None]:
    # No dates in the files: the same graph gives the same bytes.
    return {"Date": None} if fmt == "svg" else {"Software": "supportweb"}


async def plot(db: Database, name: str, fmt: str) -> bytes:
    """One plot of the graph as it is now (its data kept with the projection)."""
    p = await analyses.projection(db)
    data = await cache.memo_async(db, p, "report", lambda: report_data(db))
    return await asyncio.to_thread(render, name, data, fmt)


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Supportweb: the web of support</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}}
figure{{margin:2em 0}}img{{max-width:100%}}figcaption{{color:#555}}</style></head>
<body><h1>The web of support</h1>
<p>Made by <code>supportweb report</code> on {day} from {people:,} people and {ties:,} pairs
tied by support. No plot names anyone.</p>
{figures}
</body></html>
"""
FIGURE = """<figure id="{name}"><img src="{name}.svg" alt="{caption}">
<figcaption>Figure {n}. {caption} (<a href="{name}.png">PNG</a>)</figcaption></figure>"""


async def write_report(db: Database, folder: Path) -> list[Path]:
    """Every plot as SVG and PNG into ``folder``, and an index.html showing them."""
    data = await report_data(db)
    stats = await analyses.stats(db, None, None)
    written: list[Path] = []
    figures = []
    for n, (name, (caption, _)) in enumerate(PLOTS.items(), start=1):
        for fmt in FORMATS:
            path = folder / f"{name}.{fmt}"
            path.write_bytes(await asyncio.to_thread(render, name, data, fmt))
            written.append(path)
        figures.append(FIGURE.format(name=name, caption=html.escape(caption), n=n))
    index = folder / "index.html"
    day = dt.date.today().isoformat()
    page = PAGE.format(day=day, people=stats.people, ties=stats.ties, figures="\n".join(figures))
    index.write_text(page, encoding="utf-8")
    return [*written, index]
