"""GGUF generation speed as `so8t evaluate` records it, against llama.cpp's own performance counters for the same calls.

For each GGUF of a run: greedy answers to the demo's prompts, timed around llama.cpp's decode calls
(prompt and generation tokens/s), beside the figures of `llama_perf_context` read after the same
calls; the two must agree within 10 % (issue acceptance 4). Timings do not belong in tests: this
script prints them and writes them to bench/results/evaluate_speed.json.

    python bench/evaluate_speed.py RUN [--repeats 3] [--threads N]
    python bench/evaluate_speed.py --gguf FILE [--prompts N] …   # one GGUF, no run (the 8B shape on the GPU machine)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

#: How far the recorded figure may stray from llama.cpp's own counters.
AGREEMENT = 0.10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("run", type=Path, nargs="?")
    parser.add_argument("--gguf", type=Path, action="append", default=[], help="a GGUF file instead of a run's")
    parser.add_argument("--prompts", type=int, default=0, help="the first N demo prompts (0: all)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--max-new-tokens", type=int, default=32)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "evaluate_speed.json")
    args = parser.parse_args()

    from so8t.evaluate.data import read_held_out
    from so8t.evaluate.models import GGUFModel
    from so8t.resources import DEMO_PROMPTS
    from so8t.store.layout import RunLayout

    prompts = [item.prompt for item in read_held_out(DEMO_PROMPTS)]
    prompts = prompts[:args.prompts] if args.prompts else prompts
    rows = []
    for path in args.gguf or RunLayout(args.run).gguf_files():
        model = GGUFModel(f"gguf:{path.name}", path, n_threads=args.threads)
        try:
            for repeat in range(args.repeats):
                speed = model.answers(prompts, args.max_new_tokens).speed or {}
                ratios = {kind: speed[f"{kind}_tokens_per_s"] / speed[f"llama_{kind}_tokens_per_s"]
                          for kind in ("prompt", "gen")}
                rows.append({"gguf": path.name, "repeat": repeat, **speed, "ratio_prompt": ratios["prompt"],
                             "ratio_gen": ratios["gen"],
                             "within": all(abs(r - 1) <= AGREEMENT for r in ratios.values())})
                print(f"{path.name} #{repeat}: prompt {speed['prompt_tokens_per_s']:.0f} vs llama.cpp "
                      f"{speed['llama_prompt_tokens_per_s']:.0f} tokens/s ({ratios['prompt'] - 1:+.1%}); generation "
                      f"{speed['gen_tokens_per_s']:.0f} vs {speed['llama_gen_tokens_per_s']:.0f} tokens/s "
                      f"({ratios['gen'] - 1:+.1%})", flush=True)
        finally:
            model.close()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    args.out.write_text(json.dumps({"machine": f"{platform.machine()}, {os.cpu_count()} cores, load {load}",
                                    "time": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                                    "prompts": len(prompts), "rows": rows}, indent=1) + "\n", encoding="utf-8")
    return 0 if all(r["within"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
