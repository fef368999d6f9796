"""`so8t selfcheck`: bake random gates into a tiny model of every supported family and verify."""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from so8t.cli import CommandOutput
from so8t.events import EventSink

NAME = "selfcheck"
HELP = "check this installation: bake random SO(8) gates into a tiny model of each family and verify"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--angle", type=float, default=0.5, help="largest rotation angle of the random gates")
    p.add_argument("--seed", type=int, default=0, help="seed of the tiny models and the gates")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.bake.exact import BakeConfig, bake
    from so8t.model.architectures import ARCHITECTURES
    from so8t.model.tiny import build_tiny_model

    rows = []
    families = sorted(ARCHITECTURES)
    with tempfile.TemporaryDirectory(prefix="so8t-selfcheck-") as tmp:
        for i, family in enumerate(families):
            events.progress(i, len(families), "model")
            folder = build_tiny_model(family, Path(tmp) / family, seed=args.seed)
            result = bake(BakeConfig(model=str(folder), out=str(Path(tmp) / f"{family}-baked"), random_gates=True,
                                     angle=args.angle, seed=args.seed))
            rows.append({"family": family, **{k: result.to_dict()[k] for k in (
                "layers_baked", "max_abs_err", "kl", "top1_agreement", "noise_floor", "orth_err_max", "passed")}})
    events.progress(len(families), len(families), "model")
    lines = [f"{'family':8} {'layers':>6} {'max|Δ|':>9} {'KL':>9} {'top-1':>6} {'noise':>9} {'orth':>8}  result"]
    for r in rows:
        lines.append(
            f"{r['family']:8} {r['layers_baked']:>6} {r['max_abs_err']:>9.1e} {r['kl']:>9.1e} "
            f"{r['top1_agreement']:>6.0%} {r['noise_floor']:>9.1e} {r['orth_err_max']:>8.1e}  "
            + ("passed" if r["passed"] else "FAILED")
        )
    passed = all(r["passed"] for r in rows)
    lines.append("self-check passed" if passed else "self-check FAILED")
    return CommandOutput(result={"families": rows, "passed": passed}, exit_code=0 if passed else 1,
                         text="\n".join(lines))
