"""Training on the tiny model (CPU): metrics, checkpoint contents, restore for bake, KL reference, resume checks, bad inputs."""

from __future__ import annotations

import json
import math
import os
import pickle
import shutil
from pathlib import Path

import pytest
import torch

from so8t.cli import main
from so8t.errors import CheckpointError, ConfigError, OutputPathError
from so8t.model.gates import ALPHA_INIT, gates_of
from so8t.store.checkpoints import CheckpointStore
from so8t.store.event_log import read_events
from so8t.train import TrainConfig, train
from so8t.train.data import SFT_SAMPLE
from so8t.train.loop import EventSink, Trainer
from so8t.train.model import base_model_view, resize_for_tokenizer

STEPS = 6
METRICS = ("loss", "lr", "pet_loss", "pet_lambda", "pet_phase", "alpha_mean", "grad_norm", "tokens_per_s",
           "peak_memory_rss_mb", "kl_to_base")



pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_torch_thread")]  # trains

def _config(model: Path, data: Path = SFT_SAMPLE, **changes) -> TrainConfig:
    values = dict(model=str(model), data=str(data), max_steps=STEPS, ckpt_every_steps=3, ckpt_every_seconds=0,
                  max_length=96, batch_size=2, kl_every_steps=3, alpha_warmup_steps=2, learning_rate=2e-3,
                  device="cpu", lora_rank=4)
    values.update(changes)
    return TrainConfig(**values)


@pytest.fixture(scope="module")
def trained(tiny_model_dirs, tmp_path_factory):
    """One short in-process run: (trainer, result, run folder)."""
    run_dir = tmp_path_factory.mktemp("train") / "run"
    run_dir.mkdir()
    sink = EventSink(run="run", stage="train", log_path=run_dir / "events.jsonl")
    trainer = Trainer(_config(tiny_model_dirs["llama"]), run_dir, sink, None)
    trainer.setup()
    result = trainer.run()
    return trainer, result, run_dir


def _metrics(run_dir: Path, name: str) -> dict[int, float]:
    return {e["step"]: e["value"] for e in read_events(run_dir / "events.jsonl")
            if e["kind"] == "metric" and e["name"] == name}


def test_run_emits_every_metric_and_checkpoints(trained):
    _trainer, result, run_dir = trained
    assert result.final_step == STEPS and not result.interrupted and result.steps_run == STEPS
    events = read_events(run_dir / "events.jsonl")
    names = {e["name"] for e in events if e["kind"] == "metric"}
    assert set(METRICS) <= names
    assert sorted(_metrics(run_dir, "kl_to_base")) == [0, 3, 6]
    assert [e["step"] for e in events if e["kind"] == "checkpoint"] == [3, 6]
    assert [e["state"] for e in events if e["kind"] == "stage"] == ["started", "finished"]
    assert all(math.isfinite(v) for v in _metrics(run_dir, "loss").values())
    assert any(e["kind"] == "log" and e["level"] == "warning" and "truncated" in e["msg"] for e in events)
    assert [e["done"] for e in events if e["kind"] == "progress"] == list(range(1, STEPS + 1))


def test_alpha_frozen_during_its_warm_up_then_trained(trained):
    _trainer, _result, run_dir = trained
    alpha = _metrics(run_dir, "alpha_mean")
    init = torch.sigmoid(torch.tensor(ALPHA_INIT)).item()
    assert alpha[1] == alpha[2] == pytest.approx(init, abs=0)  # lr 0 for α in the warm-up: bitwise unchanged
    assert alpha[STEPS] != alpha[2]


def test_pet_phases_and_lambdas_in_the_metrics(trained):
    _trainer, _result, run_dir = trained
    phases = _metrics(run_dir, "pet_phase")
    lambdas = _metrics(run_dir, "pet_lambda")
    # 6 steps: progress (step-1)/6 → exploration for step 1-2, transition 3-4, stabilisation 5-6.
    assert [phases[s] for s in range(1, 7)] == [0, 0, 1, 1, 2, 2]
    assert [lambdas[s] for s in (1, 3, 5)] == [0.01, 0.05, 0.1]


