"""`so8t train`: train LoRA adapters + SO(8) gates on SFT data, or resume an interrupted run."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from so8t.errors import ConfigError

NAME = "train"
HELP = "train QLoRA adapters and SO(8) gates on SFT data (JSONL), or resume a run from its checkpoints"

#: CLI flag → TrainConfig field, for the flags that map one to one.
_FLAGS: dict[str, tuple[str, type, str]] = {
    "max_steps": ("--max-steps", int, "optimizer steps in the whole run (default 1000)"),
    "seed": ("--seed", int, "seed of init, data order and dropout (default 0)"),
    "ckpt_every_steps": ("--ckpt-every-steps", int, "checkpoint every N steps (default 0: by time only)"),
    "ckpt_every_seconds": ("--ckpt-every-seconds", float, "checkpoint every S seconds (default 180)"),
    "keep": ("--keep", int, "newest checkpoints to keep, pinned ones aside (default 10)"),
    "learning_rate": ("--lr", float, "adapter learning rate (default 2e-4)"),
    "gate_learning_rate": ("--gate-lr", float, "SO(8) gate learning rate (default 1e-3)"),
    "lora_rank": ("--lora-rank", int, "LoRA rank (default 16)"),
    "lora_alpha": ("--lora-alpha", float, "LoRA alpha (default 32)"),
    "lora_dropout": ("--lora-dropout", float, "LoRA dropout (default 0.05)"),
    "max_length": ("--max-length", int, "tokens per sample; longer ones are truncated (default 1024)"),
    "batch_size": ("--batch-size", int, "samples per micro-batch (default 1)"),
    "grad_accum": ("--grad-accum", int, "micro-batches per optimizer step (default 1)"),
    "warmup_steps": ("--warmup-steps", int, "learning-rate warm-up steps (default 10)"),
    "alpha_warmup_steps": ("--alpha-warmup-steps", int, "steps with gate α frozen at its init (default 100)"),
    "max_grad_norm": ("--max-grad-norm", float, "gradient-norm clip (default 1.0, 0: off)"),
    "kl_every_steps": ("--kl-every-steps", int, "KL-to-base probe every N steps (default 10, 0: off)"),
    "cuda_memory_limit_gb": ("--cuda-memory-limit-gb", float, "cap CUDA memory of this process (GB)"),
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="DIR", help="Hugging Face model folder (safetensors)")
    parser.add_argument("--force", action="store_true",
                        help="train even when the memory estimate says the run does not fit the card")
    parser.add_argument("--data", metavar="FILE", help="SFT data, JSONL of {messages} or {prompt, response}")
    parser.add_argument("--out", metavar="RUN", help="run folder for a new run (checkpoints, events.jsonl)")
    parser.add_argument("--resume", metavar="RUN", help="continue this run from its newest valid checkpoint")
    parser.add_argument("--checkpoint", metavar="NAME", help="with --resume: continue from this checkpoint")
    parser.add_argument("--config", metavar="FILE", help="train config (.json or .toml); flags override it")
    for field, (flag, kind, text) in _FLAGS.items():
        parser.add_argument(flag, dest=field, type=kind, default=None, help=text, metavar="N" if kind is int else "X")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default=None, help="default auto")
    parser.add_argument("--quantize", choices=("auto", "4bit", "none"), default=None,
                        help="base weights: auto (4-bit NF4 on CUDA, full precision on CPU)")
    parser.add_argument("--optimizer", choices=("adamw", "paged_adamw_8bit"), default=None, help="default adamw")
    parser.add_argument("--gradient-checkpointing", dest="gradient_checkpointing", choices=("auto", "on", "off"),
                        default=None, help="default auto (on with CUDA)")
    parser.add_argument("--deterministic", action="store_true", default=None,
                        help="torch deterministic algorithms (bitwise-reproducible runs)")
    parser.add_argument("--upcast-fp32", dest="upcast_fp32", action="store_true", default=None,
                        help="keep embeddings, lm_head and norms in fp32 (default: the compute dtype)")
    parser.add_argument("--offload-activations", dest="offload_activations", choices=("auto", "on", "off"),
                        default=None, help="checkpointed layer inputs in pinned CPU memory: auto (when needed "
                        "to fit the card), on, off")
    parser.add_argument("--fast-kernels", dest="fast_kernels", choices=("auto", "on", "off"), default=None,
                        help="fused Triton kernels (Liger): auto (where CUDA and liger-kernel are present), on, off")


#: Config fields set by choice/switch flags (the others are in _FLAGS).
_CHOICE_FIELDS = ("device", "quantize", "optimizer", "gradient_checkpointing", "deterministic", "upcast_fp32",
                  "offload_activations", "fast_kernels")


def _explicit(args: argparse.Namespace) -> dict[str, Any]:
    values = {}
    for field in [*_FLAGS, *_CHOICE_FIELDS]:
        value = getattr(args, field, None)
        if value is not None:
            values[field] = value
    return values


def run(args: argparse.Namespace, events):
    import logging

    # bitsandbytes logs at import (through peft) that an optional CPU 4-bit kernel is missing; 4-bit
    # runs only on CUDA here, so that line is noise on the one-line-error stderr.
    logging.getLogger("bitsandbytes").setLevel(logging.ERROR)
    from so8t.cli import CommandOutput
    from so8t.run_layout import TRAIN_CONFIG_FILE as RUN_CONFIG_FILE
    from so8t.run_layout import RunLayout
    from so8t.train.config import TrainConfig

    if bool(args.out) == bool(args.resume):
        raise ConfigError("give either --out RUN (a new run) or --resume RUN (continue one)",
                          "e.g. so8t train --model DIR --data FILE --out RUN")
    if args.checkpoint and not args.resume:
        raise ConfigError("--checkpoint only goes with --resume", "add --resume RUN")
    values: dict[str, Any] = {}
    if args.resume:
        run_dir = Path(args.resume)
        saved = RunLayout(run_dir).train_config
        if not saved.is_file():
            from so8t.errors import RunError

            raise RunError(f"{run_dir} is not a training run (no {RUN_CONFIG_FILE})",
                           "pass the folder given to --out when the run was started")
        values = TrainConfig.from_file(saved).to_dict()
    else:
        run_dir = Path(args.out)
        check_new_run_folder(run_dir)
    if args.config:
        values.update(TrainConfig.from_file(args.config).to_dict())
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
    if resume is None:
        from so8t.train.data import read_sft_file

        read_sft_file(config.data)  # a bad data file is refused before torch is imported
    config = preflight(config, force=args.force, events=events)
    from so8t.train import train

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
    return CommandOutput(result.to_dict(), exit_code=code, text=text)


def check_new_run_folder(run_dir: Path) -> None:
    """`--out` must be a new or empty folder: never a file, never someone else's files (or a run to resume)."""
    from so8t.errors import OutputPathError
    from so8t.run_layout import RunLayout

    if run_dir.exists() and not run_dir.is_dir():
        raise OutputPathError(f"--out {run_dir} is a file", "pass a new folder for the run")
    if run_dir.is_dir() and any(run_dir.iterdir()):
        if RunLayout(run_dir).train_config.is_file():
            from so8t.checkpoints import CheckpointStore

            if not any(i.valid for i in CheckpointStore(run_dir).list(deep=False)):
                return  # a run that ended before its first checkpoint (a full disk): start it again
            raise OutputPathError(f"--out {run_dir} already holds a training run",
                                  f"continue it with `so8t train --resume {run_dir}`, or pick a new --out")
        raise OutputPathError(f"--out {run_dir} is a folder that is not empty", "pick a new or empty folder")


def remove_unstarted_run(run_dir: Path) -> None:
    """Remove the folder this command created when it ended before any checkpoint (bad input, Ctrl+C)."""
    import shutil

    from so8t.run_layout import RunLayout

    if run_dir.is_dir() and not RunLayout(run_dir).checkpoints.exists():
        shutil.rmtree(run_dir, ignore_errors=True)


def preflight(config, *, force: bool, events):
    """Refuse a run the estimate says will not fit the card (unless --force); 'auto' offloading resolved here."""
    from so8t.errors import GPUMemoryError
    from so8t.estimate import describe_settings, detect_card
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
    from so8t.runs import Run

    run_dir.mkdir(parents=True, exist_ok=True)
    return Run(run_dir, {}).locked("so8t train")
