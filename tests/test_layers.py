"""The house stays as built: imports point supportweb -> schema -> resolvers -> graphdb, the
GraphQL face names only graphdb's shared vocabulary, and no module imports itself back
through others — type-checking imports and imports inside functions included.

The imports are read with the standard library's ``ast``, so the test sees every import
statement, whether it runs at import time or not.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("supportweb", "schema", "resolvers", "graphdb")  # each may import only those after it
SCHEMA_MAY_USE = ("graphdb.model", "graphdb.errors")
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[tuple[int, str]]:
    """(line, module) for every product module this one imports."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _resolve(node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                # `from pkg import mod` imports the module pkg.mod when there is one.
                target = f"{base}.{alias.name}"
                yield from _resolve(node.lineno, target if target in MODULES else base)


def _resolve(line: int, module: str) -> Iterator[tuple[int, str]]:
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    if module:
        yield line, module


def _layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def test_imports_point_only_downwards() -> None:
    upward = [
        f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}"
        for name, path in MODULES.items()
        for line, target in _imports(name, path)
        if _layer(target) < _layer(name)
    ]
    assert upward == []


def test_the_schema_names_only_the_shared_vocabulary_of_graphdb() -> None:
    reaching = [
        f"{MODULES[name].relative_to(ROOT)}:{line} imports {target}"
        for name, path in MODULES.items()
        if name.startswith("schema")
        for line, target in _imports(name, path)
        if target.startswith("graphdb") and target not in SCHEMA_MAY_USE
    ]
    assert reaching == []


def test_no_module_imports_itself_back() -> None:
    graph = {
        name: {t for _, t in _imports(name, path) if t != name and not name.startswith(t + ".")}
        for name, path in MODULES.items()
    }
    cycles: list[list[str]] = []
    seen: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycle = trail[trail.index(node) :]
            if sorted(cycle) not in [sorted(c) for c in cycles]:
                cycles.append(cycle)
            return
        if node in seen:
            return
        for nxt in sorted(graph[node]):
            visit(nxt, [*trail, node])
        seen.add(node)

    for name in sorted(graph):
        visit(name, [])
    assert cycles == []


def test_no_product_module_is_a_room_too_big_to_hold_in_mind() -> None:
    big = {
        str(path.relative_to(ROOT)): n
        for path in MODULES.values()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert big == {}
