"""Folders for the column readers' tests (test_tie_columns.py, test_membership_columns.py):
a generated university's §6 files, copied per test, and the two ways of reading them."""

from __future__ import annotations

from pathlib import Path

from graphdb.bulk.csv_files import write_csv_dir
from graphdb.bulk.csv_format import FILES
from graphdb.bulk.importer import Checked, read_files
from graphdb.seed import generate


def university(folder: Path, seed: int) -> Path:
    write_csv_dir(generate(300, seed=seed), folder)
    return folder


def copy(source: Path, target: Path) -> Path:
    for name in FILES:
        (target / name).write_bytes((source / name).read_bytes())
    return target


def lines(folder: Path, name: str) -> list[str]:
    return (folder / name).read_text(encoding="utf-8").splitlines(keepends=True)


def both(folder: Path) -> tuple[Checked, Checked]:
    """The folder read with the large files as columns, and row by row."""
    return read_files(folder, columns=True), read_files(folder)
