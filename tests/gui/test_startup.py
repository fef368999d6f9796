"""The window starts without the model stack: no torch or transformers before its first paint."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_first_paint_loads_neither_torch_nor_transformers(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-X", "importtime", str(ROOT / "tests" / "gui" / "first_paint.py"),
                           str(tmp_path / "ws")], capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["window"] == "mainWindow"
    assert seen["heavy"] == [], f"imported before the first paint: {seen['heavy']}"
    imported = {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    assert "torch" not in imported and "transformers" not in imported
    print(f"first paint after {seen['seconds']} s")  # the figure bench/window_start.py reports


def test_a_window_started_by_the_tests_remembers_its_form_in_the_test_run_not_the_user_settings(
        tmp_path, child_settings):
    """conftest's child_settings: the child window writes its remembered form under the test run's folder."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    workspace = tmp_path / "remembered-ws"
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "gui" / "first_paint.py"), str(workspace)],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    written = [p for p in child_settings.rglob("*.conf") if str(workspace) in p.read_text(encoding="utf-8")]
    assert [p.relative_to(child_settings).as_posix() for p in written] == ["SO8T/SO8T Control Panel.conf"]
