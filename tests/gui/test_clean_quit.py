"""Ending the event loop without closing the window (QApplication.exit) while the telemetry thread and a
training stage run: the process exits 0, the stage stops with its emergency checkpoint, recorded as
interrupted, and `so8t resume` finishes the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from so8t.store.checkpoints import CheckpointStore
from so8t.store.runs import Run, list_runs

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]

CONFIG = """
[run]
name = "quit"
stages = ["train"]

[train]
model = "{model}"
data = "{data}"
max_steps = 40
ckpt_every_steps = 1000
seed = 0
device = "cpu"
quantize = "none"
lora_rank = 4
lora_alpha = 8.0
max_length = 64
batch_size = 2
"""

#: The real window, with its telemetry thread; QApplication.exit(0) once training has done a few steps.
WINDOW_SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication
from gui.main_window import MainWindow

app = QApplication(sys.argv[:1])
window = MainWindow(sys.argv[1], telemetry=True)
window.show()
steps = []

def on_progress(stage, done, total, unit):
    if stage == "train" and done >= 3 and not steps:
        steps.append(done)
        print("QUIT_AT", done, flush=True)
        QApplication.exit(0)

window.process.progress.connect(on_progress)
assert window.sampler is not None and window.sampler.isRunning()
window.process.start(["run", "--config", sys.argv[2], "--workspace", sys.argv[1]])
sys.exit(app.exec())
"""


def test_quitting_the_event_loop_with_a_stage_and_telemetry_running_exits_cleanly(tmp_path):
    from so8t.model.tiny import build_tiny_model

    model = build_tiny_model("llama", tmp_path / "model")
    data = tmp_path / "sft.jsonl"
    data.write_text("\n".join(json.dumps({"prompt": f"Say {i}.", "response": f"{i} {i} {i}."})
                              for i in range(8)), encoding="utf-8")
    config = tmp_path / "quit.toml"
    config.write_text(CONFIG.format(model=model.as_posix(), data=data.as_posix()), encoding="utf-8")
    workspace = tmp_path / "ws"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}

    window = subprocess.run([sys.executable, "-c", WINDOW_SCRIPT, str(workspace), str(config)], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert "QUIT_AT" in window.stdout, window.stderr[-3000:]
    assert window.returncode == 0, window.stderr[-3000:]
    assert "QThread: Destroyed" not in window.stderr

    (summary,) = list_runs(workspace)
    run = Run.open(summary.path)
    assert summary.state == "interrupted"
    assert run.stage("train")["state"] == "interrupted"
    checkpoints = CheckpointStore(summary.path).list()
    assert any(c.valid for c in checkpoints), "the stop wrote no emergency checkpoint"

    resumed = subprocess.run([sys.executable, "-m", "so8t", "resume", summary.path], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-3000:]
    assert Run.open(summary.path).status() == "finished"
