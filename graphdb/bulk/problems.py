"""What is wrong with an import folder, as ``file:line: reason``, and the error that carries it.

Problems are collected over every row of every file before anything is written, then
reported together in file order, line order, and the order found within a line.
"""

from __future__ import annotations

from graphdb.bulk.csv_format import FILES
from graphdb.errors import BadInput

MAX_PROBLEMS = 1_000
"""Problems kept for the report; the rest are counted ("… and N more")."""


class ImportRejected(BadInput):
    """The folder has bad rows; nothing was written. ``problems`` lists ``file:line: reason``."""

    def __init__(self, problems: list[str], *, total: int | None = None) -> None:
        self.problems = list(problems)
        self.total = len(self.problems) if total is None else total
        header = f"import rejected, nothing was written: {self.total} problem(s)"
        super().__init__("\n".join([header, *self.problems]))


class Problems:
    """Collects ``file:line: reason``; keeps the first MAX_PROBLEMS and counts the rest."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.kept: list[tuple[int, int, int, str]] = []
        self.total = 0

    def add(self, file: str, line: int, reason: str) -> None:
        self.total += 1
        if len(self.kept) < self.limit:
            # Sorted later by file, then line, then the order found (a row's own order).
            self.kept.append((FILES.index(file), line, self.total, f"{file}:{line}: {reason}"))

    def render(self) -> list[str]:
        out = [text for *_, text in sorted(self.kept)]
        if self.total > len(self.kept):
            out.append(f"… and {self.total - len(self.kept)} more problem(s) not shown")
        return out

    def reject(self) -> None:
        """Raise ``ImportRejected`` when anything was found."""
        if self.total:
            raise ImportRejected(self.render(), total=self.total)
