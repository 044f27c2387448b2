"""Issue 10's targets, judged from one `make bench-peer` run's figures.

Each row says what was asked, what this run measured and whether it was met, so the
verdict is read off the same run as the table above it, never carried over by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Run = dict[str, Any]
Find = Callable[[str, str, int], Run | None]


def _rps(x: Run) -> float:
    return float(x["requestsPerSecond"])


def _p(x: Run, q: str) -> float:
    return float(x["latencyMs"][q])


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def target_rows(find: Find, connections: Iterable[int]) -> list[str]:
    """The table's rows (markdown), for the connection counts this run measured."""
    counts = [n for n in (8, 32) if n in set(connections)]
    rows: list[str] = []

    def row(target: str, figures: list[str], ok: list[bool]) -> None:
        verdict = _verdict(all(ok) if ok else None)
        rows.append(f"| {target} | {'; '.join(figures) or 'not measured'} | {verdict} |")

    for w in ("W1", "W2"):
        figures, ok = [], []
        for n in counts:
            ours, peer = find(w, "ours", n), find(w, "peer", n)
            if ours and peer:
                figures.append(f"{_rps(ours) / _rps(peer):.2f}x at {n}")
                ok.append(_rps(ours) >= 1.5 * _rps(peer))
        row(f"{w}: ours ≥ 1.5x the peer's requests/s, one process each", figures, ok)
    for w in ("W1", "W2"):
        figures, ok = [], []
        for n in counts:
            ours, peer = find(w, "ours", n), find(w, "peer", n)
            if ours and peer:
                figures.append(f"{_p(ours, 'p99'):,.1f} vs {_p(peer, 'p99'):,.1f} ms at {n}")
                ok.append(_p(ours, "p99") <= _p(peer, "p99"))
        row(f"{w}: p99 no worse than the peer's, one process each", figures, ok)
    for w in ("W1", "W2"):
        figures, ok = [], []
        for n in counts:
            ours2, peer = find(w, "ours-2w", n), find(w, "peer", n)
            if ours2 and peer:
                figures.append(f"{_rps(ours2) / _rps(peer):.2f}x at {n}")
                ok.append(_rps(ours2) >= 2 * _rps(peer))
        row(f"{w}: ours with `--workers 2` ≥ 2x the peer's one process", figures, ok)
    ours, floor = find("W1", "ours", 1), find("W1", "floor", 1)
    if ours and floor:
        ratio = _p(ours, "p50") / _p(floor, "p50")
        row(
            "W1 at one connection: p50 ≤ 1.5x the floor's",
            [f"{_p(ours, 'p50'):.2f} vs {_p(floor, 'p50'):.2f} ms = {ratio:.2f}x"],
            [ratio <= 1.5],
        )
    cpu = [x for n in connections if (x := find("W2", "ours", n))]
    row(
        "server CPU per W2 page < 50 ms",
        [
            f"{min(float(x['serverCpuMsPerRequest']) for x in cpu):.1f}–"
            f"{max(float(x['serverCpuMsPerRequest']) for x in cpu):.1f} ms"
        ]
        if cpu
        else [],
        [float(x["serverCpuMsPerRequest"]) < 50 for x in cpu],
    )
    return rows
