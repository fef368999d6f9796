"""GRPO's rollout decode on a card: the static cache replayed as CUDA graphs against the dynamic cache's loop.

    python bench/decode_check.py MODEL_DIR [--tokens 64] [--generations 4] [--out RESULT.json]

Loads MODEL_DIR as the align stage does on CUDA (4-bit base, LoRA r16 on every linear layer, SO(8) gates
turned to random rotations, bf16), then samples one group greedily and one seeded at temperature 1 with
each decode, and prints the milliseconds per decode step and whether the tokens are the same.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

CAP_GB = 12


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("model", type=Path)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--generations", type=int, default=4)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--device", default="cuda", help="cpu: a dry run (full precision, no graphs)")
    args = parser.parse_args()
    cuda = args.device == "cuda"

    from so8t.align import rollout
    from so8t.model.folder import load_tokenizer
    from so8t.train import TrainConfig
    from so8t.train.model import load_base_model, resolve_runtime, wrap_trainable

    if cuda:
        torch.cuda.set_per_process_memory_fraction(CAP_GB * 2**30 / torch.cuda.get_device_properties(0).total_memory)
    config = TrainConfig(model=str(args.model), data="x", device=args.device, quantize="4bit" if cuda else "none",
                         lora_rank=16)
    runtime = resolve_runtime(config)
    model, gates = wrap_trainable(load_base_model(str(args.model), runtime), config, runtime, [])
    with torch.no_grad():
        for gate in gates:
            gate.skew.normal_(0.0, 0.3)
    tokenizer = load_tokenizer(args.model)
    prompt = tokenizer("Explain in a few sentences why the sky is blue, then give one example.",
                       add_special_tokens=False)["input_ids"]
    out: dict = {"model": str(args.model), "tokens": args.tokens, "generations": args.generations,
                 "prompt_tokens": len(prompt), "device": torch.cuda.get_device_name(0) if cuda else "cpu"}
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    for temperature in (0.0, 1.0):
        groups = {}
        for static in (False, True, False, True):  # each twice: the first of each warms up
            sync()
            t0 = time.perf_counter()
            with torch.autocast(args.device, dtype=torch.bfloat16, enabled=cuda):
                group = rollout.sample_group(model, prompt, generations=args.generations,
                                             max_new_tokens=args.tokens, temperature=temperature, top_p=1.0,
                                             stop_ids=[], pad_id=0, generator=torch.Generator(args.device).manual_seed(7),
                                             static=static)
            sync()
            ms = (time.perf_counter() - t0) * 1000 / args.tokens
            groups[static] = group
            out[f"ms_per_step_{'graphs' if static else 'dynamic'}_t{temperature:g}"] = round(ms, 2)
        out[f"same_tokens_t{temperature:g}"] = bool(torch.equal(groups[False].ids, groups[True].ids))
        same = (groups[False].ids == groups[True].ids)[:, len(prompt):].float().mean().item()
        out[f"same_token_share_t{temperature:g}"] = round(same, 4)
        out[f"first_logits_max_diff_t{temperature:g}"] = float(
            (groups[False].first_logits - groups[True].first_logits).abs().max())
    out["graph_problem"] = rollout.GRAPH_PROBLEM[:1]
    out["peak_gib"] = torch.cuda.max_memory_allocated() / 2**30 if cuda else None
    print("RESULT " + json.dumps(out), flush=True)
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
