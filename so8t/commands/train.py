"""`so8t train`: train LoRA adapters + SO(8) gates on SFT data, or resume an interrupted run."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from so8t.commands._flags import add_config_flags, add_max_line_flag, apply_max_line_flag, flag_values
from so8t.errors import ConfigError
from so8t.presets import CPU_PRESET, CUDA_PRESET, machine_preset_name, preset_names
from so8t.train.config import TrainConfig, preset_values

NAME = "train"
HELP = "train QLoRA adapters and SO(8) gates on SFT data (JSONL), or resume a run from its checkpoints"

def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_max_line_flag(parser)
    parser.add_argument("--force", action="store_true",
                        help="train even when the memory estimate says the run does not fit the card")
    parser.add_argument("--out", metavar="RUN", help="run folder for a new run (checkpoints, events.jsonl)")
    parser.add_argument("--run", metavar="RUN",
                        help="train in this run (folder or id), on its prepared data/train.jsonl (see `so8t data`)")
    parser.add_argument("--resume", metavar="RUN",
                        help="continue this run (folder, or id as `so8t runs` prints it) from its newest valid checkpoint")
    parser.add_argument("--workspace", help="workspace folder, to find --resume RUN by id")
    parser.add_argument("--checkpoint", metavar="NAME", help="with --resume: continue from this checkpoint")
    parser.add_argument("--config", metavar="FILE", help="train config (.json or .toml); flags override it")
    parser.add_argument("--preset", metavar="NAME",
                        help=f"start from a preset of resources/presets/ ({', '.join(preset_names())}) or a .toml "
                             f"file; default: {CUDA_PRESET} with CUDA, {CPU_PRESET} without; the config file and "
                             "flags override it")
    add_config_flags(parser, TrainConfig)
    parser.epilog = "presets: " + "; ".join(_preset_line(name) for name in preset_names())


def _explicit(args: argparse.Namespace) -> dict[str, Any]:
    """The TrainConfig fields given as flags (model and data aside: the command resolves those paths)."""
    return flag_values(args, TrainConfig, skip=("model", "data"))


def _preset_line(name: str) -> str:
    from so8t.presets import load_preset

    table = load_preset(name).table("train")
    return f"{name} sets " + ", ".join(f"{k}={v}" for k, v in table.items() if k not in ("data", "model"))


def _warning_printer(args: argparse.Namespace) -> Any:
    """Where a data warning goes before training starts: stderr for a person; with --events the run's own
    log event carries it (stderr would show it twice in the window)."""
    import sys

    if args.events:
        return None
    return lambda message: print(f"so8t train: warning: {message}", file=sys.stderr)


def run(args: argparse.Namespace, events):
    apply_max_line_flag(args)
    from so8t.cli import CommandOutput
    from so8t.store.layout import TRAIN_CONFIG_FILE as RUN_CONFIG_FILE
    from so8t.store.layout import RunLayout

    if sum(bool(x) for x in (args.out, args.resume, getattr(args, "run", None))) != 1:
        raise ConfigError("give one of --out RUN (a new run), --run RUN (a run with prepared data) or --resume RUN "
                          "(continue one)", "e.g. so8t train --model DIR --data FILE --out RUN")
    if args.checkpoint and not args.resume:
        raise ConfigError("--checkpoint only goes with --resume", "add --resume RUN")
    if args.preset and args.resume:
        raise ConfigError("--preset only goes with a new run (--out)", "a resumed run keeps the settings it started with")
    values: dict[str, Any] = {}
    preset = None
    data_checked = None
    if args.resume:
        from so8t.store.runs import run_folder

        run_dir = run_folder(args.resume, args.workspace)
        saved = RunLayout(run_dir).train_config
        if not saved.is_file():
            from so8t.errors import RunError

            raise RunError(f"{run_dir} is not a training run (no {RUN_CONFIG_FILE})",
                           "pass the folder given to --out when the run was started")
        values = TrainConfig.saved_values(TrainConfig.file_values(saved))
    else:
        if args.run:
            run_dir = _prepared_run(args)
            if not args.data:
                args.data = str(RunLayout(run_dir).data_train)
        else:
            run_dir = Path(args.out)
            check_new_run_folder(run_dir)
        # Refused before the machine's preset asks torch about CUDA, so a refusal takes no torch: each
        # flag's value on its own (the same check and message as the config's), then the data file.
        from so8t.config import check_value, field_spec

        for name, value in _explicit(args).items():
            check_value(field_spec(TrainConfig, name), value, "train options: ")
        if args.data:
            from so8t.train.data import read_sft_file

            read_sft_file(Path(args.data).resolve(), strict_thinking=bool(getattr(args, "strict_thinking", False)),
                          warn=_warning_printer(args))
            data_checked = str(Path(args.data).resolve())
        preset = args.preset or machine_preset_name()
        values = preset_values(preset)
    if args.config:
        values.update(TrainConfig.file_values(args.config))
    if args.model:
        values["model"] = str(Path(args.model).resolve())
    if args.data:
        values["data"] = str(Path(args.data).resolve())
    values.update(_explicit(args))
    for name, flag in (("model", "--model DIR"), ("data", "--data FILE")):
        if not values.get(name):
            raise ConfigError(f"no {name} given", f"pass {flag} (or set {name} in --config)")
    config = TrainConfig.from_dict(values, source="train options")
    resume = (args.checkpoint or "newest") if args.resume else None
    if resume is None and (str(config.data) != data_checked or config.strict_thinking):
        from so8t.train.data import read_sft_file

        # a data file named by --config: refused before the model is loaded
        read_sft_file(config.data, strict_thinking=config.strict_thinking,
                      warn=_warning_printer(args) if data_checked is None else None)
    config = preflight(config, force=args.force, events=events)
    from so8t.train import train

    if preset is not None:
        events.log(f"preset {preset}: {_preset_summary(config)}")
    created = not run_dir.exists()
    try:
        with _run_lock(run_dir):
            result = train(config, run_dir, events, resume=resume)
    except BaseException:
        if created:
            remove_unstarted_run(run_dir)
        raise
    state = "stopped early (emergency checkpoint written)" if result.interrupted else "finished"
    text = (f"{state}: step {result.final_step}/{result.max_steps}, loss {result.final_loss}, "
            f"checkpoint {result.last_checkpoint}")
    # A stop by signal is not success: `so8t train … && so8t bake …` must not carry on (128 + signal).
    code = 128 + result.stop_signal if result.interrupted and result.stop_signal else 0
    if preset is not None:
        text = f"preset {preset}: " + _preset_summary(config) + "\n" + text
    out = result.to_dict()
    out["preset"] = preset
    return CommandOutput(out, exit_code=code, text=text)


def _preset_summary(config: TrainConfig) -> str:
    """The knobs a preset sets, as they ran (the first line of the summary)."""
    return (f"device {config.device}, base weights {config.quantize}, batch {config.batch_size} x "
            f"{config.grad_accum} accumulation, {config.max_length} tokens, gradient checkpointing "
            f"{config.gradient_checkpointing}")


def _prepared_run(args: argparse.Namespace) -> Path:
    """The run of `--run RUN`: one `so8t data` prepared, and not yet trained (a trained one is resumed)."""
    from so8t.errors import OutputPathError
    from so8t.store.layout import RunLayout
    from so8t.store.runs import run_folder

    run_dir = run_folder(args.run, args.workspace)
    layout = RunLayout(run_dir)
    if layout.train_config.is_file():
        raise OutputPathError(f"--run {run_dir} already holds a training run",
                              f"continue it with `so8t train --resume {run_dir}`, or prepare a new run")
    if not args.data and not layout.data_train.is_file():
        raise OutputPathError(f"--run {run_dir} has no prepared {layout.relative(layout.data_train)}",
                              f"prepare it first with `so8t data FILE --run {run_dir}`, or pass --data FILE")
    return run_dir


def check_new_run_folder(run_dir: Path) -> None:
    """`--out` must be a new or empty folder: never a file, never someone else's files (or a run to resume)."""
    from so8t.errors import OutputPathError
    from so8t.store.layout import RunLayout

    if run_dir.exists() and not run_dir.is_dir():
        raise OutputPathError(f"--out {run_dir} is a file", "pass a new folder for the run")
    if run_dir.is_dir() and any(run_dir.iterdir()):
        if RunLayout(run_dir).train_config.is_file():
            from so8t.store.checkpoints import CheckpointStore

            if not any(i.valid for i in CheckpointStore(run_dir).list(deep=False)):
                return  # a run that ended before its first checkpoint (a full disk): start it again
            raise OutputPathError(f"--out {run_dir} already holds a training run",
                                  f"continue it with `so8t train --resume {run_dir}`, or pick a new --out")
        raise OutputPathError(f"--out {run_dir} is a folder that is not empty", "pick a new or empty folder")


