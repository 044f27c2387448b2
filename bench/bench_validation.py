"""How fast an import folder is checked (issue 15): the validation alone, no Neo4j.

    python -m bench.bench_validation [--people 100000] [--data DIR] [--repeat 3] [--profile]

Generates the seed university of ``--people`` (``graphdb.seed.generate(people, 7)``, as
bench/bench_scale.py does), writes it as the SPEC §6 files, then times
``graphdb.bulk.importer.read_files`` on them: reading, checking and building the Dataset,
the pure-Python part of every import (``read_folder`` adds only the graph's checks). It
prints the seconds and rows/s of each run and the best of them.

``--data DIR`` keeps the files there and reuses them on the next run of the same size, so
re-measuring after a change skips the generation. ``--profile`` runs once more under
cProfile and prints the 25 costliest functions (own time). Run it on a quiet machine: the
figures are wall-clock seconds on whatever else the cores are doing.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import tempfile
import time
from pathlib import Path

from graphdb.bulk.csv_files import write_csv_dir
from graphdb.bulk.csv_format import FILES
from graphdb.bulk.importer import Checked, read_files
from graphdb.seed import generate

_MARK = ".bench_people"  # the size the files in --data were generated for


def prepare(folder: Path, people: int) -> None:
    """The §6 files of the seeded university of ``people`` in ``folder`` (kept if there)."""
    mark = folder / _MARK
    if mark.is_file() and mark.read_text().strip() == str(people):
        return
    t0 = time.perf_counter()
    dataset = generate(people, 7)
    write_csv_dir(dataset, folder)
    mark.write_text(f"{people}\n")
    print(f"generated and wrote {dataset.counts()} in {time.perf_counter() - t0:.1f} s")


def check_once(folder: Path) -> tuple[float, float, Checked]:
    """Wall-clock and CPU seconds of one ``read_files``: the CPU seconds say more when
    other work shares the cores."""
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    checked = read_files(folder)
    return time.perf_counter() - t0, time.process_time() - c0, checked


def measure(folder: Path, repeat: int, profile: bool) -> float:
    """Time ``read_files`` ``repeat`` times; the best rows/s."""
    rows = 0
    best = float("inf")
    for run in range(1, repeat + 1):
        seconds, cpu, checked = check_once(folder)
        if checked.problems.total:
            raise SystemExit(f"the generated files have problems: {checked.problems.render()[:5]}")
        rows = sum(checked.counts.values())
        del checked
        best = min(best, seconds)
        print(f"run {run}: {seconds:.2f} s ({cpu:.2f} s CPU), {rows / seconds:,.0f} rows/s")
    print(f"best of {repeat}: {best:.2f} s for {rows:,} rows, {rows / best:,.0f} rows/s")
    print(f"load average {os.getloadavg()[0]:.1f}")
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        read_files(folder)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return rows / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--data", type=Path, help="keep (and reuse) the CSV files here")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="then profile one more run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        prepare(folder, args.people)
        sizes = {name: (folder / name).stat().st_size for name in FILES}
        print(f"files: {', '.join(f'{n} {b / 2**20:.1f} MiB' for n, b in sizes.items())}")
        measure(folder, args.repeat, args.profile)


if __name__ == "__main__":
    main()
