"""The import run behind ``supportweb import DIR`` (SPEC §6): check everything, then write.

Import is all-or-nothing at the level of validation: every row of every file is read and
checked first (``rows``, ``crosscheck``), every problem collected as ``file:line: reason``,
and a single problem rejects the whole import with ``ImportRejected``. Only a clean folder
becomes a ``Dataset`` for ``graphdb.bulk.writer.write_dataset``, the one batched upsert
path: it writes small imports in one transaction, large ones batch by batch, calls
``progress`` after each batch, and makes a re-import of the same folder a no-op.

Memory stays proportional to the records themselves (the 1,000,000-tie benchmark): rows
are streamed, equal ids, dates and function lists are shared between records, and the
bookkeeping of the checks is freed before the write.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa

from graphdb.bulk import last_import, rows, runs
from graphdb.bulk.crosscheck import Ledger, check_graph
from graphdb.bulk.csv_files import Rows
from graphdb.bulk.csv_format import FILES, GROUPS, MEMBERSHIPS, PEOPLE, TIES
from graphdb.bulk.diff import WritePlan
from graphdb.bulk.membership_columns import MembershipColumns, only_known, read_good_memberships
from graphdb.bulk.problems import ImportRejected, Problems
from graphdb.bulk.tie_columns import TieColumns, only_people, read_good_ties
from graphdb.bulk.writer import BATCH_ROWS, Progress, write_dataset
from graphdb.driver import Database
from graphdb.errors import BadInput
from graphdb.model import Dataset

__all__ = [
    "Checked",
    "ImportRejected",
    "ImportReport",
    "import_dir",
    "read_files",
    "read_folder",
    "read_folder_offline",
]

_Reader = Callable[[Rows, Ledger, Problems, Dataset], None]

# In dependency order: people and groups first, so references resolve in memory.
_READERS: dict[str, _Reader] = {
    PEOPLE: rows.read_people,
    GROUPS: rows.read_groups,
    MEMBERSHIPS: rows.read_memberships,
    TIES: rows.read_ties,
}


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import wrote: rows per file found, and how long it took."""

    folder: Path
    counts: dict[str, int]
    elapsed_s: float
    transactions: int = 0
    written: int = 0
    """Rows that were new or changed; the others were in the graph as they are."""
    resumed_after: int = 0
    """Batches an interrupted import of the same files had written."""
    unchanged: last_import.Imported | None = None
    """The same files were imported last and the graph has not been written since: nothing
    was read or written (graphdb/bulk/last_import.py)."""

    @property
    def people(self) -> int:
        return self.counts.get(PEOPLE, 0)

    @property
    def groups(self) -> int:
        return self.counts.get(GROUPS, 0)

    @property
    def memberships(self) -> int:
        return self.counts.get(MEMBERSHIPS, 0)

    @property
    def ties(self) -> int:
        return self.counts.get(TIES, 0)

    def __str__(self) -> str:
        if self.unchanged is not None:
            return unchanged_words(self.unchanged)
        parts = ", ".join(f"{n} from {name}" for name, n in self.counts.items())
        return (
            f"imported {parts or 'nothing'} in {self.elapsed_s:.1f} s{resumed(self.resumed_after)}"
        )


def resumed(batches: int) -> str:
    """The words for an import that finished an interrupted one (empty when it did not)."""
    if not batches:
        return ""
    return f" (finished an interrupted import after its first {batches} batches)"


def unchanged_words(last: last_import.Imported) -> str:
    return (
        f"nothing to import: these files were imported last ({last.describe()}) and nothing "
        "has been written to the graph since, so nothing was read or written "
        "(--recheck compares every record with the graph anyway)"
    )


def run_of(folder: Path) -> runs.Run:
    """The import run of ``folder``: its files' fingerprint, to tell a resume from others."""
    folder = Path(folder)
    present = [folder / name for name in FILES if (folder / name).is_file()]
    return runs.Run(str(folder.resolve()), runs.fingerprint(present))