def test_checkpoint_holds_safetensors_and_json_only(trained):
    _trainer, _result, run_dir = trained
    infos = CheckpointStore(run_dir).list()
    assert [(i.name, i.valid) for i in infos] == [("ckpt-3", True), ("ckpt-6", True)]
    files = {p.name for p in Path(infos[-1].path).iterdir()}
    assert {"adapter_model.safetensors", "adapter_config.json", "gates.safetensors", "optimizer.safetensors",
            "rng.safetensors", "trainer_state.json", "train_config.json", "manifest.json", "tokenizer.json"} <= files
    assert all(name.endswith((".safetensors", ".json", ".jinja")) for name in files)
    state = json.loads((Path(infos[-1].path) / "trainer_state.json").read_text())
    assert state["step"] == STEPS and state["position"] == STEPS and len(state["config_hash"]) == 64
    assert state["added_tokens"][:2] == ["<think>", "</think>"]


def test_restored_model_matches_the_trained_one(trained):
    """What bake consumes: base + merged LoRA + trained gates gives the training model's logits."""
    from so8t.train.restore import load_trained_model

    trainer, _result, run_dir = trained
    ids = trainer.probe[0][None]
    trainer.model.eval()
    with torch.no_grad():
        expected = trainer.model(input_ids=ids).logits
        with base_model_view(trainer.model):
            base = trainer.model(input_ids=ids).logits
    trainer.model.train()
    model, tokenizer = load_trained_model(run_dir / "checkpoints" / "ckpt-6")
    assert len(tokenizer) == len(trainer.tokenizer)
    assert len(gates_of(model)) == 2
    assert not any("lora_" in name for name, _ in model.named_parameters())
    with torch.no_grad():
        got = model(input_ids=ids).logits
    torch.testing.assert_close(got, expected, atol=2e-5, rtol=1e-4)
    assert (got - base).abs().max() > 1e-3  # negative control: training really moved the logits


def test_kl_reference_is_the_untouched_base_model(trained, tiny_model_dirs):
    """Adapters disabled + gates bypassed gives exactly the base model's logits (no second copy kept)."""
    from so8t.model.folder import load_model

    trainer, _result, _run = trained
    base = load_model(tiny_model_dirs["llama"])
    resize_for_tokenizer(base, len(trainer.tokenizer))
    ids = trainer.probe[0][None]
    trainer.model.eval()
    with torch.no_grad(), base_model_view(trainer.model):
        view = trainer.model(input_ids=ids).logits
    with torch.no_grad():
        now = trainer.model(input_ids=ids).logits
        reference = base(input_ids=ids).logits
    trainer.model.train()
    torch.testing.assert_close(view, reference, atol=1e-5, rtol=1e-5)
    assert (now - reference).abs().max() > 1e-3  # outside the block the gates and adapters are back


