"""`supportweb export --format csv|graphml|parquet|json [--pseudonymize]`: the graph written
for networkx, igraph, Gephi and pandas/polars, streamed a page at a time.

Every format carries the same columns: people (``graphdb.bulk.graph_export.PEOPLE_COLUMNS``)
as nodes, their active ties of the chosen kinds as directed edges (one per tie: parallel
ties stay parallel, each with its id), lists joined with ";" as in SPEC §6. Pseudonymised,
a person's and a tie's id is its pseudonym (``resolvers.pseudonyms``, the key of the
API's, so exports join with answers), and names and emails are not written at all.

- csv: ``nodes.csv`` (``Id``, ``Label``, …) and ``edges.csv`` (``Id``, ``Source``,
  ``Target``, ``Type``, …): Gephi's spreadsheet import reads them as they are.
- graphml: ``graph.graphml``, typed attributes (``nx.read_graphml``, igraph, Gephi).
- parquet: ``nodes.parquet`` and ``edges.parquet`` (pyarrow; pandas, polars).
- json: ``graph.json``, networkx's node-link form (``nx.node_link_graph(d, edges="edges")``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import IO, Any
from xml.sax.saxutils import quoteattr

import pyarrow as pa
import pyarrow.parquet as pq

from graphdb.bulk import graph_export as reads
from graphdb.driver import Database
from graphdb.model import PeopleFilter, TieKind
from graphdb.research import selected_ids

Progress = Callable[[str, int, int], None]
Rename = Callable[[str], str]
Row = dict[str, Any]

IDENTIFYING = ("name", "email")

# Column -> (GraphML / Arrow type). Anything else is text.
TYPES: dict[str, tuple[str, pa.DataType]] = {
    "classYear": ("int", pa.int64()),
    "capacity": ("int", pa.int64()),
    "load": ("int", pa.int64()),
    "openDoor": ("boolean", pa.bool_()),
    "supportThin": ("boolean", pa.bool_()),
    "formal": ("boolean", pa.bool_()),
    "supportScore": ("double", pa.float64()),
    "strength": ("double", pa.float64()),
}


class Format(str, Enum):
    CSV = "csv"
    GRAPHML = "graphml"
    PARQUET = "parquet"
    JSON = "json"


def node_columns(pseudonymize: bool) -> tuple[str, ...]:
    return tuple(c for c in reads.PEOPLE_COLUMNS if not (pseudonymize and c in IDENTIFYING))


def _clean(row: Row) -> Row:
    """Lists joined, unset values None (the reads write -1 and '' for them)."""
    out: Row = {}
    for key, value in row.items():
        if isinstance(value, list):
            value = ";".join(str(v) for v in value)
        if value == "" or (key == "strength" and value == -1.0):
            value = None
        out[key] = value
    return out


class _Writer:
    def __init__(self, folder: Path, nodes: tuple[str, ...]) -> None:
        self.folder = folder
        self.node_columns = nodes
        self.edge_columns = reads.TIE_COLUMNS

    def nodes(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def edges(self, rows: list[Row]) -> None:
        raise NotImplementedError

    def close(self) -> list[Path]:
        raise NotImplementedError


class _Csv(_Writer):
    def __init__(self, folder: Path, nodes: tuple[str, ...]) -> None:
        super().__init__(folder, nodes)
        self.paths = [folder / "nodes.csv", folder / "edges.csv"]
        self.files = [p.open("w", newline="", encoding="utf-8") for p in self.paths]
        self.node_out = csv.writer(self.files[0])
        self.edge_out = csv.writer(self.files[1])
        # Gephi's column names first (Id, Label / Id, Source, Target, Type), then ours.
        self.node_out.writerow(["Id", "Label", *nodes[1:]])
        self.edge_out.writerow(["Id", "Source", "Target", "Type", *self.edge_columns[3:]])

    def nodes(self, rows: list[Row]) -> None:
        for r in rows:
            label = r.get("name") or r["id"]
            self.node_out.writerow([r["id"], label, *(r[c] for c in self.node_columns[1:])])

    def edges(self, rows: list[Row]) -> None:
        for r in rows:
            rest = (r[c] for c in self.edge_columns[3:])
            self.edge_out.writerow([r["id"], r["source"], r["target"], "Directed", *rest])

    def close(self) -> list[Path]:
        for f in self.files:
            f.close()
        return self.paths


class _Parquet(_Writer):
    def __init__(self, folder: Path, nodes: tuple[str, ...]) -> None:
        super().__init__(folder, nodes)
        self.paths = [folder / "nodes.parquet", folder / "edges.parquet"]
        self.schemas = [_schema(nodes), _schema(self.edge_columns)]
        self.writers = [
            pq.ParquetWriter(p, s) for p, s in zip(self.paths, self.schemas, strict=True)
        ]

    def nodes(self, rows: list[Row]) -> None:
        self.writers[0].write_table(pa.Table.from_pylist(rows, schema=self.schemas[0]))

    def edges(self, rows: list[Row]) -> None:
        self.writers[1].write_table(pa.Table.from_pylist(rows, schema=self.schemas[1]))

    def close(self) -> list[Path]:
        for w in self.writers:
            w.close()
        return self.paths


def _schema(columns: tuple[str, ...]) -> pa.Schema:
    return pa.schema([(c, TYPES.get(c, ("string", pa.string()))[1]) for c in columns])


class _GraphMl(_Writer):
    def __init__(self, folder: Path, nodes: tuple[str, ...]) -> None:
        super().__init__(folder, nodes)
        self.path = folder / "graph.graphml"
        self.out: IO[str] = self.path.open("w", encoding="utf-8")
        w = self.out.write
        w('<?xml version="1.0" encoding="UTF-8"?>\n')
        w('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n')
        for where, columns in (("node", nodes[1:]), ("edge", self.edge_columns[3:])):
            for c in columns:
                kind = TYPES.get(c, ("string", None))[0]
                w(f'<key id="{where}_{c}" for="{where}" attr.name="{c}" attr.type="{kind}"/>\n')
        w('<graph id="supportweb" edgedefault="directed">\n')

    def _data(self, where: str, r: Row, columns: tuple[str, ...]) -> str:
        parts = []
        for c in columns:
            v = r[c]
            if v is None:
                continue
            text = str(v).lower() if isinstance(v, bool) else str(v)
            parts.append(f'<data key="{where}_{c}">{_escape(text)}</data>')
        return "".join(parts)

    def nodes(self, rows: list[Row]) -> None:
        for r in rows:
            data = self._data("node", r, self.node_columns[1:])
            self.out.write(f"<node id={quoteattr(r['id'])}>{data}</node>\n")

    def edges(self, rows: list[Row]) -> None:
        for r in rows:
            ends = " ".join(f"{k}={quoteattr(r[k])}" for k in ("id", "source", "target"))
            self.out.write(f"<edge {ends}>{self._data('edge', r, self.edge_columns[3:])}</edge>\n")

    def close(self) -> list[Path]:
        self.out.write("</graph>\n</graphml>\n")
        self.out.close()
        return [self.path]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Json(_Writer):
    """networkx's node-link form, written as it streams: nodes, then edges."""

    def __init__(self, folder: Path, nodes: tuple[str, ...]) -> None:
        super().__init__(folder, nodes)
        self.path = folder / "graph.json"
        self.out: IO[str] = self.path.open("w", encoding="utf-8")
        self.out.write(
            '{"directed": true, "multigraph": true, "graph": {"name": "supportweb"},\n"nodes": ['
        )
        self.first = True
        self.in_edges = False

    def _items(self, rows: list[Row]) -> None:
        for r in rows:
            self.out.write(("\n" if self.first else ",\n") + json.dumps(r, ensure_ascii=False))
            self.first = False

    def nodes(self, rows: list[Row]) -> None:
        self._items(rows)

    def edges(self, rows: list[Row]) -> None:
        if not self.in_edges:
            self.out.write('],\n"edges": [')
            self.first, self.in_edges = True, True
        self._items([{**r, "key": r["id"]} for r in rows])

    def close(self) -> list[Path]:
        if not self.in_edges:
            self.out.write('],\n"edges": [')
        self.out.write("]}\n")
        self.out.close()
        return [self.path]


