"""Exact resume of the align stage across a SIGKILL: real `so8t align` subprocesses on CPU (DPO)."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safetensors.torch import load_file

from so8t.store.checkpoints import CheckpointStore
from so8t.store.event_log import read_events
from so8t.store.layout import RunLayout
from so8t.store.metric_names import Metrics
from tests.so8t.test_train_resume import ENV, _bitwise_equal

pytestmark = pytest.mark.slow

STEPS = 30
CKPT_EVERY = 5
#: The DPO metrics that must repeat exactly, step by step.
DPO_METRICS = (Metrics.LOSS, Metrics.DPO_MARGIN, Metrics.DPO_ACCURACY, Metrics.DPO_CHOSEN_REWARD,
               Metrics.DPO_REJECTED_REWARD)


def _pairs(path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for i in range(24):
            f.write(json.dumps({"prompt": f"Question {i}: answer it.", "chosen": f"yes {i} yes",
                                "rejected": f"no {i} no"}) + "\n")
    return path


def _args(run: Path, data: Path) -> list[str]:
    return [sys.executable, "-m", "so8t", "align", "--method", "dpo", "--run", str(run), "--data", str(data),
            "--max-steps", str(STEPS), "--ckpt-every-steps", str(CKPT_EVERY), "--ckpt-every-seconds", "0",
            "--max-length", "64", "--batch-size", "2", "--grad-accum", "2", "--lr", "1e-3", "--gate-lr", "1e-3",
            "--warmup-steps", "3", "--device", "cpu", "--deterministic"]


def _metrics(run: Path) -> dict[tuple[str, int], set[float]]:
    """Every DPO metric value logged per step (a step redone after a kill is logged twice)."""
    out: dict[tuple[str, int], set[float]] = {}
    for e in read_events(RunLayout(run).events):
        if e["kind"] == "metric" and e["name"] in DPO_METRICS and e.get("stage") == "align":
            out.setdefault((e["name"], e["step"]), set()).add(e["value"])
    return out


def _align_step(run: Path) -> int:
    try:
        return max((e["done"] for e in read_events(RunLayout(run).events)
                    if e["kind"] == "progress" and e.get("stage") == "align"), default=0)
    except FileNotFoundError:
        return 0


def kill_at_align_step(argv: list[str], run: Path, kill_after: int, rng: random.Random) -> None:
    """Start `so8t align` and SIGKILL it a random moment after its events log reaches step `kill_after`."""
    proc = subprocess.Popen(argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while _align_step(run) < kill_after:
            assert proc.poll() is None, f"align ended early ({proc.returncode})"
            assert time.monotonic() < deadline, "align did not reach the step in time"
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_sigkill_in_the_middle_of_dpo_then_resume_is_bitwise_identical(reference_run, tmp_path):
    data = _pairs(tmp_path / "pairs.jsonl")
    straight = tmp_path / "straight"
    shutil.copytree(reference_run, straight)
    subprocess.run(_args(straight, data), check=True, env=ENV, capture_output=True, timeout=600)

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    kill_after = rng.randint(6, 22)
    run = tmp_path / "killed"
    shutil.copytree(reference_run, run)
    kill_at_align_step(_args(run, data), run, kill_after, rng)
    assert _align_step(run) < STEPS, f"seed {seed}: the run finished before the kill"
    newest = CheckpointStore(run, stage="align").newest_valid()
    assert newest is not None
    reference = RunLayout(run).align_reference.read_bytes()
    resumed = subprocess.run([sys.executable, "-m", "so8t", "align", "--resume", str(run), "--json"], env=ENV,
                             capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    result = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert result["resumed_from"] == newest.name and result["final_step"] == STEPS and result["method"] == "dpo"
    assert RunLayout(run).align_reference.read_bytes() == reference  # read back, never recomputed

    a, b = _metrics(straight), _metrics(run)
    assert {step for _, step in b} == set(range(1, STEPS + 1))
    for key, values in b.items():
        # Steps redone after the kill logged the same values twice: one value per step, the uninterrupted one.
        assert values == a[key], f"seed {seed}, kill after step {kill_after}: {key} differs"
    for name in ("adapter_model.safetensors", "gates.safetensors"):
        x = load_file(str(RunLayout(straight).checkpoint(STEPS, "align") / name))
        y = load_file(str(RunLayout(run).checkpoint(STEPS, "align") / name))
        assert _bitwise_equal(x, y), f"seed {seed}: final {name} differs"
