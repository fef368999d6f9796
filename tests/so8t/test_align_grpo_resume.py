"""Exact resume of GRPO across a SIGKILL: real `so8t align --method grpo` subprocesses on CPU; the rewards of every
step, the rollouts and the final adapters and gates equal an uninterrupted run's."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from safetensors.torch import load_file

from so8t.events import RolloutEvent
from so8t.store.checkpoints import CheckpointStore
from so8t.store.event_log import read_events
from so8t.store.layout import RunLayout
from so8t.store.metric_names import Metrics
from tests.so8t.test_align_resume import _align_step, kill_at_align_step
from tests.so8t.test_train_resume import ENV, _bitwise_equal

pytestmark = pytest.mark.slow

STEPS = 16
CKPT_EVERY = 4
#: A reward that differs between completions of a random model (a share of letters), so groups do not tie and
#: the policy moves: a run whose rewards all tie would resume "exactly" without training anything.
LETTERS = ("def letters(prompts, completions, finals, **fields):\n"
           "    return [sum(ch.isalpha() for ch in c) / max(1, len(c)) for c in completions]\n")


def _prompts(path: Path) -> Path:
    path.write_text("".join(json.dumps({"prompt": f"Question {i}: answer it.", "answer": str(i)}) + "\n"
                            for i in range(10)), encoding="utf-8")
    return path


def _args(model: Path, run: Path, data: Path, reward: Path) -> list[str]:
    return [sys.executable, "-m", "so8t", "align", "--method", "grpo", "--model", str(model), "--out", str(run),
            "--data", str(data), "--reward", f"{reward}:letters", "--reward", "format=0.5",
            "--max-steps", str(STEPS), "--ckpt-every-steps", str(CKPT_EVERY), "--ckpt-every-seconds", "0",
            "--max-completion-tokens", "8", "--generations", "4", "--prompts-per-step", "2",
            "--lr", "5e-3", "--gate-lr", "5e-3", "--device", "cpu", "--deterministic"]


def _steps(run: Path) -> tuple[dict[tuple[str, int], set[float]], dict[int, list[tuple]]]:
    """Every metric value per (name, step) of the align stage, and every rollout's rows per step."""
    metrics: dict[tuple[str, int], set[float]] = {}
    rollouts: dict[int, list[tuple]] = {}
    for e in read_events(RunLayout(run).events):
        if e.get("stage") != "align":
            continue
        if e.kind == "metric" and (e["name"].startswith(Metrics.REWARD) or e["name"] in (
                Metrics.LOSS, Metrics.KL, Metrics.CLIP_RATIO, Metrics.TIE_SHARE, Metrics.COMPLETION_LENGTH)):
            metrics.setdefault((e["name"], e["step"]), set()).add(e["value"])
        if isinstance(e, RolloutEvent):
            rows = [(r.prompt_id, r.final, r.reward, tuple(sorted(r.rewards.items()))) for r in e.rows]
            assert rollouts.setdefault(e.step, rows) == rows, f"step {e.step} was redone with other completions"
    return metrics, rollouts


def test_sigkill_in_the_middle_of_grpo_then_resume_is_bitwise_identical(tiny_model_dirs, tmp_path):
    model = tiny_model_dirs["llama"]
    data = _prompts(tmp_path / "prompts.jsonl")
    reward = tmp_path / "letters.py"
    reward.write_text(LETTERS, encoding="utf-8")
    straight = tmp_path / "straight"
    subprocess.run(_args(model, straight, data, reward), check=True, env=ENV, capture_output=True, timeout=600)

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    kill_after = rng.randint(CKPT_EVERY + 1, STEPS - 3)
    run = tmp_path / "killed"
    kill_at_align_step(_args(model, run, data, reward), run, kill_after, rng)
    assert _align_step(run) < STEPS, f"seed {seed}: the run finished before the kill"
    newest = CheckpointStore(run, stage="align").newest_valid()
    assert newest is not None
    resumed = subprocess.run([sys.executable, "-m", "so8t", "align", "--resume", str(run), "--reward",
                              f"{reward}:letters", "--json"], env=ENV, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    result = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert result["resumed_from"] == newest.name and result["final_step"] == STEPS and result["method"] == "grpo"

    (a, rollouts_a), (b, rollouts_b) = _steps(straight), _steps(run)
    assert {step for _, step in b} == set(range(1, STEPS + 1))
    assert len({v for (name, _), vs in a.items() if name == "reward/letters" for v in vs}) > 1
    for key, values in b.items():
        # Steps redone after the kill logged the same values twice: one value per step, the uninterrupted one.
        assert values == a[key], f"seed {seed}, kill after step {kill_after}: {key} differs"
    assert rollouts_a == rollouts_b
    for name in ("adapter_model.safetensors", "gates.safetensors"):
        x = load_file(str(RunLayout(straight).checkpoint(STEPS, "align") / name))
        y = load_file(str(RunLayout(run).checkpoint(STEPS, "align") / name))
        assert _bitwise_equal(x, y), f"seed {seed}: final {name} differs"
    # Negative control: training moved the weights (an untrained run would be "identical" for free).
    early = load_file(str(RunLayout(straight).checkpoint(CKPT_EVERY, "align") / "adapter_model.safetensors"))
    final = load_file(str(RunLayout(straight).checkpoint(STEPS, "align") / "adapter_model.safetensors"))
    assert not _bitwise_equal(early, final)