def remove_unstarted_run(run_dir: Path) -> None:
    """Remove the folder this command created when it ended before any checkpoint (bad input, Ctrl+C)."""
    import shutil

    from so8t.store.layout import RunLayout

    if run_dir.is_dir() and not RunLayout(run_dir).checkpoints().exists():
        shutil.rmtree(run_dir, ignore_errors=True)


def preflight(config, *, force: bool, events):
    """Refuse a run the estimate says will not fit the card (unless --force); 'auto' offloading resolved here."""
    from so8t.errors import GPUMemoryError
    from so8t.train.card import detect_card
    from so8t.train.estimate import describe_settings
    from so8t.train.memory import estimate_for_run

    if config.device == "cpu" or (config.device == "auto" and not _cuda_present()):
        return config
    card = detect_card(None, config.cuda_memory_limit_gb)
    est = estimate_for_run(config, card)
    if card is None:
        return config
    if est.offload and config.offload_activations == "auto":
        events.log(f"the run needs {est.nvml_gib:.1f} GiB without activation offloading, more than the "
                   f"{card.gib:.1f} GiB card: offloading the checkpointed layer inputs to CPU memory "
                   f"({est.host_ram_gib['train']:.1f} GiB of host RAM)", level="warning")
    if est.fits or force:
        if not est.fits:
            events.log(f"--force: the estimate ({est.nvml_gib:.1f} GiB) exceeds the {card.gib:.1f} GiB card",
                       level="warning")
        return config
    change = est.settings_that_fit()
    fix = f"use {describe_settings(change)}" if change else "use a smaller model or a larger card"
    raise GPUMemoryError(
        f"the estimate says this run needs {est.nvml_gib:.1f} GiB of GPU memory and the card has {card.gib:.1f} GiB "
        f"({card.source})", f"{fix}, or pass --force to try anyway (so8t estimate shows each term)")


def _cuda_present() -> bool:
    import torch

    return torch.cuda.is_available()


def _run_lock(run_dir: Path):
    """The run store's lock (RUN/lock, pid + boot id), so two processes never train one run at once."""
    from so8t.store.runs import Run

    run_dir.mkdir(parents=True, exist_ok=True)
    return Run(run_dir, {}).locked("so8t train")
