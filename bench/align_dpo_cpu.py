"""DPO on a planted preference set on the CPU: how many steps and seconds until preference accuracy reaches 0.9.

    python bench/align_dpo_cpu.py [--steps 50] [--lr 1e-3] [--out bench/results]

The tiny llama (seed 0), 32 pairs whose chosen answers say "yes" and rejected ones "no", batch 4, one
torch thread, `so8t.align.run.align` in this process from a base model. Printed and written to
RESULTS/align_dpo_cpu.json: the accuracy per step, the first step at ≥ 0.9 (and the mean of the last
5 steps), the wall time of the steps (setup and the reference pass apart) and pairs/s after the first step.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PAIRS = 32


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--lr", type=float, default=1e-3)
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
        model = build_tiny_model("llama", tmp / "model", seed=0)
        data = tmp / "pairs.jsonl"
        data.write_text("".join(json.dumps({"prompt": f"Question {i}: answer it.", "chosen": f"yes {i} yes",
                                            "rejected": f"no {i} no"}) + "\n" for i in range(PAIRS)), encoding="utf-8")
        run = tmp / "run"
        config = AlignConfig(method="dpo", model=str(model), out=str(run), data=str(data), max_steps=args.steps,
                             device="cpu", learning_rate=args.lr, gate_learning_rate=args.lr, batch_size=4,
                             max_length=64, ckpt_every_steps=args.steps, ckpt_every_seconds=0)
        t0 = time.perf_counter()
        result = align(config, run)
        total = time.perf_counter() - t0
        events = list(read_events(run / "events.jsonl"))
    accuracy = {e["step"]: e["value"] for e in events if e["kind"] == "metric" and e["name"] == Metrics.DPO_ACCURACY}
    times = [e.t for e in events if e["kind"] == "progress" and e.get("stage") == "align"]
    first = next((s for s in sorted(accuracy) if accuracy[s] >= 0.9), None)
    out = {"steps": args.steps, "lr": args.lr, "pairs": PAIRS, "accuracy": [accuracy[s] for s in sorted(accuracy)],
           "first_step_at_0_9": first, "last5_mean": sum(accuracy[s] for s in sorted(accuracy)[-5:]) / 5,
           "steps_wall_s": round(times[-1] - times[0], 2) if len(times) > 1 else None, "total_s": round(total, 2),
           "reference_s": result.reference_s, "pairs_per_s": result.pairs_per_s, "torch_threads": 1}
    print(json.dumps(out, indent=1))
    Path(args.out).mkdir(parents=True, exist_ok=True)
    (Path(args.out) / "align_dpo_cpu.json").write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
