"""`so8t bake`: fold SO(8) gates into o_proj and verify that the logits do not move."""

from __future__ import annotations

import argparse

from so8t.bake.config import BakeConfig
from so8t.cli import CommandOutput
from so8t.commands._flags import add_config_flags, flag_values
from so8t.events import EventSink

NAME = "bake"
HELP = "bake SO(8) gates into the o_proj weights and verify the logits (a plain HF folder results)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_config_flags(p, BakeConfig)


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.bake.exact import bake
    from so8t.store.runs import run_folder

    values = flag_values(args, BakeConfig)
    if values.get("gates"):
        values["gates"] = str(run_folder(values["gates"]))  # a run id works like its folder
    config = BakeConfig.from_dict(values, source="bake options")
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
