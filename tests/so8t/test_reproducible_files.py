"""Identical runs in two folders write byte-identical gate and head files (`sha256sum` agrees)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from so8t.events import EventSink
from so8t.fileio import sha256_file
from so8t.train import TrainConfig
from so8t.train.data import SFT_SAMPLE
from so8t.train.loop import Trainer
from so8t.triality.head import load_head
from so8t.triality.run import HEAD_FILE, TrialityConfig, run_triality

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_torch_thread")]  # trains twice


def _metadata_keys(path: Path) -> list[str]:
    """The metadata keys of a safetensors file, in the order its header holds them."""
    data = path.read_bytes()
    size = int.from_bytes(data[:8], "little")
    return list(json.loads(data[8 : 8 + size])["__metadata__"])


def _train(model: Path, run_dir: Path) -> Path:
    run_dir.mkdir(parents=True)
    config = TrainConfig(model=str(model), data=str(SFT_SAMPLE), max_steps=2, ckpt_every_steps=2,
                         ckpt_every_seconds=0, max_length=64, batch_size=1, kl_every_steps=0, device="cpu",
                         lora_rank=2, deterministic=True)
    trainer = Trainer(config, run_dir, EventSink(run=run_dir.name, stage="train"), None)
    trainer.setup()
    trainer.run()
    return run_dir / "checkpoints" / "ckpt-2"


def test_identical_training_runs_write_identical_gate_files(tiny_model_dirs, tmp_path):
    first = _train(Path(tiny_model_dirs["llama"]), tmp_path / "a" / "run")
    second = _train(Path(tiny_model_dirs["llama"]), tmp_path / "elsewhere" / "run")
    for name in ("gates.safetensors", "adapter_config.json"):
        assert sha256_file(first / name) == sha256_file(second / name), name
    keys = _metadata_keys(first / "gates.safetensors")
    assert keys == sorted(keys) and len(keys) > 1


def test_identical_triality_runs_write_identical_heads(tiny_model_dirs, tmp_path):
    heads = []
    for folder in ("a", "elsewhere/deeper"):
        run = tmp_path / folder / "run"
        shutil.copytree(tiny_model_dirs["llama"], run / "baked")  # the pipeline scores the run's baked model
        run_triality(TrialityConfig(model=str(run / "baked"), out=str(run), epochs=20))
        heads.append(run / HEAD_FILE)
    assert sha256_file(heads[0]) == sha256_file(heads[1])
    keys = _metadata_keys(heads[0])
    assert keys == sorted(keys)
    # No absolute path in the file; loading still finds the run's own model.
    assert str(tmp_path) not in heads[0].read_bytes().decode("utf-8", "replace")
    _head, meta = load_head(heads[1])
    assert Path(meta["model"]) == (tmp_path / "elsewhere/deeper/run/baked").absolute()
