"""`so8t checkpoints`: list a run's checkpoints with step, time, size, and valid or why not."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from so8t.errors import RunError

NAME = "checkpoints"
HELP = "list a run's checkpoints: step, time, size, valid or why not (no manifest, hash mismatch, …)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="run folder")
    parser.add_argument("--pin", metavar="NAME", help="keep this checkpoint whatever --keep says")
    parser.add_argument("--unpin", metavar="NAME", help="let --keep prune this checkpoint again")
    parser.add_argument("--quick", action="store_true", help="compare sizes only, skip the sha256 of every file")


def run(args: argparse.Namespace, events):
    from so8t.checkpoints import CheckpointStore
    from so8t.cli import CommandOutput

    run_dir = Path(args.run)
    if not run_dir.is_dir():
        raise RunError(f"run folder {run_dir} does not exist", "pass a folder that `so8t train --out` created")
    store = CheckpointStore(run_dir)
    if args.pin:
        store.pin(args.pin)
    if args.unpin:
        store.pin(args.unpin, pinned=False)
    infos = store.list(deep=not args.quick)
    lines = [f"{'name':<24} {'step':>7} {'time':<19} {'size':>11}  status"]
    for i in infos:
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(i.time)) if i.time else "-"
        status = ("valid" + (" (pinned)" if i.pinned else "")) if i.valid else "INVALID"
        if i.reason:
            status += f": {i.reason}"
        lines.append(f"{i.name:<24} {i.step:>7} {when:<19} {i.size:>11}  {status}")
    if not infos:
        lines.append("(no checkpoints)")
    return CommandOutput({"checkpoints": [i.to_dict() for i in infos]}, text="\n".join(lines))
