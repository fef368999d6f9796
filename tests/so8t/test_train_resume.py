"""Exact resume across a SIGKILL, and SIGTERM's emergency checkpoint: real `so8t train` subprocesses on CPU."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from so8t.store.checkpoints import MANIFEST, CheckpointStore
from so8t.store.event_log import read_events
from so8t.train.data import SFT_SAMPLE

pytestmark = pytest.mark.slow

STEPS = 40
CKPT_EVERY = 5
#: One thread: the same float summation order in every process, and fair to the shared machine.
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1"}


def _args(model: Path) -> list[str]:
    return [sys.executable, "-m", "so8t", "train", "--model", str(model), "--data", str(SFT_SAMPLE),
            "--max-steps", str(STEPS), "--ckpt-every-steps", str(CKPT_EVERY), "--ckpt-every-seconds", "0",
            "--max-length", "96", "--batch-size", "2", "--lora-rank", "4", "--lr", "2e-3", "--device", "cpu",
            "--deterministic", "--kl-every-steps", "10", "--alpha-warmup-steps", "10", "--warmup-steps", "5"]


def _losses(run: Path) -> dict[int, set[float]]:
    """Every loss value logged per step (a step redone after a kill is logged twice)."""
    out: dict[int, set[float]] = {}
    for e in read_events(run / "events.jsonl"):
        if e["kind"] == "metric" and e["name"] == "loss":
            out.setdefault(e["step"], set()).add(e["value"])
    return out


def _last_step(run: Path) -> int:
    try:
        return max((e["done"] for e in read_events(run / "events.jsonl") if e["kind"] == "progress"), default=0)
    except FileNotFoundError:
        return 0


def _wait_for_step(proc: subprocess.Popen, run: Path, step: int, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while _last_step(run) < step:
        assert proc.poll() is None, f"training ended early ({proc.returncode})"
        assert time.monotonic() < deadline, "training did not reach the step in time"
        time.sleep(0.02)


def _bitwise_equal(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    return a.keys() == b.keys() and all(
        a[k].dtype == b[k].dtype and torch.equal(a[k].view(torch.uint8), b[k].view(torch.uint8)) for k in a)


@pytest.fixture(scope="module")
def uninterrupted(tiny_model_dirs, tmp_path_factory) -> Path:
    run = tmp_path_factory.mktemp("resume") / "straight"
    subprocess.run([*_args(tiny_model_dirs["llama"]), "--out", str(run)], check=True, env=ENV,
                   capture_output=True, timeout=600)
    return run


def test_sigkill_then_resume_is_bitwise_identical(uninterrupted, tiny_model_dirs, tmp_path):
    _kill_resume_and_compare(_args(tiny_model_dirs["llama"]), uninterrupted, tmp_path)


#: Packed rows that hold two samples each on average: 15 rows of the 32 samples, 2 rows per micro-batch,
#: so an epoch is 8 steps and the kills land inside epochs.
PACKED = ("--packing", "on", "--max-length", "256")


def test_sigkill_mid_packed_epoch_then_resume_is_bitwise_identical(tiny_model_dirs, tmp_path):
    args = [*_args(tiny_model_dirs["llama"]), *PACKED]
    straight = tmp_path / "straight"
    subprocess.run([*args, "--out", str(straight)], check=True, env=ENV, capture_output=True, timeout=600)
    logs = [e["msg"] for e in read_events(straight / "events.jsonl") if e["kind"] == "log"]
    assert any(m.startswith("packing on: 32 samples in 15 rows") for m in logs), logs
    _kill_resume_and_compare(args, straight, tmp_path, avoid_multiples_of=8)
    # With packing, max_length decides the plan: a resume that changes it is refused in one line.
    refused = subprocess.run([sys.executable, "-m", "so8t", "train", "--resume", str(straight), "--max-length", "128"],
                             env=ENV, capture_output=True, text=True, timeout=600)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert "resume would change max_length (256 → 128)" in refused.stderr and "packing" in refused.stderr


def _strip_packing(run: Path) -> None:
    """Make the run look written before packing existed: no `packing` in any train_config.json (manifests kept true)."""
    from so8t.fileio import sha256_file

    for config in [run / "train_config.json", *run.glob("checkpoints/*/train_config.json")]:
        values = json.loads(config.read_text())
        assert values.pop("packing") == "off"
        config.write_text(json.dumps(values, indent=2))
        manifest_file = config.parent / MANIFEST
        if manifest_file.is_file():
            manifest = json.loads(manifest_file.read_text())
            manifest["files"]["train_config.json"] = {"sha256": sha256_file(config), "size": config.stat().st_size}
            manifest_file.write_text(json.dumps(manifest, indent=2))


def test_a_run_from_before_packing_resumes_unpacked(tiny_model_dirs, tmp_path):
    """A train_config.json without `packing` reads as off: the resumed run continues unpacked, bitwise."""
    args = [*_args(tiny_model_dirs["llama"]), "--packing", "off", "--max-length", "256"]
    args[args.index("--max-steps") + 1] = "12"
    straight = tmp_path / "straight"
    subprocess.run([*args, "--out", str(straight)], check=True, env=ENV, capture_output=True, timeout=600)
    run = tmp_path / "old"
    proc = subprocess.Popen([*args, "--out", str(run)], env=ENV, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        _wait_for_step(proc, run, 6)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert _last_step(run) < 12
    _strip_packing(run)
    resumed = subprocess.run([sys.executable, "-m", "so8t", "train", "--resume", str(run), "--json"], env=ENV,
                             capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    logs = [e["msg"] for e in read_events(run / "events.jsonl") if e["kind"] == "log"]
    assert not any(m.startswith("packing on") for m in logs)
    assert json.loads((run / "train_config.json").read_text())["packing"] == "off"
    for name in ("adapter_model.safetensors", "gates.safetensors"):
        a = load_file(str(straight / "checkpoints" / "ckpt-12" / name))
        b = load_file(str(run / "checkpoints" / "ckpt-12" / name))
        assert _bitwise_equal(a, b), f"final {name} differs"


def _kill_resume_and_compare(args: list[str], uninterrupted: Path, tmp_path: Path, avoid_multiples_of: int = 0) -> None:
    """SIGKILL a run of `args` at a random step, resume it, and compare every loss and the final files bitwise."""
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    kill_after = rng.choice([s for s in range(10, 34) if not avoid_multiples_of or s % avoid_multiples_of])
    run = tmp_path / "killed"
    proc = subprocess.Popen([*args, "--out", str(run)], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_step(proc, run, kill_after)
        time.sleep(rng.uniform(0, 0.05))  # a random moment inside the next step
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    killed_at = _last_step(run)
    assert killed_at < STEPS, f"seed {seed}: the run finished before the kill"
    newest = CheckpointStore(run).newest_valid()
    assert newest is not None and killed_at - newest.step < CKPT_EVERY + 1  # lost work ≤ one interval
    resumed = subprocess.run([sys.executable, "-m", "so8t", "train", "--resume", str(run), "--json"], env=ENV,
                             capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    result = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert result["resumed_from"] == newest.name and result["final_step"] == STEPS

    straight, again = _losses(uninterrupted), _losses(run)
    assert sorted(again) == list(range(1, STEPS + 1))
    for step, values in again.items():
        # Steps redone after the kill logged the same loss twice: one value per step, the same as uninterrupted.
        assert values == straight[step], f"seed {seed}, kill after step {kill_after}: step {step} differs"
    for name in ("adapter_model.safetensors", "gates.safetensors"):
        a = load_file(str(uninterrupted / "checkpoints" / f"ckpt-{STEPS}" / name))
        b = load_file(str(run / "checkpoints" / f"ckpt-{STEPS}" / name))
        assert _bitwise_equal(a, b), f"seed {seed}: final {name} differs"


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_writes_emergency_checkpoint_and_exits_128_plus_signal(signum, code, tiny_model_dirs,
                                                                               tmp_path):
    """F9: SIGTERM / SIGINT (Ctrl+C) end `so8t train` with an emergency checkpoint and exit 143 / 130, so
    `so8t train … && so8t bake …` stops here; the stop the user asked for is recorded as interrupted."""
    run = tmp_path / "stopped"
    args = [*_args(tiny_model_dirs["llama"])[:-2], "--out", str(run), "--json"]
    args[args.index("--max-steps") + 1] = "100000"
    args[args.index("--ckpt-every-steps") + 1] = "0"
    args[args.index("--ckpt-every-seconds") + 1] = "180"
    proc = subprocess.Popen(args, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_for_step(proc, run, 3)
        sent = time.monotonic()
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == code, err
    assert took < 30
    result = json.loads(out.strip().splitlines()[-1])
    assert result["interrupted"] and result["final_step"] == _last_step(run)
    newest = CheckpointStore(run).newest_valid()
    assert newest is not None and newest.step == result["final_step"]
    assert json.loads((Path(newest.path) / MANIFEST).read_text())["emergency"] is True
    states = [e["state"] for e in read_events(run / "events.jsonl") if e["kind"] == "stage"]
    assert states == ["started", "interrupted"]