WRITERS: dict[Format, type[_Writer]] = {
    Format.CSV: _Csv,
    Format.GRAPHML: _GraphMl,
    Format.PARQUET: _Parquet,
    Format.JSON: _Json,
}


async def export_graph(
    db: Database,
    folder: Path,
    fmt: Format,
    *,
    rename: Rename | None = None,
    flt: PeopleFilter | None = None,
    kinds: frozenset[TieKind] = frozenset(TieKind),
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write the graph (the filter's people, their active ties of ``kinds`` among them) in
    ``fmt`` into ``folder``; ``rename`` pseudonymises every id and drops names and emails."""
    folder.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - a command's own files
    keep = set(await selected_ids(db, flt)) if flt is not None and flt.set_values() else None
    pages = await reads.id_pages(db)
    writer = WRITERS[fmt](folder, node_columns(rename is not None))
    counts = {"people": 0, "ties": 0}
    total = 2 * len(pages)
    done = 0
    try:
        async for rows in reads.people(db, pages):
            chosen = [_clean(r) for r in rows if keep is None or r["id"] in keep]
            writer.nodes([_renamed(r, rename, ("id",)) for r in chosen])
            counts["people"] += len(chosen)
            done += 1
            if progress:
                progress("people", done, total)
        async for rows in reads.ties(db, pages, kinds):
            chosen = [
                _clean(r)
                for r in rows
                if keep is None or (r["source"] in keep and r["target"] in keep)
            ]
            writer.edges([_renamed(r, rename, ("id", "source", "target")) for r in chosen])
            counts["ties"] += len(chosen)
            done += 1
            if progress:
                progress("ties", done, total)
    finally:
        writer.close()
    return counts


def _renamed(row: Row, rename: Rename | None, keys: tuple[str, ...]) -> Row:
    if rename is None:
        return row
    out = {k: v for k, v in row.items() if k not in IDENTIFYING}
    for k in keys:
        out[k] = rename(row[k])
    return out
