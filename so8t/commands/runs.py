"""`so8t runs`: the runs in the workspace with their state; interrupted ones are marked."""

from __future__ import annotations

import argparse
import time

from so8t.cli import CommandOutput
from so8t.events import EventSink

NAME = "runs"
HELP = "list runs in the workspace with their state; interrupted runs are marked (resume them with `so8t resume`)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", help="workspace folder (default: the user data folder)")
    parser.add_argument("--interrupted", action="store_true", help="only runs that were interrupted")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.store.runs import list_runs, resolve_workspace

    workspace = resolve_workspace(args.workspace)
    runs = list_runs(workspace)
    if args.interrupted:
        runs = [r for r in runs if r.interrupted]
    lines = [f"workspace {workspace}: {len(runs)} run(s)"]
    for r in runs:
        mark = "!" if r.interrupted else " "
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.created))
        stages = " ".join(f"{k}:{v}" for k, v in r.stages.items())
        lines.append(f"{mark} {r.id:<40} {r.state:<12} {when}  {stages}")
        lines.append(f"  {r.path}")
        if r.reason:
            lines.append(f"  damaged: {r.reason}")
    if any(r.interrupted for r in runs):
        lines.append("! interrupted: continue with `so8t resume RUN`")
    result = {"workspace": str(workspace), "runs": [r.to_dict() for r in runs],
              "interrupted": [r.id for r in runs if r.interrupted]}
    return CommandOutput(result=result, text="\n".join(lines))
