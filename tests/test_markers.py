"""The fast lane (`pytest -m "not slow"`) stays fast: the `slow` marker is registered, and every test that
starts the `so8t` executable in a child (seconds of torch imports per start) is marked slow or named below
with the reason its process boundary belongs in the edit-test loop."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: A child `so8t` start, in a test's body or in a module helper it calls: a subprocess of `-m so8t` or of
#: the console script, or tests/so8t/cli_checks.run_real.
SO8T_COMMAND = re.compile(r"""["']-m["'],\s*["']so8t["']|so8t_executable\(\)""")
SUBPROCESS = re.compile(r"\bsubprocess\.(run|Popen)\(|\bPopen\(")


def _starts_so8t(code: str) -> bool:
    return bool(re.search(r"\brun_real\(", code) or (SUBPROCESS.search(code) and SO8T_COMMAND.search(code)))


#: End-to-end cases kept in the fast lane: what they check exists only across a real process boundary.
FAST_LANE_CHILDREN = {
    "tests/so8t/test_runs.py::test_a_second_process_cannot_resume_a_run_that_is_running":
        "a lock held by another live process",
    "tests/so8t/test_bounded_input.py::test_class_16_one_bad_lock_never_hides_the_other_runs":
        "its FIFO case only: a listing that hangs must be a child's timeout, not a stuck suite",
    "tests/so8t/test_bounded_input.py::test_class_24_runs_into_a_closed_pipe_ends_quietly":
        "a closed stdout pipe (SIGPIPE, exit code of the real executable)",
}


def _slow(node: ast.AST, source: str) -> bool:
    return any("slow" in (ast.get_source_segment(source, d) or "") for d in getattr(node, "decorator_list", []))


def _calls_for_real(node: ast.AST, helpers: list[str]) -> bool:
    """A call of a helper that starts `so8t`, unless its last argument is a literal False (`real=False`: the
    helper runs `main(argv)` in process then)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in helpers):
        return False
    last = node.keywords[-1].value if node.keywords else (node.args[-1] if node.args else None)
    return not (isinstance(last, ast.Constant) and last.value is False)


def _children_outside_the_slow_lane() -> list[str]:
    found = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        source = path.read_text(encoding="utf-8")
        if re.search(r"^pytestmark\s*=.*\bslow\b", source, re.M):
            continue  # the whole module is slow
        functions = [n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]
        helpers = [n.name for n in functions if not n.name.startswith("test_")
                   and _starts_so8t(ast.get_source_segment(source, n) or "")]
        for node in functions:
            if node.name.startswith("test_") and not _slow(node, source):
                code = ast.get_source_segment(source, node) or ""
                if _starts_so8t(code) or any(_calls_for_real(call, helpers) for call in ast.walk(node)):
                    found.append(f"{path.relative_to(ROOT).as_posix()}::{node.name}")
    return found


def test_the_slow_marker_is_registered():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert any(m.startswith("slow:") for m in config["markers"])
    assert "--strict-markers" in config["addopts"]  # a misspelt marker fails instead of running in the fast lane


def test_every_slow_fixture_exists():
    """tests/conftest.py marks the users of SLOW_FIXTURES slow: a renamed fixture would bring them back."""
    import importlib

    from tests.conftest import SLOW_FIXTURES

    for key in SLOW_FIXTURES:
        module, name = key.split("::")
        assert hasattr(importlib.import_module(module), name), key


def test_tests_that_start_so8t_in_a_child_are_slow():
    found = _children_outside_the_slow_lane()
    assert sorted(set(found) - set(FAST_LANE_CHILDREN)) == [], "mark them slow, or run `so8t.cli.main` in process"
    assert set(FAST_LANE_CHILDREN) <= set(found), "a kept case no longer starts a child: drop it from the list"
