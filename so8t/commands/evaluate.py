"""`so8t evaluate RUN`: the run's base against its tuned model (and baked, each GGUF) on a held-out set, as an A/B table."""

from __future__ import annotations

import argparse
import os

from so8t.cli import CommandOutput
from so8t.commands._flags import add_config_flags, add_max_line_flag, apply_max_line_flag, flag_values
from so8t.evaluate.config import EvaluateConfig
from so8t.evaluate.stage import STAGE
from so8t.events import EventSink

NAME = "evaluate"
HELP = ("compare a run's base and tuned models (and baked, each GGUF) on a held-out set: loss, answer match, "
        "format, refusals, collapse, GGUF speed; writes RUN/evaluation.json")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("run", metavar="RUN", help="run folder, or a run id as `so8t runs` prints it")
    p.add_argument("--workspace", help="workspace folder, to find a run by id (default: the user data folder)")
    add_max_line_flag(p)
    add_config_flags(p, EvaluateConfig, skip=STAGE.MANAGED)


def table_text(result: dict) -> str:
    """The A/B table as text: one row per metric with base, tuned, delta, its interval and McNemar's p."""
    def cell(value: object, digits: int = 3) -> str:
        return "—" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)

    lines = [f"{'metric':<40} {'base':>8} {'tuned':>8} {'delta':>8}  {'95 % CI':<17} {'p':>6}"]
    for row in result["ab"]:
        ci = "—" if row.get("ci_low") is None else f"{row['ci_low']:+.3f} … {row['ci_high']:+.3f}"
        delta = "—" if row.get("delta") is None else f"{row['delta']:+.3f}"
        lines.append(f"{row['label']:<40} {cell(row['base']):>8} {cell(row['tuned']):>8} {delta:>8}  {ci:<17} "
                     f"{cell(row.get('p_value')):>6}")
    for name, figures in result["models"].items():
        speed = figures.get("speed")
        if speed and speed.get("gen_tokens_per_s"):
            lines.append(f"{name}: prompt {speed['prompt_tokens_per_s']:.0f} tokens/s, generation "
                         f"{speed['gen_tokens_per_s']:.0f} tokens/s (llama.cpp)")
    return "\n".join(lines)


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    apply_max_line_flag(args)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # every model is a folder or file of the run
    from so8t.evaluate.run import run_evaluate
    from so8t.store.runs import run_folder

    values = {**flag_values(args, EvaluateConfig, skip=STAGE.MANAGED), "run": str(run_folder(args.run, args.workspace))}
    config = EvaluateConfig.from_dict(values, source="evaluate options")
    result = run_evaluate(config, events).to_dict()
    text = f"{result['compared']} on {result['n_items']} items of {result['data']}\n{table_text(result)}\n{result['summary']}"
    return CommandOutput(result=result, text=text)
