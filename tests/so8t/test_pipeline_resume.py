"""Reboot simulation: `so8t run` SIGKILLed during training and during export, found by a fresh
process's startup scan, finished by `so8t resume` — with the same weights as a run never stopped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from so8t.errors import So8tError
from so8t.resources import RESOURCES_DIR
from so8t.store.event_log import read_events
from so8t.store.runs import Run
from tests.so8t.cli_checks import run_here, sigkill_when

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

ROOT = Path(__file__).resolve().parents[2]
MAX_STEPS = 12
CKPT_EVERY = 3
WAIT_S = 240

CONFIG = """
[run]
name = "reboot"
stages = ["train", "bake", "export"]

[train]
model = "{model}"
data = "{data}"
max_steps = {max_steps}
ckpt_every_steps = {ckpt_every}
keep = 10
seed = 0
device = "cpu"
quantize = "none"
deterministic = true
lora_rank = 4
lora_alpha = 8.0
max_length = 64
batch_size = 2
kl_every_steps = 4

[bake]
verify = false

[export]
name = "reboot"
"""


def so8t(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "so8t", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=WAIT_S, env={**os.environ, **(env or {})})
    if check:
        assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def last_json(proc: subprocess.CompletedProcess) -> dict:
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_until_killed(config: Path, workspace: Path, marker: Path, env: dict, lines: int) -> Path:
    """Start `so8t run`, SIGKILL it once `marker` has `lines` lines (it is paused in a test hook then)."""
    proc = subprocess.Popen([sys.executable, "-m", "so8t", "run", "--config", str(config), "--workspace",
                             str(workspace)], cwd=ROOT, env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    sigkill_when(proc, lambda: marker.exists() and len(marker.read_text().splitlines()) >= lines, "the kill point",
                 WAIT_S)
    (run_dir,) = (workspace / "runs").iterdir()
    return run_dir


def weights(run_dir: Path) -> dict[str, object]:
    """The trained and derived weights of a finished run: safetensors as tensors, the GGUF as bytes.

    (A safetensors header's metadata order is not fixed between processes, so files are compared
    tensor by tensor, bitwise; the GGUF writer is byte-deterministic.)
    """
    from safetensors.torch import load_file

    outcome = Run.open(run_dir).stage("train")["result"]
    ckpt = Path(outcome["last_checkpoint"])
    return {
        "adapter": load_file(ckpt / "adapter_model.safetensors"),
        "gates": load_file(ckpt / "gates.safetensors"),
        "baked": load_file(run_dir / "baked" / "model.safetensors"),
        "gguf": (run_dir / "gguf" / "reboot-f16.gguf").read_bytes(),
    }


def assert_same_weights(got: dict, want: dict) -> None:
    import torch

    assert got["gguf"] == want["gguf"], "the GGUF differs from the uninterrupted run's"
    for name in ("adapter", "gates", "baked"):
        assert got[name].keys() == want[name].keys(), name
        for key, tensor in want[name].items():
            other = got[name][key]
            # Bitwise: same dtype and every element identical (no tolerance).
            assert other.dtype == tensor.dtype and torch.equal(other.view(-1).view(torch.uint8),
                                                               tensor.view(-1).view(torch.uint8)), f"{name} {key}"


@pytest.fixture(scope="module")
def config_file(tiny_model_dirs, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("reboot") / "run.toml"
    path.write_text(CONFIG.format(model=tiny_model_dirs["llama"], data=RESOURCES_DIR / "sft_sample" / "sft_sample.jsonl",
                                  max_steps=MAX_STEPS, ckpt_every=CKPT_EVERY), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def uninterrupted(config_file, tmp_path_factory) -> dict[str, bytes]:
    ws = tmp_path_factory.mktemp("ws_whole")
    result = last_json(so8t("run", "--config", str(config_file), "--workspace", str(ws), "--json"))
    assert result["state"] == "finished" and result["ran"] == ["train", "bake", "export"]
    # Each stage starts and finishes once in the log (train's own loop announced itself a second time).
    states = [(e["stage"], e["state"]) for e in read_events(Path(result["path"]) / "events.jsonl")
              if e["kind"] == "stage"]
    assert states == [(n, s) for n in ("train", "bake", "export") for s in ("started", "finished")], states
    return weights(Path(result["path"]))


def runs_here(*args: str) -> dict:
    """`so8t runs … --json` in this process (not the killed one): what it answers is tested, not the executable."""
    proc = run_here(["runs", *args, "--json"], cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return last_json(proc)


def scan_reports_interrupted(workspace: Path, run_dir: Path) -> dict:
    """Another process's startup scan (`so8t runs --interrupted`) lists the killed run."""
    scan = runs_here("--workspace", str(workspace), "--interrupted")
    assert scan["interrupted"] == [run_dir.name]
    return scan["runs"][0]


