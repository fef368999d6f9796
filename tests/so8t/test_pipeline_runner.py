"""The runner in-process: stages recorded with input hashes, skipped when unchanged, rerun when not."""

from __future__ import annotations

import json

import pytest

from so8t.errors import DataFileError
from so8t.events import read_events
from so8t.pipeline import parse_config, resume_run, start_run
from so8t.store.runs import Run

#: A pretraining small enough to take about a second: the stage is real, only tiny.
TINY_PRETRAIN = {"hidden_size": 16, "layers": 1, "steps": 3, "batch_size": 2, "seq_len": 16}


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text("The gate turns blocks of eight numbers. " * 20, encoding="utf-8")
    return path


def config_for(corpus, **pretrain):
    return parse_config({"run": {"name": "r", "stages": ["pretrain"]},
                         "pretrain": {**TINY_PRETRAIN, "corpus": str(corpus), **pretrain}})


def test_finished_stages_are_skipped_and_changed_inputs_rerun(tmp_path, corpus):
    ws = tmp_path / "ws"
    first = start_run(config_for(corpus), workspace=ws)
    assert (first.state, first.ran, first.skipped) == ("finished", ["pretrain"], [])
    run = Run.open(first.path)
    record = run.stage("pretrain")
    assert record["state"] == "finished" and len(record["inputs"]) == 64 and record["attempts"] == 1
    weights = (run.path / "base_model" / "model.safetensors").read_bytes()

    again = resume_run(first.path)
    assert (again.ran, again.skipped) == ([], ["pretrain"])
    skipped = [e for e in read_events(run.events_path) if e.get("state") == "skipped"]
    assert skipped and skipped[-1]["stage"] == "pretrain"

    corpus.write_text("Different text changes the inputs hash. " * 20, encoding="utf-8")
    changed = resume_run(first.path)
    assert changed.ran == ["pretrain"]
    assert Run.open(first.path).stage("pretrain")["inputs"] != record["inputs"]
    assert (run.path / "base_model" / "model.safetensors").read_bytes() != weights


def test_a_damaged_output_is_rebuilt_not_trusted(tmp_path, corpus):
    outcome = start_run(config_for(corpus), workspace=tmp_path)
    (tmp_path / "runs" / outcome.run / "base_model" / "model.safetensors").write_bytes(b"torn")
    assert resume_run(outcome.path).ran == ["pretrain"]


def test_same_config_same_weights(tmp_path, corpus):
    a = start_run(config_for(corpus), workspace=tmp_path)
    b = start_run(config_for(corpus), workspace=tmp_path)
    wa = (tmp_path / "runs" / a.run / "base_model" / "model.safetensors").read_bytes()
    wb = (tmp_path / "runs" / b.run / "base_model" / "model.safetensors").read_bytes()
    assert a.run != b.run and wa == wb


def test_a_failing_stage_is_recorded_with_its_error_and_the_lock_released(tmp_path, corpus):
    config = config_for(corpus)
    corpus.write_text("", encoding="utf-8")
    with pytest.raises(DataFileError, match="is empty"):
        start_run(config, workspace=tmp_path)
    (run_dir,) = (tmp_path / "runs").iterdir()
    run = Run.open(run_dir)
    assert run.stage("pretrain")["state"] == "failed"
    assert run.stage("pretrain")["error"]["code"] == "data_file"
    assert run.lock() is None and run.status() == "failed"
    errors = [e for e in read_events(run.events_path) if e["kind"] == "error"]
    assert len(errors) == 1 and "is empty" in errors[0]["message"]
    assert json.loads((run_dir / "run.json").read_text())["config"]["pretrain"]["steps"] == 3


def test_resume_interrupted_finishes_every_interrupted_run_of_the_workspace(tmp_path, corpus, capsys):
    from so8t.cli import main

    outcome = start_run(config_for(corpus), workspace=tmp_path)
    run = Run.open(outcome.path)
    run.set_stage("pretrain", state="running")  # as a power cut mid-stage leaves it (lock left behind too)
    (run.path / "lock").write_text(json.dumps({"pid": 0, "boot_id": "an-earlier-boot", "started": 0.0}))
    assert main(["resume", "--interrupted", "--workspace", str(tmp_path), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [r["run"] for r in result["runs"]] == [run.id]
    assert result["runs"][0]["ran"] == ["pretrain"] and result["runs"][0]["state"] == "finished"
    assert main(["resume", "--interrupted", "--workspace", str(tmp_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["runs"] == []


@pytest.mark.slow
def test_a_stop_line_on_stdin_stops_a_run_gracefully(tmp_path, corpus):
    """What the window does on Windows, where it cannot always send CTRL_BREAK."""
    import subprocess
    import sys
    from pathlib import Path

    config = tmp_path / "run.toml"
    config.write_text(
        f'[run]\nstages = ["pretrain"]\n[pretrain]\ncorpus = "{corpus}"\nhidden_size = 16\nlayers = 1\n'
        "batch_size = 2\nseq_len = 16\nsteps = 100000\n", encoding="utf-8")
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-m", "so8t", "run", "--config", str(config), "--workspace",
                             str(tmp_path / "ws"), "--events"], cwd=root, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for line in proc.stdout:
            if '"kind":"progress"' in line:
                break
        proc.stdin.write("stop\n")
        proc.stdin.flush()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 143, err[-2000:]  # the stop line raises SIGTERM: 128 + 15
    (run_dir,) = (tmp_path / "ws" / "runs").iterdir()
    assert Run.open(run_dir).stage("pretrain")["state"] == "interrupted"
    assert Run.open(run_dir).lock() is None  # released on the way out


def test_cuda_oom_in_a_stage_becomes_a_one_line_error_with_what_to_lower(tmp_path, corpus, monkeypatch):
    """A CUDA OOM cannot happen on this CPU machine: the stage raises torch's own OOM error instead."""
    import torch

    from so8t.demo import PretrainStage
    from so8t.errors import RunError

    def out_of_memory(self, ctx, events):
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(PretrainStage, "run", out_of_memory)
    with pytest.raises(RunError) as err:
        start_run(config_for(corpus), workspace=tmp_path)
    assert "stage pretrain ran out of GPU memory (CUDA out of memory. Tried to allocate 2.00 GiB)" in err.value.message
    assert "batch_size" in err.value.hint and "max_length" in err.value.hint and "resume" in err.value.hint
    (run_dir,) = (tmp_path / "runs").iterdir()
    assert Run.open(run_dir).stage("pretrain")["error"]["code"] == "cuda_oom"


def test_a_stage_that_fails_its_own_verification_stops_the_run(tmp_path, corpus, monkeypatch):
    """A verifying stage (bake, GGUF check) returning passed=False is failed, not finished."""
    from so8t.demo import PretrainStage
    from so8t.errors import RunError

    def failed_verification(self, ctx, events):
        return {"passed": False, "verify": {"criteria": {"kl_below_limit": True, "top1_all_agree": False}}}

    monkeypatch.setattr(PretrainStage, "run", failed_verification)
    with pytest.raises(RunError) as err:
        start_run(config_for(corpus), workspace=tmp_path)
    assert "stage pretrain failed its verification (top1_all_agree)" in err.value.message
    (run_dir,) = (tmp_path / "runs").iterdir()
    record = Run.open(run_dir).stage("pretrain")
    assert record["state"] == "failed" and record["error"]["code"] == "verification_failed"
    assert record["result"]["passed"] is False
