"""The UI's modules import each other in one direction: no circle, not even through an import inside a function."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _ui_imports(path: Path, known: set[str]) -> set[str]:
    """Every ui module `path` imports, anywhere in the file (top level or inside a function)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in found if name in known}


def _graph() -> dict[str, set[str]]:
    files = sorted((ROOT / "ui").rglob("*.py"))
    known = {_module_name(f) for f in files}
    graph = {_module_name(f): _ui_imports(f, known) for f in files}
    for name, edges in graph.items():  # a package's __init__ is imported with any of its modules, not a cycle
        edges.discard(name)
        edges.difference_update(p for p in list(edges) if name.startswith(p + "."))
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_ui_has_no_import_circle():
    cycle = _cycle(_graph())
    assert cycle is None, "ui modules import each other in a circle: " + " -> ".join(cycle)


def test_the_cycle_finder_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_only_the_store_builds_the_engine():
    builders = [f.relative_to(ROOT).as_posix() for f in (ROOT / "ui").rglob("*.py")
                if "make_engine(" in f.read_text(encoding="utf-8")]
    assert builders == ["ui/store.py"]
