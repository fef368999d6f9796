"""`so8t triality`: ALLOW / ESCALATION / DENY accuracy, confusion and per-class F1 of the safety head on test."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.commands._flags import add_config_flags, add_max_line_flag, apply_max_line_flag, flag_values
from so8t.events import EventSink
from so8t.triality.config import TrialityConfig

NAME = "triality"
HELP = "train/evaluate the ALLOW / ESCALATION / DENY safety head on a labelled set (test split metrics)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_max_line_flag(p)
    add_config_flags(p, TrialityConfig)


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    apply_max_line_flag(args)
    from so8t.triality.run import run_triality

    config = TrialityConfig.from_dict(flag_values(args, TrialityConfig), source="triality options")
    result = run_triality(config, events)
    width = max(len(n) for n in result.labels)
    lines = [f"{result.scorer} scorer, test split of {result.n_test} items "
             f"(trained on {result.n_train}, {result.n_calibration} kept for calibration)",
             f"accuracy {result.accuracy:.3f}, macro F1 {result.macro_f1:.3f}, "
             f"NLL {result.nll:.4f}, ECE {result.ece:.4f}, Brier {result.brier:.4f}"]
    lines.append(" " * (width + 2) + "  ".join(f"{n[:5]:>5}" for n in result.labels) + "   precision recall  F1")
    for name, row in zip(result.labels, result.confusion, strict=True):
        s = result.per_class[name]
        lines.append(f"{name:<{width}}  " + "  ".join(f"{c:>5}" for c in row)
                     + f"   {s['precision']:9.3f} {s['recall']:6.3f} {s['f1']:5.3f}")
    if result.out:
        lines.append(f"written: {result.out}" + (f" and {result.head_path}" if result.head_path else ""))
    return CommandOutput(result=result.to_dict(), text="\n".join(lines))
