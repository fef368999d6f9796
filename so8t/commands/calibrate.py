"""`so8t calibrate`: temperature scaling of the safety head, with NLL / ECE / Brier before and after on test."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.commands._flags import add_config_flags, add_max_line_flag, apply_max_line_flag, flag_values
from so8t.events import EventSink
from so8t.triality.config import CalibrationConfig

NAME = "calibrate"
HELP = "fit a temperature on the calibration split and report NLL / ECE / Brier before and after on test"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_max_line_flag(p)
    add_config_flags(p, CalibrationConfig)


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    apply_max_line_flag(args)
    from so8t.calibration.run import run_calibration

    config = CalibrationConfig.from_dict(flag_values(args, CalibrationConfig), source="calibrate options")
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
