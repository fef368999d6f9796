"""`so8t estimate`: predicted peak GPU memory of a training run, from config.json and the train options alone."""

from __future__ import annotations

import argparse
from pathlib import Path

from so8t.errors import ConfigError

#: Larger than any single accelerator's memory for years to come: a bigger figure is a typo.
MAX_CARD_GB = 4096.0

NAME = "estimate"
HELP = "predict a training run's peak GPU memory from config.json alone: each term, fits or not, what fits"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from so8t.commands.train import add_arguments as add_train_arguments

    add_train_arguments(parser)
    parser.add_argument("--card-gb", dest="card_gb", type=float, default=None, metavar="N",
                        help="the card's memory in GiB, above 0 and at most "
                             f"{MAX_CARD_GB:g} (default: NVML's total minus what is in use now)")


def run(args: argparse.Namespace, events):
    from so8t.cli import CommandOutput
    from so8t.commands.train import _explicit
    from so8t.presets import machine_preset_name
    from so8t.train import TrainConfig
    from so8t.train.card import detect_card
    from so8t.train.config import preset_values
    from so8t.train.estimate import describe_settings
    from so8t.train.memory import estimate_for_run

    # The same settings `so8t train` would start from: the preset (the machine's by default), then the file.
    preset = args.preset or machine_preset_name()
    values = preset_values(preset)
    if args.config:
        values.update(TrainConfig.file_values(args.config))
    if args.model:
        values["model"] = str(Path(args.model).resolve())
    values.update(_explicit(args))
    if not values.get("model"):
        raise ConfigError("no model given", "pass --model DIR (a folder with config.json)")
    config = TrainConfig.from_dict(values, source="estimate options")
    if args.card_gb is not None and not 0 < args.card_gb <= MAX_CARD_GB:  # NaN fails this too
        raise ConfigError(f"--card-gb {args.card_gb} is not a card's memory in GiB",
                          f"give a number above 0 and at most {MAX_CARD_GB:g}, e.g. --card-gb 24")
    card = detect_card(args.card_gb, config.cuda_memory_limit_gb)
    est = estimate_for_run(config, card)
    result = {**est.to_dict(), "preset": preset}
    lines = [f"preset {preset}: batch size {config.batch_size}, max length {config.max_length}, "
             f"quantize {config.quantize}"]
    lines += [f"{name:<22} {gib:8.3f} GiB" for name, gib in est.terms_gib.items()]
    lines.append(f"{'peak (torch allocated)':<22} {est.peak_gib:8.3f} GiB")
    lines.append(f"{'as NVML sees it':<22} {est.nvml_gib:8.3f} GiB (context {result['context_gib']} GiB, "
                 f"allocator slack {result['allocator_slack']:.0%})")
    if card is None:
        lines.append("card: unknown (no NVIDIA driver found): pass --card-gb N")
    else:
        verdict = "fits" if est.fits else "does NOT fit"
        lines.append(f"card {card.gib:.2f} GiB ({card.source}): {verdict}"
                     + (" with activation offloading" if est.offload else ""))
        lines.append(f"longest max_length that fits: {est.max_length_that_fits} "
                     f"(without offloading {est.without_offload.get('max_length_that_fits')}, "
                     f"with {est.with_offload.get('max_length_that_fits')}); largest batch: "
                     f"{est.max_batch_that_fits}")
        change = est.settings_that_fit()
        if change:
            lines.append(f"settings that fit: {describe_settings(change)}")
    return CommandOutput(result, text="\n".join(lines))
