"""`so8t align`: DPO or GRPO after training, from a run's newest training checkpoint or a base model."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from so8t.align.config import AlignConfig
from so8t.commands._flags import add_config_flags, add_max_line_flag, apply_max_line_flag, flag_values
from so8t.errors import ConfigError

NAME = "align"
HELP = ("align a trained run with DPO (preference pairs) or GRPO (sampled groups scored by reward functions), "
        "or resume an align run")
#: Flags the command spells itself: where the run comes from, and the repeated --reward.
OWN = ("run", "model", "out", "reward")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_max_line_flag(parser)
    parser.add_argument("--run", metavar="RUN", help="an existing run: start from its newest training checkpoint "
                                                     "and write into it")
    parser.add_argument("--model", metavar="DIR", help="a base model folder to start from, into a new --out")
    parser.add_argument("--out", metavar="RUN", help="the new run folder (with --model)")
    parser.add_argument("--resume", metavar="RUN", help="continue this run's align stage from its newest valid "
                                                        "checkpoint (folder, or id as `so8t runs` prints it)")
    parser.add_argument("--checkpoint", metavar="NAME", help="with --resume: continue from this checkpoint "
                                                             "(align/ckpt-N)")
    parser.add_argument("--workspace", help="workspace folder, to find --run or --resume RUN by id")
    parser.add_argument("--reward", metavar="SPEC", action="append", default=None,
                        help="GRPO reward, repeated: format, safety, match, length or FILE.py:function, each with "
                             "an optional =weight (e.g. --reward format=1 --reward my_rewards.py:short=0.5); "
                             "--resume needs a run's FILE.py rewards again")
    parser.add_argument("--force", action="store_true",
                        help="align even when the memory estimate says the run does not fit the card")
    add_config_flags(parser, AlignConfig, skip=OWN)


def run(args: argparse.Namespace, events: Any) -> Any:
    apply_max_line_flag(args)
    from so8t.cli import CommandOutput
    from so8t.store.runs import run_folder

    values = flag_values(args, AlignConfig, skip=OWN)
    if args.reward is not None:
        values["reward"] = list(args.reward)
    resume = None
    if args.resume:
        if args.run or args.model or args.out:
            raise ConfigError("--resume continues a run: --run, --model and --out start one",
                              "drop them, or drop --resume")
        run_dir = run_folder(args.resume, args.workspace)
        resume = args.checkpoint or "newest"
        config = _resumed_config(run_dir, values)
    else:
        if args.checkpoint:
            raise ConfigError("--checkpoint only goes with --resume", "add --resume RUN")
        if bool(args.run) == bool(args.model):
            raise ConfigError("give either --run RUN (align a trained run) or --model DIR --out RUN (a base model)",
                              "e.g. so8t align --method dpo --run RUN")
        if args.model and not args.out:
            raise ConfigError("--model needs --out RUN, the new run folder", "add --out RUN")
        if args.run and args.out:
            raise ConfigError("--run writes into that run: --out goes with --model", "drop --out")
        if args.run:
            run_dir = run_folder(args.run, args.workspace)
            values["run"] = str(run_dir)
        else:
            run_dir = Path(args.out)
            values.update(model=str(Path(args.model).resolve()), out=str(run_dir.resolve()))
        if values.get("data"):
            values["data"] = str(Path(values["data"]).resolve())
        config = AlignConfig.from_dict(values, source="align options")
    from so8t.align.run import align, preflight, summary_line

    preflight(config, run_dir, force=args.force, events=events, resume=resume)
    from so8t.store.runs import Run

    run_dir.mkdir(parents=True, exist_ok=True)
    with Run(run_dir, {}).locked("so8t align"):
        result = align(config, run_dir, events, resume=resume)
    out = result.to_dict()
    code = 128 + result.stop_signal if result.interrupted and result.stop_signal else 0
    return CommandOutput(out, exit_code=code, text=summary_line(out))


def _resumed_config(run_dir: Path, flags: dict[str, Any]) -> AlignConfig:
    """The options the run's align stage started with; only --reward (user files again) and the memory knobs may be given."""
    from so8t.align.run import saved_config

    saved = saved_config(run_dir)
    allowed = {"reward", "device", "gradient_checkpointing", "ckpt_every_steps", "ckpt_every_seconds", "keep",
               "cuda_memory_limit_gb", "max_length"}
    for name, value in flags.items():
        if name not in allowed and value != getattr(saved, name):
            raise ConfigError(f"--resume keeps the options the run started with; --{name.replace('_', '-')} "
                              f"would change them ({getattr(saved, name)!r} → {value!r})",
                              f"drop --{name.replace('_', '-')}, or start a new run")
    # The reward set is the run's; --reward gives its user files again (never read from the run folder).
    kept = {k: v for k, v in flags.items() if k in allowed and k != "reward"}
    return saved.replace(**kept, reward=list(flags.get("reward") or []))
