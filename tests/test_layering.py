"""The layering of docs/architecture.md: main.py -> gui -> workers -> so8t, and the engine never imports Qt."""

import subprocess
import sys
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
