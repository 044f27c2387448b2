"""Issue 10's targets, judged from one `make bench-peer` run's figures.

Each row says what was asked, what this run measured and whether it was met, so the
verdict is read off the same run as the table above it, never carried over by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

Run = dict[str, Any]
Find = Callable[[str, str, int], Run | None]


def _rps(x: Run) -> float:
    return float(x["requestsPerSecond"])


def _p(x: Run, q: str) -> float:
    return float(x["latencyMs"][q])


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def _pairs(
    find: Find,
    counts: Sequence[int],
    workload: str,
    servers: tuple[str, str],
    judge: Callable[[Run, Run], tuple[str, bool]],
) -> tuple[list[str], list[bool]]:
    """One target judged at each connection count: its figures and verdicts."""
    figures, ok = [], []
    for n in counts:
        a, b = find(workload, servers[0], n), find(workload, servers[1], n)
        if a and b:
            text, good = judge(a, b)
            figures.append(f"{text} at {n}")
            ok.append(good)
    return figures, ok


def _throughput(times: float) -> Callable[[Run, Run], tuple[str, bool]]:
    return lambda a, b: (f"{_rps(a) / _rps(b):.2f}x", _rps(a) >= times * _rps(b))


def _p99(a: Run, b: Run) -> tuple[str, bool]:
    return f"{_p(a, 'p99'):,.1f} vs {_p(b, 'p99'):,.1f} ms", _p(a, "p99") <= _p(b, "p99")


def target_rows(find: Find, connections: Iterable[int]) -> list[str]:
    """The table's rows (markdown), for the connection counts this run measured."""
    counts = [n for n in (8, 32) if n in set(connections)]
    rows: list[str] = []

    def row(target: str, judged: tuple[list[str], list[bool]]) -> None:
        figures, ok = judged
        verdict = _verdict(all(ok) if ok else None)
        rows.append(f"| {target} | {'; '.join(figures) or 'not measured'} | {verdict} |")

    for w in ("W1", "W2"):
        row(
            f"{w}: ours ≥ 1.5x the peer's requests/s, one process each",
            _pairs(find, counts, w, ("ours", "peer"), _throughput(1.5)),
        )
    for w in ("W1", "W2"):
        row(
            f"{w}: p99 no worse than the peer's, one process each",
            _pairs(find, counts, w, ("ours", "peer"), _p99),
        )
    for w in ("W1", "W2"):
        row(
            f"{w}: ours with `--workers 2` ≥ 2x the peer's one process",
            _pairs(find, counts, w, ("ours-2w", "peer"), _throughput(2)),
        )
    ours, floor = find("W1", "ours", 1), find("W1", "floor", 1)
    if ours and floor:
        ratio = _p(ours, "p50") / _p(floor, "p50")
        figure = f"{_p(ours, 'p50'):.2f} vs {_p(floor, 'p50'):.2f} ms = {ratio:.2f}x"
        row("W1 at one connection: p50 ≤ 1.5x the floor's", ([figure], [ratio <= 1.5]))
    cpu = [float(x["serverCpuMsPerRequest"]) for n in connections if (x := find("W2", "ours", n))]
    figures = [f"{min(cpu):.1f}–{max(cpu):.1f} ms"] if cpu else []
    row("server CPU per W2 page < 50 ms", (figures, [c < 50 for c in cpu]))
    return rows
