"""`so8t bake`: fold SO(8) gates into o_proj and verify that the logits do not move."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.events import EventSink

NAME = "bake"
HELP = "bake SO(8) gates into the o_proj weights and verify the logits (a plain HF folder results)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", required=True, help="Hugging Face model folder (full precision, safetensors)")
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--gates", metavar="RUN_OR_FILE", help="gates.safetensors, a checkpoint folder or a run folder")
    src.add_argument("--random-gates", action="store_true", help="random gates: self-check a new architecture")
    p.add_argument("--seed", type=int, default=0, help="seed of the random gates (default 0)")
    p.add_argument("--angle", type=float, default=0.5, help="largest rotation angle of random gates in radians")
    p.add_argument("--out", required=True, help="output folder (must not exist or be empty, unless --force)")
    p.add_argument("--verify", action="store_true", help="compare logits before/after, check every block")
    p.add_argument("--dtype", default="auto", help="auto (as saved), float32, bfloat16 or float16")
    p.add_argument("--force", action="store_true", help="replace a non-empty --out folder")
    p.add_argument("--streaming", choices=("auto", "whole", "streamed"), default="auto",
                   help="auto (streamed when the whole model would not fit in RAM), whole, or streamed "
                        "(a shard, then a decoder layer, at a time)")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.bake import BakeConfig, bake

    config = BakeConfig(
        model=args.model, out=args.out, gates=args.gates, random_gates=args.random_gates, seed=args.seed,
        angle=args.angle, verify=args.verify, dtype=args.dtype, force=args.force, streaming=args.streaming,
    )
    result = bake(config, events)
    lines = [f"baked {result.layers_baked} layers ({result.blocks} blocks of 8) into {result.out} "
             f"({result.reference_path}, peak RSS {result.peak_rss_mib:.0f} MiB)"]
    if result.verify is not None:
        v = result.verify
        lines.append(
            f"verify: KL {v['kl']:.2e}, max |Δlogit| {v['max_abs_err']:.2e}, top-1 {v['top1_agreement']:.1%}, "
            f"bake error {v['bake_err']:.2e} vs noise floor {v['noise_floor']:.2e}, "
            f"orthogonality {v['orth_err_max']:.1e} → {'PASSED' if v['passed'] else 'FAILED'}"
        )
        orig = v["original_criteria"]
        lines.append(
            "original thresholds: KL < 1e-5 " + ("met" if orig["kl_below_1e-5"] else "missed")
            + ", max error < 1e-4 " + ("met" if orig["max_abs_err_below_1e-4"] else "missed")
        )
    code = 0 if result.passed else 1
    if not result.passed:
        failed = [k for k, ok in (result.verify or {}).get("criteria", {}).items() if not ok]
        lines.append(f"verification failed ({', '.join(failed)}); the folder is kept for inspection")
    return CommandOutput(result=result.to_dict(), exit_code=code, text="\n".join(lines))
