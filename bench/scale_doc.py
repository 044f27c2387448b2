"""The figures of `make bench-scale` (bench/scale-results.json, one entry per size) as
docs/benchmarks.md's "A million people (issue 15)" section and docs/scale.md's table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.common import replace_section

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "scale-results.json"
BENCHMARKS = ROOT / "docs" / "benchmarks.md"
SCALE = ROOT / "docs" / "scale.md"
HEADING = "A million people (issue 15)"
BEGIN, END = "<!-- scale-table -->", "<!-- /scale-table -->"


def _get(r: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(r, dict) or key not in r:
            return None
        r = r[key]
    return r


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "not measured"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, int | float):
        text = f"{value:,}" if isinstance(value, int) or value >= 1000 else f"{value}"
        return text + unit
    return str(value)


# (measure, path into a result, unit, target at 1M or None, lower is better)
ROWS: list[tuple[str, tuple[str, ...], str, float | None, bool]] = [
    ("people / ties", ("counts", "ties"), "", None, True),
    ("store on disk (MB)", ("store_mb",), "", None, True),
    ("Neo4j heap / page cache (auto), empty store", ("neo4j_memory", "pagecache"), "", None, True),
    (
        "… after the import (the queries ran on this)",
        ("neo4j_memory_after_import", "pagecache"),
        "",
        None,
        True,
    ),
    ("generate the university (s)", ("generate", "seconds"), "", None, True),
    ("import into an empty graph, end to end (s)", ("import", "total_s"), "", None, True),
    ("… ties/s", ("import", "ties_per_s"), "", 50_000, False),
    ("… of which neo4j-admin itself (s)", ("import", "admin_tool_s"), "", None, True),
    ("… of which validation (s)", ("import", "validate_s"), "", None, True),
    ("… of which indexes and constraints (s)", ("import", "steps_s", "migrate"), "", None, True),
    (
        "re-import, same files, nothing written since (s)",
        ("reimport_unchanged", "seconds"),
        "",
        300,
        True,
    ),
    ("re-import, every record compared (s)", ("reimport", "seconds"), "", None, True),
    ("… records written / people scored", ("reimport", "written"), "", None, True),
    ("`supportweb seed` end to end, scores included (s)", ("seed", "seconds"), "", 900, True),
    ("mentorPaths maxHops 3: p50 (ms)", ("queries", "mentor_paths_3", "median_ms"), "", 50, True),
    ("mentorPaths maxHops 3: p95 (ms)", ("queries", "mentor_paths_3", "p95_ms"), "", 200, True),
    ("supportProfile p50 (ms)", ("queries", "profile", "median_ms"), "", 30, True),
    ("thinSupport first page warm p50 (ms)", ("queries", "thin_warm", "median_ms"), "", 100, True),
    ("thinSupport first page cold (ms)", ("queries", "thin_cold_ms"), "", 1000, True),
    ("100-people page p50 (ms)", ("queries", "people_page", "median_ms"), "", 150, True),
    ("… its driver floor p50 (ms)", ("queries", "people_page_floor", "median_ms"), "", None, True),
    (
        "after 1,000 tie writes: first thin page (ms)",
        ("queries", "writes", "first_page_after_ms"),
        "",
        1000,
        True,
    ),
    ("… next page (ms)", ("queries", "writes", "next_page_ms"), "", 1000, True),
    ("… pages correct", ("queries", "writes", "correct"), "", None, True),
    ("API server peak memory (MB)", ("queries", "server_peak_mb"), "", None, True),
    ("load average at the end", ("queries", "load"), "", None, True),
]


def _cell(r: dict[str, Any], path: tuple[str, ...], unit: str) -> str:
    if path == ("counts", "ties"):
        return f"{r['counts']['people']:,} / {r['counts']['ties']:,}"
    if path[1:] == ("pagecache",):
        memory = r.get(path[0])
        return f"{memory['heap']} / {memory['pagecache']}" if memory else "not measured"
    if path == ("reimport", "written"):
        return f"{_fmt(_get(r, 'reimport', 'written'))} / {_fmt(_get(r, 'reimport', 'scored'))}"
    return _fmt(_get(r, *path), unit)


def _verdict(r: dict[str, Any], path: tuple[str, ...], target: float, lower: bool) -> str:
    value = _get(r, *path)
    if value is None:
        return "not measured"
    met = value <= target if lower else value >= target
    return "met" if met else "missed"


def table(every: dict[str, Any]) -> str:
    sizes = sorted(every, key=int)
    head = "| measure | " + " | ".join(f"{int(s):,} people" for s in sizes)
    head += " | target (1M) | at the largest size |"
    lines = [head, "|---|" + "---|" * (len(sizes) + 2)]
    largest = every[sizes[-1]]
    for name, path, unit, target, lower in ROWS:
        cells = [_cell(every[s], path, unit) for s in sizes]
        goal = "" if target is None else ("≤ " if lower else "≥ ") + f"{target:,}"
        verdict = "" if target is None else _verdict(largest, path, target, lower)
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {goal} | {verdict} |")
    lines.append("")
    for s in sizes:
        r = every[s]
        floor = r.get("floor")
        if floor:
            rate = floor["ties"] / floor["seconds"]
            imp = r["import"]
            lines.append(
                f"- {int(s):,} people: the bare `UNWIND … CREATE` floor wrote {rate:,.0f} ties/s "
                f"({floor['ties']:,} ties sampled); the import ran at "
                f"{imp['ties_per_s'] / rate:.1f}x the floor's rate, and took "
                f"{imp['total_s'] / max(imp['admin_tool_s'], 0.1):.1f}x the time of the bare "
                f"neo4j-admin run on the same data ({imp['admin_tool_s']} s)."
            )
        if _get(r, "queries", "measured_on"):
            lines.append(
                f"- {int(s):,} people: the queries were measured by `--queries-only` on "
                f"{r['queries']['measured_on']}."
            )
        if _get(r, "reimport", "measured_on"):
            lines.append(
                f"- {int(s):,} people: the re-import was measured on its own "
                f"({r['reimport']['measured_on']})."
            )
        if _get(r, "seed", "measured_on"):
            lines.append(
                f"- {int(s):,} people: `supportweb seed` was measured on its own "
                f"({r['seed']['measured_on']})."
            )
        if r.get("partial"):
            lines.append(f"- {int(s):,} people: the run stopped before its end (partial).")
        if r.get("skipped"):
            lines.append(f"- {int(s):,} people: skipped for time: {', '.join(r['skipped'])}.")
        lines.append(
            f"- {int(s):,} people: measured {r['date']}; load average "
            f"{_get(r, 'generate', 'load')} at the start, {_get(r, 'import', 'load')} after the "
            "import (2 shared cores)."
        )
    return "\n".join(lines) + "\n"


def write_docs(every: dict[str, Any]) -> None:
    body = table(every)
    section = (
        f"## {HEADING}\n\n"
        "Produced by `make bench-scale` (`python -m bench.bench_scale --people N`, not in CI; "
        "bounded by `--budget-min`), one size per run, merged into "
        "`bench/scale-results.json`. The design and what grows with what: docs/scale.md.\n\n" + body
    )
    if BENCHMARKS.exists():
        BENCHMARKS.write_text(replace_section(BENCHMARKS.read_text(), HEADING, section))
    if SCALE.exists():
        doc = SCALE.read_text()
        if BEGIN in doc and END in doc:
            start, end = doc.index(BEGIN) + len(BEGIN), doc.index(END)
            SCALE.write_text(doc[:start] + "\n" + body + doc[end:])