class _Tripwire:
    """Unpickling this creates a file: proof that nothing unpickled a dropped checkpoint file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path(self.marker).touch, ())


def test_resume_refuses_trajectory_changes_and_never_unpickles(trained, tmp_path):
    trainer, _result, run_dir = trained
    run = tmp_path / "run"
    shutil.copytree(run_dir, run)
    config = trainer.config
    with pytest.raises(ConfigError, match="resume would change lora_rank"):
        train(config.replace(lora_rank=8), run, resume="newest")
    with pytest.raises(ConfigError, match="resume would change learning_rate"):
        train(config.replace(learning_rate=1e-3), run, resume="newest")
    changed = tmp_path / "data.jsonl"
    changed.write_text(SFT_SAMPLE.read_text(encoding="utf-8") + '{"prompt": "a", "response": "b"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="resume would change data"):
        train(config.replace(data=str(changed)), run, resume="newest")
    with pytest.raises(OutputPathError, match="already holds checkpoints"):
        train(config, run)
    # Resume from ckpt-3 with a booby-trapped pickle beside it and non-trajectory changes.
    marker = tmp_path / "unpickled"
    ckpt = run / "checkpoints" / "ckpt-3"
    for name in ("optimizer.pt", "model.pkl"):
        (ckpt / name).write_bytes(pickle.dumps(_Tripwire(str(marker))))
    shutil.rmtree(run / "checkpoints" / "ckpt-6")
    result = train(config.replace(keep=5, kl_every_steps=0), run, resume="ckpt-3")
    assert result.resumed_from == "ckpt-3" and result.final_step == STEPS and result.steps_run == 3
    assert not marker.exists()
    info = CheckpointStore(run).get("ckpt-3")
    assert info.valid and info.unlisted == ["model.pkl", "optimizer.pt"]
    # The resumed steps reproduce the first run's losses (in-process; the kill test does it across processes).
    assert _metrics(run, "loss") == _metrics(run_dir, "loss")


def _cli_error(capsys, argv) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1, err
    return err


def test_bad_inputs_are_one_line_errors(tiny_model_dirs, tmp_path, capsys):
    model = str(tiny_model_dirs["llama"])
    err = _cli_error(capsys, ["train", "--model", str(tmp_path / "nomodel"), "--data", str(SFT_SAMPLE),
                              "--out", str(tmp_path / "r1")])
    assert "model folder" in err and "does not exist" in err
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "a", "response": "b"}\n{"prompt": oops}\n', encoding="utf-8")
    err = _cli_error(capsys, ["train", "--model", model, "--data", str(bad), "--out", str(tmp_path / "r2")])
    assert "line 2 is not valid JSON" in err
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    err = _cli_error(capsys, ["train", "--model", model, "--data", str(empty), "--out", str(tmp_path / "r3")])
    assert "holds no records" in err
    # A run whose only checkpoint is damaged: --resume says there is no valid one.
    run = tmp_path / "r4"
    (run / "checkpoints" / "ckpt-2").mkdir(parents=True)
    (run / "train_config.json").write_text(json.dumps(_config(Path(model)).to_dict()), encoding="utf-8")
    err = _cli_error(capsys, ["train", "--resume", str(run)])
    assert "no valid checkpoint" in err
    err = _cli_error(capsys, ["train", "--resume", str(tmp_path / "r5")])
    assert "is not a training run" in err
    err = _cli_error(capsys, ["train", "--model", model, "--data", str(SFT_SAMPLE), "--out", str(tmp_path / "r6"),
                              "--lora-rank", "0"])
    assert "lora_rank must be at least 1" in err
    with pytest.raises(CheckpointError, match="no valid checkpoint"):
        train(_config(Path(model)), run, resume="newest")


def test_events_of_a_failed_run_are_recorded(tiny_model_dirs, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{\n", encoding="utf-8")
    with pytest.raises(Exception):  # noqa: B017 - the error type is checked through the log below
        train(_config(tiny_model_dirs["llama"], bad), tmp_path / "run")
    events = read_events(tmp_path / "run" / "events.jsonl")
    assert [e["kind"] for e in events][-2:] == ["error", "stage"] and events[-1]["state"] == "failed"
    assert events[-2]["code"] == "data_file"


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="RLIMIT_FSIZE is POSIX")
def test_disk_full_while_writing_a_checkpoint_keeps_earlier_ones(reference_run, tmp_path):
    """A real write failure (file-size limit → EFBIG, as a full disk gives ENOSPC) in a subprocess, resuming a
    copy of the shared reference run (checkpoints at steps 2 and 4) cut back to its first checkpoint."""
    import resource
    import signal
    import subprocess
    import sys

    run = tmp_path / "run"
    shutil.copytree(reference_run, run)
    shutil.rmtree(run / "checkpoints" / "ckpt-4")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    limit = (run / "checkpoints" / "ckpt-2" / "optimizer.safetensors").stat().st_size // 2

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG from write() instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    proc = subprocess.run([sys.executable, "-m", "so8t", "train", "--resume", str(run)], capture_output=True,
                          text=True, env=env, timeout=300, preexec_fn=small_disk)
    assert proc.returncode == 2, proc.stderr
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and "disk full while writing checkpoint ckpt-4" in err[0], proc.stderr
    infos = CheckpointStore(run).list()
    assert [(i.name, i.valid) for i in infos] == [("ckpt-2", True)]  # intact, no partial left


@pytest.mark.parametrize("arch", ["phi3", "gemma", "qwen2", "mistral"])
def test_every_family_trains_and_restores(arch, tiny_model_dirs, tmp_path):
    """Fused qkv/gate_up (phi3), tied embeddings with new token rows (gemma), and the rest."""
    from so8t.train.restore import load_trained_model

    run_dir = tmp_path / "run"
    run_dir.mkdir()
    config = _config(tiny_model_dirs[arch], max_steps=2, ckpt_every_steps=2, kl_every_steps=1, max_length=64,
                     alpha_warmup_steps=0)
    trainer = Trainer(config, run_dir, EventSink(log_path=run_dir / "events.jsonl"), None)
    trainer.setup()
    result = trainer.run()
    assert math.isfinite(result.final_loss) and len(trainer.gates) == 2
    targets = {n.rsplit(".", 1)[-1] for n, m in trainer.model.named_modules() if hasattr(m, "lora_A")}
    assert targets == ({"qkv_proj", "o_proj", "gate_up_proj", "down_proj"} if arch == "phi3"
                       else {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"})
    new_tokens = torch.tensor([trainer.tokenizer.convert_tokens_to_ids(["<think>", "</final>"])])
    ids = torch.cat([trainer.probe[0][None, :20], new_tokens], dim=1)  # the added rows count too
    trainer.model.eval()
    with torch.no_grad():
        expected = trainer.model(input_ids=ids).logits
    model, _tokenizer = load_trained_model(result.last_checkpoint)
    with torch.no_grad():
        got = model(input_ids=ids).logits
    torch.testing.assert_close(got, expected, atol=2e-5, rtol=1e-4)


def test_a_locked_run_is_not_trained_twice(trained, capsys):
    """`so8t train` takes the run store's lock: a run another live process holds is refused."""
    from so8t.store.runs import Run

    _trainer, _result, run_dir = trained
    with Run(run_dir, {}).locked("test"):
        err = _cli_error(capsys, ["train", "--resume", str(run_dir)])
    assert "already running" in err


