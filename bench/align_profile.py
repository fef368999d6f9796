"""Where a GRPO step of `so8t align` spends its time on the GPU: rollout (sampling), the policy's log-prob
forward, and the rest (backward, optimizer, rewards), timed in process around the objective's calls.

    python bench/align_profile.py MODEL PROMPTS LENGTH_REWARD.py [--steps 4] [--out FILE.json]

MODEL, PROMPTS and the reward file are bench/align.py's (its sitting writes them under its root). Each
phase is timed with the GPU synchronized at both ends; the per-step sums after the first step are printed.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model")
    parser.add_argument("prompts")
    parser.add_argument("reward")
    parser.add_argument("--steps", type=int, default=4)
    parser.add_argument("--completion", type=int, default=256)
    parser.add_argument("--device", default="cuda")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()

    import torch

    import so8t.align.grpo_objective as objective
    from so8t.align.config import AlignConfig
    from so8t.align.run import align

    sync = torch.cuda.synchronize if args.device == "cuda" else (lambda: None)
    spent: dict[str, list[float]] = defaultdict(list)

    def timed(name: str, fn):  # noqa: ANN001, ANN202
        def wrapper(*a, **k):  # noqa: ANN002, ANN003, ANN202
            sync()
            t0 = time.perf_counter()
            out = fn(*a, **k)
            sync()
            spent[name].append(time.perf_counter() - t0)
            return out
        return wrapper

    objective.sample_group = timed("rollout", objective.sample_group)
    objective.completion_logprobs = timed("logprob_forward", objective.completion_logprobs)
    with tempfile.TemporaryDirectory() as tmp:
        config = AlignConfig(method="grpo", model=args.model, out=str(Path(tmp) / "run"), data=args.prompts,
                             max_steps=args.steps, device=args.device, beta=0.0, generations=4, prompts_per_step=1,
                             max_completion_tokens=args.completion, ckpt_every_steps=1000, ckpt_every_seconds=0,
                             cuda_memory_limit_gb=12 if args.device == "cuda" else 0.0,
                             reward=["format", f"{args.reward}:length"])
        t0 = time.perf_counter()
        result = align(config, Path(tmp) / "run")
        total = time.perf_counter() - t0
    n = args.steps
    later = {k: sum(v[len(v) // n:]) / (n - 1) for k, v in spent.items() if len(v) >= n}
    out = {"steps": n, "s_per_step_median": result.s_per_step, "total_s": round(total, 1),
           "per_step_after_first_s": {k: round(v, 3) for k, v in later.items()},
           "calls": {k: len(v) for k, v in spent.items()}}
    if result.s_per_step:
        out["rest_s"] = round(result.s_per_step - sum(later.values()), 3)
    print("PROFILE " + json.dumps(out), flush=True)
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