GC_THRESHOLDS = (50_000, 20, 100)
"""The garbage collector's thresholds while the files are read (gc.set_threshold)."""


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Collect garbage less often while the rows are read: every record read stays alive,
    so the collector's frequent passes over them (by default every 700 new objects, and
    the whole heap every so often) find nothing, and were a tenth of the reading's time
    (bench/bench_validation.py). Cyclic garbage (a bad row's errors) is still collected,
    after 50,000 new objects instead of 700."""
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@dataclass(slots=True)
class Checked:
    """What reading the files found, before the graph is asked: the records of the good rows,
    the rows per file, what the rows define and name (for ``check_graph``), the problems."""

    dataset: Dataset
    counts: dict[str, int]
    ledger: Ledger
    problems: Problems
    ties: TieColumns | None = None
    """The ties as columns, when asked for and the file is good (then ``dataset.ties`` is
    empty)."""
    memberships: MembershipColumns | None = None
    """Likewise the memberships."""


def read_files(folder: Path, *, columns: bool = False) -> Checked:
    """Read and check every row of the §6 files in ``folder``, without the graph: the part
    of ``read_folder`` that is pure Python (bench/bench_validation.py times it alone).
    Raises ``BadInput`` when the folder holds none of the files; bad rows are only
    collected in ``problems`` (``read_folder`` rejects them after the graph's checks).

    ``columns``: read memberships.csv and ties.csv as columns (``graphdb.bulk.columns``)
    when everything before them was good; a file the columns do not accept whole is read
    row by row as always, which reports its problems."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BadInput(f"{folder} is not a folder; give the folder that holds {', '.join(FILES)}")
    present = [name for name in FILES if (folder / name).is_file()]
    if not present:
        raise BadInput(
            f"{folder} holds none of the import files; expected one or more of {', '.join(FILES)}"
        )
    problems, ledger, dataset = Problems(), Ledger(), Dataset()
    ties: TieColumns | None = None
    memberships: MembershipColumns | None = None

    @functools.cache
    def defined(file: str) -> pa.Array:
        """The ids people.csv or groups.csv defined (asked for once the file is read)."""
        return pa.array(list(ledger.defined[file]), pa.string())

    with _few_collections(), ThreadPoolExecutor(1) as beside:
        # The large files as columns, read beside people.csv's rows (Arrow's work, mostly).
        pending_ties = pending_memberships = None
        if columns and TIES in present:
            pending_ties = beside.submit(read_good_ties, folder / TIES)
        if columns and MEMBERSHIPS in present:
            pending_memberships = beside.submit(read_good_memberships, folder / MEMBERSHIPS)
        for name in present:
            if name == MEMBERSHIPS and pending_memberships and not problems.total:
                memberships = only_known(
                    pending_memberships.result(), defined(PEOPLE), defined(GROUPS)
                )
                if memberships is not None:
                    continue
            if name == TIES and pending_ties and not problems.total:
                ties = only_people(pending_ties.result(), defined(PEOPLE))
                if ties is not None:
                    continue
            file_rows = Rows(folder / name, name, problems)
            try:
                _READERS[name](file_rows, ledger, problems, dataset)
            except OSError as error:
                reason = error.strerror or error
                raise BadInput(f"cannot read {folder / name}: {reason}") from error
            if not file_rows.readable:
                ledger.unreadable.add(name)
    # Each file fills one list of the dataset: people.csv the people, and so on.
    counts = {name: dataset.counts()[name.removesuffix(".csv")] for name in present}
    if ties is not None:
        counts[TIES] = len(ties)
    if memberships is not None:
        counts[MEMBERSHIPS] = len(memberships)
    return Checked(dataset, counts, ledger, problems, ties, memberships)


async def read_folder(
    db: Database,
    folder: Path,
    *,
    tombstone: Callable[[str], str] | None = None,
    progress: Progress | None = None,
) -> tuple[Dataset, dict[str, int], WritePlan]:
    """Read and check every row of the §6 files in ``folder``: the validated records and
    the rows per file found and the plan of what writing them would change (the graph
    compared with them), or ``ImportRejected`` listing every bad row (``BadInput``
    when the folder holds none of the files). Writes nothing: both write paths (online,
    and the offline importer for an empty local graph) start from here."""
    checked = read_files(folder)
    plan = await _checked(db, checked, tombstone, progress)
    return checked.dataset, checked.counts, plan


async def _checked(
    db: Database,
    checked: Checked,
    tombstone: Callable[[str], str] | None,
    progress: Progress | None,
) -> WritePlan:
    """The graph's checks; rejects the folder on any problem (the rows' or the graph's)."""
    dataset, ledger, problems = checked.dataset, checked.ledger, checked.problems
    plan = await check_graph(db, ledger, dataset, problems, tombstone, progress)
    problems.reject()
    ledger.forget()
    return plan


async def read_folder_offline(
    db: Database,
    folder: Path,
    *,
    tombstone: Callable[[str], str] | None = None,
    progress: Progress | None = None,
) -> Checked:
    """``read_folder`` for the offline path (an empty graph, ``resolvers.bulk_load``):
    the same checks and the same problems, found by the same readers; the memberships and
    ties as columns (``.memberships``, ``.ties``; the dataset's lists of them are empty)."""
    checked = read_files(folder, columns=True)
    await _checked(db, checked, tombstone, progress)
    dataset = checked.dataset
    if checked.ties is None:  # read row by row: this file was not plain enough
        checked.ties = TieColumns.from_records(dataset.ties)
        dataset.ties = []
    if checked.memberships is None:
        checked.memberships = MembershipColumns.from_records(dataset.memberships)
        dataset.memberships = []
    return checked


async def import_dir(
    db: Database,
    folder: Path,
    *,
    progress: Progress | None = None,
    tombstone: Callable[[str], str] | None = None,
    batch_size: int = BATCH_ROWS,
    single_tx_limit: int = 50_000,
    discard_unfinished: bool = False,
    recheck: bool = False,
) -> ImportReport:
    """Validate the §6 files in ``folder`` and, if every row is good, write what they
    change (online: the offline path for an empty local graph is resolvers.bulk_load's).

    ``tombstone`` gives an id's tombstone key (resolvers.audit.tombstone_key under the
    pseudonym key): with it, a person whose id belonged to someone erased is refused.

    Raises ``ImportRejected`` (listing ``file:line: reason`` for every bad row) without
    writing anything, or ``BadInput`` when the folder holds none of the files.
    ``progress`` is passed to ``write_dataset`` and called after each written batch.

    An import written batch by batch (over ``single_tx_limit`` rows) that was interrupted
    is finished by importing the same files again; other files are refused with
    ``ImportUnfinished`` until it is, unless ``discard_unfinished`` (graphdb/bulk/runs.py).

    The same files as the last import, into a graph no one has written since, are known to
    change nothing: the report says so (``unchanged``) without reading them, unless
    ``recheck`` (graphdb/bulk/last_import.py).
    """
    started = time.perf_counter()
    folder = Path(folder)
    run = run_of(folder) if folder.is_dir() else None  # else read_folder says what is wrong
    if run is not None:
        run = await runs.check(db, run, discard=discard_unfinished)
        if not recheck and (last := await last_import.unchanged_since(db, run)):
            return ImportReport(folder, {}, time.perf_counter() - started, unchanged=last)
    watch = await last_import.watch(db)
    dataset, counts, plan = await read_folder(db, folder, tombstone=tombstone)
    stats = await write_dataset(
        db,
        dataset,
        plan=plan,
        progress=progress,
        batch_size=batch_size,
        single_tx_limit=single_tx_limit,
        run=run,
    )
    if run is not None:
        await last_import.seal(db, run, watch.expected())
    return ImportReport(
        folder=folder,
        counts=counts,
        elapsed_s=time.perf_counter() - started,
        transactions=stats.transactions,
        written=stats.written,
        resumed_after=stats.resumed_after,
    )
