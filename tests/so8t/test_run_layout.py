"""Run-file names live in RunLayout alone: no other module spells one (the tree is scanned for the literals)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from so8t.store import layout as run_layout
from so8t.store.layout import (
    RunLayout,
    check_record_path,
    checkpoint_name,
    checkpoint_step,
    partial_checkpoint_step,
)

ROOT = Path(__file__).resolve().parents[2]
#: The one module allowed to spell the names.
ALLOWED = {ROOT / "so8t" / "store" / "layout.py"}
#: Names the README documents: they never change (old runs keep opening).
DOCUMENTED = {"run.json", "events.jsonl", "checkpoints", "so8t_bake.json", ".check.json", "triality.json",
              "calibration.json", "report.pdf", "baked", "gguf"}


def _names() -> set[str]:
    """Every name RunLayout defines (its upper-case string constants)."""
    return {v for k, v in vars(run_layout).items() if k.isupper() and isinstance(v, str)}


def _plain_word(name: str) -> bool:
    """A folder name that is also an ordinary word ("lock", "gguf"): only a path built with it counts."""
    return name.isalpha()


def _docstring_nodes(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def spelled_names(path: Path, names: set[str]) -> list[str]:
    """`file:line: literal` for each string literal in `path` that spells a run-file name.

    A file name (with a dot or underscore) counts wherever it is a whole literal or an f-string
    part; a plain-word folder name counts only as an operand of `/` (a path being built).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = _docstring_nodes(tree)
    path_operands = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            path_operands.update({id(node.left), id(node.right)})
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    hits = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Constant) and isinstance(node.value, str)) or id(node) in docstrings:
            continue
        value = node.value
        if value in names and (not _plain_word(value) or id(node) in path_operands):
            hits.append(f"{where}:{node.lineno}: {value!r}")
        elif value.startswith(run_layout.CHECKPOINT_PREFIX) or value.endswith(run_layout.CHECK_SUFFIX):
            hits.append(f"{where}:{node.lineno}: {value!r}")
    return hits


def _sources() -> list[Path]:
    files = [ROOT / "main.py"]
    for package in ("so8t", "workers", "gui"):
        files.extend(sorted((ROOT / package).rglob("*.py")))
    return [f for f in files if f.is_file() and f not in ALLOWED]


def test_no_module_but_run_layout_spells_a_run_file_name():
    names = _names()
    hits = [hit for path in _sources() for hit in spelled_names(path, names)]
    assert hits == [], "spell these through so8t.store.layout:\n" + "\n".join(hits)


def test_the_scan_finds_a_spelled_name(tmp_path):
    """Negative control: the scan does see the literals it is meant to forbid."""
    bad = tmp_path / "probe.py"
    text = ('from pathlib import Path\n'
            'def f(run):\n'
            '    """Reads run.json."""\n'
            '    return Path(run) / "baked" / "so8t_bake.json", f"{run}.check.json", "lock", "ckpt-3"\n')
    bad.write_text(text, encoding="utf-8")
    hits = spelled_names(bad, _names())
    assert sorted(h.split(": ", 1)[1] for h in hits) == ["'.check.json'", "'baked'", "'ckpt-3'", "'so8t_bake.json'"]


def test_documented_names_are_kept():
    assert DOCUMENTED <= _names() | {run_layout.CHECK_SUFFIX}
    layout = RunLayout("r")
    assert [p.as_posix() for p in (layout.run_json, layout.events, layout.checkpoints("train"), layout.bake_record,
                                   layout.triality, layout.calibration, layout.report_pdf)] == [
        "r/run.json", "r/events.jsonl", "r/checkpoints", "r/baked/so8t_bake.json", "r/triality.json",
        "r/calibration.json", "r/report.pdf"]
    assert check_record_path(layout.gguf("demo", "Q4_K_M")).as_posix() == "r/gguf/demo-Q4_K_M.check.json"


@pytest.mark.parametrize("name, step, partial", [("ckpt-12", 12, None), (".ckpt-7.ab12.partial", None, 7),
                                                ("ckpt-x", None, None), ("pinned.json", None, None)])
def test_checkpoint_names(name, step, partial):
    assert checkpoint_step(name) == step
    assert partial_checkpoint_step(name) == partial
    if step is not None:
        assert checkpoint_name(step) == name
