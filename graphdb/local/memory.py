"""How much memory the local Neo4j gets: sized from the machine and its store."""

from __future__ import annotations

import contextlib
from pathlib import Path

AUTO = "auto"
"""A heap or page cache size chosen from the machine and the store (``memory_for``)."""
_MB = 1 << 20
_GB = 1 << 30


def machine_memory() -> int:
    """Bytes of memory on this machine."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    return 8 * _GB


def store_size(data_dir: Path) -> int:
    """Bytes of the user database's store files (0 before the first start)."""
    store = data_dir / "store" / "data" / "databases" / "neo4j"
    if not store.is_dir():
        return 0
    return sum(f.stat().st_size for f in store.rglob("*") if f.is_file())


def memory_for(store_bytes: int, machine_bytes: int | None = None) -> tuple[str, str]:
    """(heap, page cache) for a store of this size on this machine.

    Neo4j answers from its page cache: the whole store fits in it, with a quarter to
    grow, when the machine allows. The budget for both is half the machine's memory (the
    API, the importer's Python and the rest of the machine keep the other half); the
    page cache takes at most 60 % of it, the heap 2 GB plus a quarter of the store (room
    for large transactions and query state), between 1 and 8 GB.
    """
    machine = machine_bytes or machine_memory()
    budget = machine // 2
    pagecache = min(max(int(store_bytes * 1.25) + 256 * _MB, 256 * _MB), budget * 6 // 10)
    heap = min(max(2 * _GB + store_bytes // 4, _GB), 8 * _GB, max(budget - pagecache, _GB))
    return f"{heap // _MB}m", f"{pagecache // _MB}m"


def resolve_memory(data_dir: Path, heap: str, pagecache: str) -> tuple[str, str]:
    """Sizes as given, with ``"auto"`` replaced by ``memory_for`` the store in data_dir."""
    if AUTO not in (heap, pagecache):
        return heap, pagecache
    auto_heap, auto_pagecache = memory_for(store_size(data_dir))
    return (
        auto_heap if heap == AUTO else heap,
        auto_pagecache if pagecache == AUTO else pagecache,
    )
