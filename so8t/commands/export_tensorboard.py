"""`so8t export-tensorboard RUN [--out DIR]`: the run's metrics as TensorBoard event files."""

from __future__ import annotations

import argparse

NAME = "export-tensorboard"
HELP = "write a run's metrics (and its evaluation figures) as TensorBoard event files, tagged <stage>/<metric>"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="run folder, or a run id as `so8t runs` prints it")
    parser.add_argument("--out", metavar="DIR",
                        help="folder for the event files (default: RUN/tensorboard/); `tensorboard --logdir DIR` shows it")
    parser.add_argument("--force", action="store_true", help="replace the event files already in the folder")
    parser.add_argument("--workspace", help="workspace folder, to find a run by id (default: the user data folder)")


def run(args: argparse.Namespace, events):
    from pathlib import Path

    from so8t.cli import CommandOutput
    from so8t.errors import RunError
    from so8t.store.runs import run_folder
    from so8t.tracking import export_tensorboard

    run_dir = run_folder(args.run, args.workspace)
    if not run_dir.is_dir():
        raise RunError(f"run {args.run} does not exist (no such folder, nor a run of that id in the workspace)",
                       "pass a folder or an id that `so8t runs` lists")
    out = Path(args.out).expanduser().absolute() if args.out else None
    result = export_tensorboard(run_dir, out, force=args.force)
    text = (f"wrote {len(result.tags)} series ({result.points} points) to {result.out}; "
            f"view them with `tensorboard --logdir {result.out}`")
    return CommandOutput(result.to_dict(), text=text)
