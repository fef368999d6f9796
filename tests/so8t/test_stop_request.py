"""Stops from outside a stage's parent: a lost stdout (the window killed), RUN/stop (`so8t stop`, a following
window), and what `so8t runs` says of a stage whose process was killed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from so8t.store.checkpoints import MANIFEST, CheckpointStore
from so8t.store.event_log import read_events
from so8t.store.layout import RunLayout
from so8t.store.runs import Run, list_runs
from so8t.train.data import SFT_SAMPLE
from tests.gui.conftest import SMALL_PIPELINE_TOML
from tests.so8t.cli_checks import run_here

ROOT = Path(__file__).resolve().parents[2]
#: One thread: fair to the shared machine; the worktree's so8t in every child.
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1",
       "PYTHONPATH": str(ROOT)}

TRAIN_TOML = """
[run]
name = "stoppable"
stages = ["train"]

[train]
model = "{model}"
data = "{data}"
max_steps = {steps}
ckpt_every_steps = 1000
ckpt_every_seconds = 0
seed = 0
device = "cpu"
quantize = "none"
lora_rank = 4
lora_alpha = 8.0
max_length = 64
batch_size = 2
"""


def train_config(tmp_path: Path, model: Path, steps: int = 100_000) -> Path:
    config = tmp_path / "train.toml"
    config.write_text(TRAIN_TOML.format(model=Path(model).as_posix(), data=Path(SFT_SAMPLE).as_posix(), steps=steps),
                      encoding="utf-8")
    return config


def _so8t(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "so8t", *args], cwd=ROOT, env=ENV, capture_output=True, text=True,
                          timeout=300)


def _train_steps(run_dir: Path) -> list[int]:
    try:
        return [e["done"] for e in read_events(RunLayout(run_dir).events)
                if e["kind"] == "progress" and e.stage == "train"]
    except FileNotFoundError:
        return []


def _wait_for_run(workspace: Path, proc: subprocess.Popen, step: int, timeout: float = 240) -> Path:
    """The run folder, once its training has logged `step` steps."""
    deadline = time.monotonic() + timeout
    while True:
        assert proc.poll() is None, f"the run ended early ({proc.returncode})"
        assert time.monotonic() < deadline, "the run did not reach the step in time"
        found = list((workspace / "runs").glob("*/events.jsonl"))
        if found and max(_train_steps(found[0].parent), default=0) >= step:
            return found[0].parent
        time.sleep(0.05)


def _assert_stopped_with_checkpoint(run_dir: Path, after_step: int) -> None:
    run = Run.open(run_dir)
    assert run.status() == "interrupted"
    assert run.stage("train")["state"] == "interrupted", run.stage("train")
    assert run.stage("train").get("error") is None
    newest = CheckpointStore(run_dir).newest_valid()
    assert newest is not None and newest.step > after_step
    assert json.loads((Path(newest.path) / MANIFEST).read_text())["emergency"] is True
    assert not RunLayout(run_dir).stop_request.exists()  # the stage removed the request it obeyed


@pytest.mark.slow
def test_a_lost_stdout_stops_training_with_its_emergency_checkpoint_recorded_interrupted(tiny_model_dirs, tmp_path):
    """The window's death closes the stage's stdout: the stage keeps its events.jsonl, stops at the next step
    boundary with its emergency checkpoint, and the run is interrupted, never failed."""
    workspace = tmp_path / "ws"
    proc = subprocess.Popen([sys.executable, "-m", "so8t", "run", "--config", str(train_config(tmp_path, tiny_model_dirs["llama"])),
                             "--workspace", str(workspace), "--events"], cwd=ROOT, env=ENV, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        seen = 0
        for line in proc.stdout:
            event = json.loads(line)
            if event.get("kind") == "progress" and event.get("stage") == "train":
                seen = event["done"]
                if seen >= 3:
                    break
        proc.stdout.close()  # the reader is gone: the next event write breaks the pipe
        proc.stdin.close()
        err = proc.stderr.read().decode("utf-8", "replace")
        code = proc.wait(120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert seen >= 3
    assert code == 143, err[-2000:]
    assert "Traceback" not in err and "BrokenPipe" not in err, err[-2000:]
    (summary,) = list_runs(workspace)
    run_dir = Path(summary.path)
    _assert_stopped_with_checkpoint(run_dir, seen)
    assert max(_train_steps(run_dir)) > seen  # events.jsonl went on after stdout was lost
    states = [e["state"] for e in read_events(RunLayout(run_dir).events) if e["kind"] == "stage"]
    assert "failed" not in states and states[-1] == "interrupted"


@pytest.mark.slow
def test_so8t_stop_stops_a_run_of_another_process_with_its_checkpoint(tiny_model_dirs, tmp_path):
    # The run is a child; `so8t stop` and `so8t runs` answer in this process, another one than the run's (the
    # executable's `so8t stop --wait` is tested below).
    workspace = tmp_path / "ws"
    proc = subprocess.Popen([sys.executable, "-m", "so8t", "run", "--config", str(train_config(tmp_path, tiny_model_dirs["llama"])),
                             "--workspace", str(workspace)], cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        run_dir = _wait_for_run(workspace, proc, 3)
        asked_at = max(_train_steps(run_dir))
        stop = run_here(["stop", run_dir.name, "--workspace", workspace], cwd=ROOT)
        assert stop.returncode == 0 and stop.stdout.count("\n") == 1, stop.stderr
        assert "stop requested for run" in stop.stdout
        code = proc.wait(120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 143
    _assert_stopped_with_checkpoint(run_dir, asked_at)
    runs = run_here(["runs", "--workspace", workspace], cwd=ROOT)
    assert "interrupted" in runs.stdout and "train:interrupted" in runs.stdout

    # The run is no longer running: a second stop is refused in one line, and so is a folder that is no run.
    again = run_here(["stop", run_dir], cwd=ROOT)
    assert again.returncode == 2 and again.stderr.count("\n") == 1 and "is not running" in again.stderr
    assert not RunLayout(run_dir).stop_request.exists()
    nothing = run_here(["stop", tmp_path], cwd=ROOT)
    assert nothing.returncode == 2 and nothing.stderr.count("\n") == 1 and "is not a run" in nothing.stderr


@pytest.mark.slow
def test_the_stop_file_stops_a_pipeline_between_stages_and_a_stale_one_does_not_stop_a_resume(tmp_path):
    """A stage without steps of its own (here the demo's pretraining) is stopped at the next stage boundary."""
    config = tmp_path / "small.toml"
    config.write_text(SMALL_PIPELINE_TOML.format(steps=3))
    workspace = tmp_path / "ws"
    marker = tmp_path / "paused"
    env = {**ENV, "SO8T_TEST_PAUSE_STAGE": "pretrain", "SO8T_TEST_PAUSE_FILE": str(marker), "SO8T_TEST_PAUSE_S": "3"}
    proc = subprocess.Popen([sys.executable, "-m", "so8t", "run", "--config", str(config), "--workspace", str(workspace)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        (run_dir,) = (workspace / "runs").iterdir()
        stop = _so8t("stop", str(run_dir), "--wait")
        assert stop.returncode == 0, stop.stderr
        code = proc.wait(120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert code == 143
    run = Run.open(run_dir)
    assert run.status() == "interrupted"
    assert run.stage("pretrain")["state"] == "finished" and run.stage("report")["state"] == "pending"
    assert not RunLayout(run_dir).stop_request.exists()

    # A stop file left from before (written while nothing ran) is not a stop of the next process.
    RunLayout(run_dir).stop_request.write_text("{}")
    resumed = _so8t("resume", str(run_dir))
    assert resumed.returncode == 0, resumed.stderr
    assert Run.open(run_dir).status() == "finished"


def test_runs_says_interrupted_for_a_stage_whose_process_was_killed(tmp_path, capsys):
    """D13: run.json still says the stage runs, its lock names a dead process: the stage reads interrupted."""
    from so8t.cli import main
    from so8t.store.lock import RunLock

    run = Run.create(tmp_path, {}, stages=["train", "report"], name="killed")
    run.set_stage("train", state="running")
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    lock = RunLock.mine("run")
    lock.pid = gone.pid
    RunLayout(run.path).lock.write_text(json.dumps(lock.to_dict()))
    assert main(["runs", "--workspace", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "train:interrupted" in out and "report:pending" in out
    assert "train:running" not in out
    (summary,) = list_runs(tmp_path)
    assert summary.state == "interrupted" and summary.stages["train"] == "interrupted"
