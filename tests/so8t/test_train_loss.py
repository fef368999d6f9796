"""On CPU the loss falls on the sample data with the tiny model over 200 steps (threshold measured, see below)."""

from __future__ import annotations

from pathlib import Path

import pytest

from so8t.events import read_events
from so8t.train import TrainConfig, train
from so8t.train.data import SFT_SAMPLE

STEPS = 200
LOSS_WINDOW = 20
#: Weight init std of the tiny model here. With the default 0.02 the frozen lm_head and final norm
#: keep the logits close to uniform whatever the adapters do (measured: loss 6.91 → 6.71 over 200
#: steps); 0.3 gives the logits room, so the curve shows whether training works.
INIT_STD = 0.3
#: measure_train_loss.py (beside this file) printed: first-20 mean 9.14, last-20 mean 2.68,
#: ratio 0.29. The limit leaves room for other CPUs' rounding and still fails a run that learns little.
MAX_RATIO = 0.5



pytestmark = pytest.mark.usefixtures("one_torch_thread")

def build_model(out_dir: Path) -> Path:
    from so8t.model.tiny import build_tiny_model

    return build_tiny_model("llama", out_dir, seed=0, initializer_range=INIT_STD)


def loss_curve(model: Path, run_dir: Path) -> list[float]:
    """Per-step training loss of the measured configuration."""
    config = TrainConfig(model=str(model), data=str(SFT_SAMPLE), max_steps=STEPS, max_length=64, batch_size=2,
                         learning_rate=1e-2, gate_learning_rate=1e-2, lora_rank=8, warmup_steps=10,
                         alpha_warmup_steps=100, ckpt_every_steps=STEPS, ckpt_every_seconds=0, kl_every_steps=50,
                         device="cpu", seed=0)
    train(config, run_dir)
    events = read_events(run_dir / "events.jsonl")
    return [e["value"] for e in events if e["kind"] == "metric" and e["name"] == "loss"]


@pytest.mark.slow
def test_loss_falls_over_200_steps(tmp_path):
    losses = loss_curve(build_model(tmp_path / "llama"), tmp_path / "run")
    assert len(losses) == STEPS
    first = sum(losses[:LOSS_WINDOW]) / LOSS_WINDOW
    last = sum(losses[-LOSS_WINDOW:]) / LOSS_WINDOW
    assert last / first <= MAX_RATIO, f"loss {first:.3f} → {last:.3f}"
