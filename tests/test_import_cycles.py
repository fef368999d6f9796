"""No import circle among the project's modules: imports inside functions count, TYPE_CHECKING imports do not.

grimp (the graph library import-linter is built on) reads every import statement, also those inside
functions; the circles are the strongly connected components of that graph.
"""

from __future__ import annotations

import sys
import textwrap

import grimp

PACKAGES = ("so8t", "workers", "gui")


def import_circles(*packages: str) -> list[list[str]]:
    """Every group of modules that import each other round in a circle (Tarjan's strongly connected components)."""
    graph = grimp.build_graph(*packages, exclude_type_checking_imports=True, cache_dir=None)
    modules = sorted(graph.modules)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

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
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                circles.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(modules) + 100))
    try:
        for module in modules:
            if module not in index:
                visit(module)
    finally:
        sys.setrecursionlimit(limit)
    return circles


def test_the_project_has_no_import_circle():
    assert import_circles(*PACKAGES) == []


def test_a_circle_through_a_function_import_is_found_and_type_checking_is_not(tmp_path, monkeypatch):
    """Negative control: the same search finds a planted circle, and ignores one that exists only for type checkers."""
    pkg = tmp_path / "circlepkg"
    pkg.mkdir()
    files = {
        "__init__.py": "",
        "a.py": "def late():\n    from circlepkg import b\n    return b\n",
        "b.py": "import circlepkg.a\n",
        "c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from circlepkg import d\n",
        "d.py": "import circlepkg.c\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert import_circles("circlepkg") == [["circlepkg.a", "circlepkg.b"]]
