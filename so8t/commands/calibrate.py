"""`so8t calibrate`: temperature scaling of the safety head, with NLL / ECE / Brier before and after on test."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.events import EventSink
from so8t.triality.config import add_scoring_arguments, scoring_values

NAME = "calibrate"
HELP = "fit a temperature on the calibration split and report NLL / ECE / Brier before and after on test"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_scoring_arguments(p, model_required=False)
    p.add_argument("--objective", choices=("nll", "ece"), default="nll",
                   help="what T minimises on the calibration split (default nll; ece as in the original pipeline)")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.calibration.stage import CalibrationConfig, run_calibration

    config = CalibrationConfig(**scoring_values(args), logits=args.logits, objective=args.objective)
    r = run_calibration(config, events)
    lines = [
        f"temperature {r.temperature:.4f} (fitted on {r.n_calibration} items, objective {r.objective})"
        + ("  [at a bound: the scores carry little usable confidence]" if r.at_bound else ""),
        f"test split, {r.n_test} items, accuracy {r.accuracy:.3f}:",
        f"  ECE   {r.ece_before:.4f} -> {r.ece_after:.4f}  ({r.ece_improvement:+.1%})",
        f"  Brier {r.brier_before:.4f} -> {r.brier_after:.4f}  ({r.brier_improvement:+.1%})",
        f"  NLL   {r.nll_before:.4f} -> {r.nll_after:.4f}  ({r.nll_improvement:+.1%})",
    ]
    if r.out:
        lines.append(f"written: {r.out}")
    return CommandOutput(result=r.to_dict(), text="\n".join(lines))