def test_killed_during_training_resumes_from_its_checkpoint_to_the_same_weights(config_file, uninterrupted, tmp_path):
    marker = tmp_path / "checkpoint-pauses"
    # Every checkpoint write pauses (files on disk, no manifest yet); the kill lands in the 2nd
    # pause, so that checkpoint is incomplete and the resume must continue from the 1st. The pause
    # is long enough for this test to notice it on a busy machine.
    env = {"SO8T_TEST_CHECKPOINT_PAUSE": str(marker), "SO8T_TEST_CHECKPOINT_PAUSE_AT": "files",
           "SO8T_TEST_CHECKPOINT_PAUSE_S": "4"}
    run_dir = run_until_killed(config_file, tmp_path / "ws", marker, env, lines=2)
    assert (run_dir / "lock").exists()  # nobody removed it: the process died

    summary = scan_reports_interrupted(tmp_path / "ws", run_dir)
    # run.json still says running; its process is gone, so the stage reads interrupted.
    assert summary["stages"] == {"train": "interrupted", "bake": "pending", "export": "pending"}

    result = last_json(so8t("resume", str(run_dir), "--json"))
    assert result["state"] == "finished"
    assert result["ran"] == ["train", "bake", "export"] and result["skipped"] == []
    train = result["results"]["train"]
    assert train["resumed_from"] and Path(train["resumed_from"]).name == f"ckpt-{CKPT_EVERY}"
    assert train["steps_run"] == MAX_STEPS - CKPT_EVERY  # continued, not restarted
    assert Run.open(run_dir).stage("train")["attempts"] == 2
    assert not (run_dir / "lock").exists()
    assert_same_weights(weights(run_dir), uninterrupted)


def test_killed_during_export_skips_finished_stages_on_resume(config_file, uninterrupted, tmp_path):
    marker = tmp_path / "stage-pauses"
    env = {"SO8T_TEST_PAUSE_STAGE": "export", "SO8T_TEST_PAUSE_FILE": str(marker), "SO8T_TEST_PAUSE_S": "60"}
    run_dir = run_until_killed(config_file, tmp_path / "ws", marker, env, lines=1)

    summary = scan_reports_interrupted(tmp_path / "ws", run_dir)
    assert summary["stages"] == {"train": "finished", "bake": "finished", "export": "interrupted"}

    result = last_json(so8t("resume", str(run_dir), "--json"))
    assert result["state"] == "finished"
    assert result["skipped"] == ["train", "bake"] and result["ran"] == ["export"]
    assert_same_weights(weights(run_dir), uninterrupted)
    assert runs_here("--workspace", str(tmp_path / "ws"))["interrupted"] == []


def test_resume_from_a_chosen_older_checkpoint_retrains_from_it(tmp_path):
    """`so8t resume RUN --checkpoint NAME` reruns training from that checkpoint (not the newest) and what follows."""
    from so8t.model.tiny import build_tiny_model
    from so8t.pipeline import parse_config, resume_run, start_run
    from so8t.store.event_log import read_events

    model = build_tiny_model("llama", tmp_path / "model")
    data = tmp_path / "sft.jsonl"
    data.write_text("\n".join(json.dumps({"prompt": f"Say {i}.", "response": f"{i} {i} {i}."}) for i in range(8)),
                    encoding="utf-8")
    config = parse_config({"run": {"name": "older", "stages": ["train", "bake"]},
                           "train": {"model": str(model), "data": str(data), "max_steps": 6,
                                     "ckpt_every_steps": 2, "max_length": 32}})
    first = start_run(config, workspace=tmp_path / "ws")
    assert first.state == "finished"
    again = resume_run(first.path, checkpoint="ckpt-2")
    assert again.ran == ["train", "bake"]
    logs = [e.get("msg", "") for e in read_events(Path(first.path) / "events.jsonl") if e["kind"] == "log"]
    assert any("chosen checkpoint ckpt-2" in m for m in logs)
    steps = [e["step"] for e in read_events(Path(first.path) / "events.jsonl")
             if e.get("kind") == "metric" and e.get("name") == "loss"]
    assert steps[-4:] == [3, 4, 5, 6]  # continued after step 2, not from the start

    with pytest.raises(So8tError, match="no checkpoint ckpt-99"):
        resume_run(first.path, checkpoint="ckpt-99")
