"""The code passes the project's linter (pyproject.toml [tool.ruff]): unused names, import order, bugbear."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "so8t", "workers", "gui", "tests", "bench", "docs", "packaging", "main.py"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
