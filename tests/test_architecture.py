"""The layers of docs/architecture.md hold: no import cycles between modules, ``__init__`` files that only
list public names. (The layer order itself is checked by ``lint-imports``, contracts in pyproject.toml.)"""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parents[1] / "reportgen"

# Cycles still being removed elsewhere (docx helpers mutate the compiler's state; the OOXML work removes
# them). The test fails when one disappears, so this list can only shrink.
KNOWN_CYCLES: set[frozenset[str]] = set()


def import_cycles(graph: grimp.ImportGraph) -> list[frozenset[str]]:
    """Strongly connected groups of modules (Tarjan): every group of two or more is an import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[frozenset[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(frozenset(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(name)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.c", imported="p.a")
    assert import_cycles(graph) == [frozenset({"p.a", "p.b"})]


def test_no_import_cycles_between_modules() -> None:
    cycles = set(import_cycles(grimp.build_graph("reportgen")))
    assert cycles - KNOWN_CYCLES == set(), "new import cycle(s): a helper should return values instead"
    assert KNOWN_CYCLES - cycles == set(), "a known cycle is gone: remove it from KNOWN_CYCLES"


def test_init_files_only_list_public_names() -> None:
    """Logic lives in named modules; an ``__init__.py`` holds a docstring, imports and ``__all__``."""
    offenders = []
    for init in sorted(PACKAGE.rglob("__init__.py")):
        if init.parent == PACKAGE:
            continue  # reportgen/__init__.py reads the installed version (a try/except), nothing else
        for node in ast.parse(init.read_text(encoding="utf-8")).body:
            docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
            names = isinstance(node, ast.Assign | ast.AugAssign) and all(
                isinstance(t, ast.Name) and t.id == "__all__" for t in targets)
            if not (docstring or names or isinstance(node, ast.Import | ast.ImportFrom)):
                offenders.append(f"{init.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert offenders == []
    assert len((PACKAGE / "context" / "__init__.py").read_text(encoding="utf-8").splitlines()) < 20