def test_out_of_memory_ends_in_one_line_with_an_emergency_checkpoint_and_resumes(tiny_model_dirs, tmp_path,
                                                                                  monkeypatch, capsys):
    from so8t.errors import GPUMemoryError

    run_dir = tmp_path / "run"
    real_step = Trainer._train_step

    def step_that_runs_out(self):
        if self.step == 2:
            raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
        return real_step(self)

    monkeypatch.setattr(Trainer, "_train_step", step_that_runs_out)
    # Unpacked: max_length is then a memory setting a resume may change (with packing it is part of the plan).
    config = _config(tiny_model_dirs["llama"], ckpt_every_steps=100, ckpt_every_seconds=3600, kl_every_steps=0,
                     cuda_memory_limit_gb=12.0, packing="off")
    with pytest.raises(GPUMemoryError) as caught:
        train(config, run_dir)
    line = caught.value.one_line()
    assert "out of GPU memory at step 3" in line and "--offload-activations on" in line and "\n" not in line
    valid = [i for i in CheckpointStore(run_dir).list() if i.valid]
    assert [i.step for i in valid] == [2]  # the emergency checkpoint of the last finished step
    failed = [e for e in read_events(run_dir / "events.jsonl") if e["kind"] == "stage" and e.get("state") == "failed"]
    assert failed[-1]["error"] == "out_of_memory" and failed[-1]["reason"] == "out of memory"
    assert failed[-1]["settings_that_fit"] == {"offload_activations": "on"}
    # The CLI prints it as one line and exits 2; a resume with the suggested (and a smaller) setting continues.
    monkeypatch.setattr(Trainer, "_train_step", real_step)
    capsys.readouterr()
    code = main(["train", "--resume", str(run_dir), "--offload-activations", "on", "--max-length", "64", "--json"])
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert code == 0 and result["resumed_from"] == "ckpt-2" and result["final_step"] == STEPS
    assert result["peak_rss_mib"] > 0 and result["peak_gpu_allocated_mib"] is None


def test_with_packing_the_out_of_memory_hint_leaves_max_length_alone(tiny_model_dirs):
    """Packed, max_length decides the plan and a resume keeps it: the hint offers the other settings."""
    from so8t.train.estimate import Card
    from so8t.train.memory import out_of_memory

    card = Card(gib=12.0, source="--card-gb")
    unpacked = _config(tiny_model_dirs["llama"], packing="off", offload_activations="on")
    assert "max_length" in (out_of_memory(unpacked, 2, None, card).settings_that_fit or {})  # the control
    packed = _config(tiny_model_dirs["llama"], packing="on", offload_activations="on")
    error = out_of_memory(packed, 2, None, card)
    assert "max_length" not in (error.settings_that_fit or {})
    assert "--max-length" not in error.one_line() and "--batch-size" in error.one_line()


def test_cli_prints_the_out_of_memory_line(tiny_model_dirs, tmp_path, monkeypatch, capsys):
    def step_that_runs_out(self):
        raise torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")

    monkeypatch.setattr(Trainer, "_train_step", step_that_runs_out)
    code = main(["train", "--model", str(tiny_model_dirs["llama"]), "--data", str(SFT_SAMPLE), "--out",
                 str(tmp_path / "run"), "--device", "cpu", "--max-steps", "3", "--kl-every-steps", "0",
                 "--cuda-memory-limit-gb", "12"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1 and err[0].startswith("so8t train: error: out of GPU memory at step 1")
    assert [i.step for i in CheckpointStore(tmp_path / "run").list() if i.valid] == [0]
