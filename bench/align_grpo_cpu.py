"""GRPO on a planted reward on the CPU: the reward, tie share and seconds per step over 50 steps.

    python bench/align_grpo_cpu.py [--steps 50] [--lr 1e-2] [--out bench/results]

The tiny llama drawn with a wide init (initializer_range 0.5, so its next-token distribution is far from
uniform), 8 prompts, 2 prompts × 4 completions × 16 tokens per step, one torch thread, `so8t.align.run.align`
in this process from the base model, with a user reward from a file: 1 when the final answer holds a chosen
token (the one the starting policy samples in about 30 % of its completions), else 0. Printed and written
to RESULTS/align_grpo_cpu.json: the reward and tie share per step, the means of the first and last 5 steps,
the median seconds per step after the first, and the wall time.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PROMPTS = 8
#: The chosen token's share of the starting policy's completions: room to rise, and groups that do not tie.
TARGET_SHARE = 0.3


def chosen_token(model_dir: Path) -> str:
    """The token the starting policy samples in about TARGET_SHARE of its completions (seeds apart from the run's)."""
    import torch

    from so8t.align.rollout import sample_group
    from so8t.model.folder import load_tokenizer
    from so8t.train import TrainConfig
    from so8t.train.model import load_base_model, resolve_runtime, wrap_trainable

    config = TrainConfig(model=str(model_dir), data="x", device="cpu", lora_rank=8)
    runtime = resolve_runtime(config)
    model, _ = wrap_trainable(load_base_model(str(model_dir), runtime), config, runtime, [])
    tokenizer = load_tokenizer(model_dir)
    prompt = tokenizer("<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
                       add_special_tokens=False)["input_ids"]
    present: Counter[int] = Counter()
    total = 0
    for seed in range(100, 116):
        group = sample_group(model, prompt, generations=4, max_new_tokens=16, temperature=1.0, top_p=1.0,
                             stop_ids=[tokenizer.eos_token_id], pad_id=0, generator=torch.Generator().manual_seed(seed))
        for row in group.completion_ids():
            present.update(set(row) - {tokenizer.eos_token_id})
            total += 1
    # Whole characters only: a token holding part of a UTF-8 character decodes to U+FFFD.
    readable = [t for t in present if (text := tokenizer.decode([t])).strip() and "\ufffd" not in text]
    token = min(readable, key=lambda t: (abs(present[t] / total - TARGET_SHARE), t))
    return tokenizer.decode([token])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--lr", type=float, default=1e-2)
    parser.add_argument("--out", default=str(REPO / "bench" / "results"))
    args = parser.parse_args()

    import torch

    torch.set_num_threads(1)
    from so8t.align.config import AlignConfig
    from so8t.align.run import align
    from so8t.model.tiny import build_tiny_model
    from so8t.store.event_log import read_events
    from so8t.store.metric_names import Metrics

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        model = build_tiny_model("llama", tmp / "model", seed=0, initializer_range=0.5)
        token = chosen_token(model)
        reward = tmp / "planted.py"
        reward.write_text(f"CHOSEN = {token!r}\n\n\ndef chosen_token(prompts, completions, finals, **fields):\n"
                          "    return [float(CHOSEN in (f or '')) for f in finals]\n", encoding="utf-8")
        data = tmp / "prompts.jsonl"
        data.write_text("".join(json.dumps({"prompt": f"What is {i}+{i}?"}) + "\n" for i in range(PROMPTS)),
                        encoding="utf-8")
        run = tmp / "run"
        config = AlignConfig(method="grpo", model=str(model), out=str(run), data=str(data), max_steps=args.steps,
                             device="cpu", learning_rate=args.lr, gate_learning_rate=args.lr, prompts_per_step=2,
                             generations=4, max_completion_tokens=16, max_length=64, ckpt_every_steps=args.steps,
                             ckpt_every_seconds=0, reward=[f"{reward}:chosen_token"])
        t0 = time.perf_counter()
        result = align(config, run)
        total = time.perf_counter() - t0
        events = list(read_events(run / "events.jsonl"))

    def series(name: str) -> list[float]:
        return [e["value"] for e in sorted((e for e in events if e["kind"] == "metric" and e["name"] == name),
                                           key=lambda e: e["step"])]

    rewards = series(Metrics.REWARD)
    out = {"steps": args.steps, "lr": args.lr, "prompts": PROMPTS, "chosen_token": token,
           "reward": [round(r, 4) for r in rewards], "tie_share": series(Metrics.TIE_SHARE),
           "first5_mean": sum(rewards[:5]) / 5, "last5_mean": sum(rewards[-5:]) / 5,
           "s_per_step": result.s_per_step, "total_s": round(total, 2), "torch_threads": 1}
    print(json.dumps(out, indent=1))
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / "align_grpo_cpu.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
