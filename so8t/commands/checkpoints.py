"""`so8t checkpoints`: list a run's checkpoints with step, time, size, and valid or why not."""

from __future__ import annotations

import argparse
import time

from so8t.errors import RunError

NAME = "checkpoints"
HELP = "list a run's checkpoints: step, time, size, valid or why not (no manifest, hash mismatch, …)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="run folder, or a run id as `so8t runs` prints it")
    parser.add_argument("--workspace", help="workspace folder, to find a run by id (default: the user data folder)")
    parser.add_argument("--pin", metavar="NAME", help="keep this checkpoint whatever --keep says "
                        "(ckpt-N of training, or STAGE/ckpt-N)")
    parser.add_argument("--unpin", metavar="NAME", help="let --keep prune this checkpoint again")
    parser.add_argument("--quick", action="store_true", help="compare sizes only, skip the sha256 of every file")


def run(args: argparse.Namespace, events):
    from so8t.cli import CommandOutput
    from so8t.commands._text import human_size
    from so8t.store.checkpoints import (
        CheckpointStore,
        checkpoint_label,
        split_checkpoint_name,
        training_stores,
    )
    from so8t.store.layout import RunLayout
    from so8t.store.runs import run_folder

    run_dir = run_folder(args.run, args.workspace)
    if not run_dir.is_dir():
        raise RunError(f"run {args.run} does not exist (no such folder, nor a run of that id in the workspace)",
                       "pass a folder that `so8t train --out` created, or an id that `so8t runs` lists")
    layout = RunLayout(run_dir)
    if not any(p.exists() for p in (layout.run_json, layout.train_config, layout.checkpoints())):
        raise RunError(f"{run_dir} is not a run (it has no {layout.run_json.name}, {layout.train_config.name} "
                       f"or {layout.checkpoints().name}/)", "pass a folder that `so8t train --out` or `so8t run` created")
    for name, pinned in ((args.pin, True), (args.unpin, False)):
        if name:
            stage, ckpt = split_checkpoint_name(name)  # `STAGE/ckpt-N`; a bare `ckpt-N` is train's
            CheckpointStore(run_dir, stage=stage).pin(ckpt, pinned=pinned)
    # Every training stage's store, in pipeline order; a later stage's names carry their stage.
    infos = [i for store in training_stores(run_dir) for i in store.list(deep=not args.quick)]
    lines = [f"{run_dir}", f"{'name':<24} {'step':>7} {'time':<19} {'size':>10}  status"]
    for i in infos:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(i.time)) if i.time else "-"
        status = ("valid" + (" (pinned)" if i.pinned else "")) if i.valid else "INVALID"
        if i.reason:
            status += f": {i.reason}"
        name = checkpoint_label(i.stage, i.name)
        lines.append(f"{name:<24} {i.step:>7} {when:<19} {human_size(i.size):>10}  {status}")
    if not infos:
        lines.append("(no checkpoints)")
    return CommandOutput({"checkpoints": [i.to_dict() for i in infos]}, text="\n".join(lines))
