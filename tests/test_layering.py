"""The layering of docs/architecture.md: main.py -> gui -> workers -> so8t, and the engine never imports Qt."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_hold():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    proc = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "4 kept, 0 broken" in proc.stdout


def test_importing_the_engine_loads_no_qt():
    code = (
        "import sys, importlib, pkgutil, so8t, so8t.commands\n"
        "import so8t.cli; so8t.cli.build_parser()\n"
        "for m in pkgutil.walk_packages(so8t.__path__, 'so8t.'): m.name.endswith('__main__') or importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_workers_use_no_widgets():
    """workers/ may use QtCore and QtGui (QProcess, QThread, PDF painting), never widgets or plots."""
    offenders = []
    for path in sorted((ROOT / "workers").glob("*.py")):
        for line in path.read_text(encoding="utf-8").splitlines():
            words = line.split()
            if words[:1] in (["import"], ["from"]) and len(words) > 1:
                module = words[1]
                if module.startswith(("PySide6.QtWidgets", "pyqtgraph", "gui")):
                    offenders.append(f"{path.name}: {line.strip()}")
    assert offenders == []


def _engine_layer_names() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    engine = next(c for c in contracts if c["name"].startswith("Engine layers"))
    return {name.strip() for layer in engine["layers"] for name in layer.split(":") if name.strip()}


def test_every_engine_module_is_named_in_a_layer() -> None:
    """A module the layers do not name escapes the contract: each one, or a package above it, is named."""
    named = _engine_layer_names()
    unnamed = []
    for path in sorted((ROOT / "so8t").rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            continue  # a package is named through its modules
        if not any(".".join(parts[:i]) in named for i in range(2, len(parts) + 1)):
            unnamed.append(".".join(parts))
    assert unnamed == []


FLAT_LAYER_LIMIT = 16  # the engine's flat layer: core modules only; a capability gets a folder


def test_the_flat_engine_layer_stays_small() -> None:
    """Capabilities live in folders (docs/architecture.md, "Layers"); the flat layer holds the core alone."""
    flat = sorted(path.name for path in (ROOT / "so8t").glob("*.py"))
    assert len(flat) <= FLAT_LAYER_LIMIT, flat
