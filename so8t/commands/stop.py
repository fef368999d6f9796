"""`so8t stop RUN`: ask a running run to stop with its emergency checkpoint, from any process."""

from __future__ import annotations

import argparse
import time

from so8t.cli import CommandOutput
from so8t.errors import RunError
from so8t.events import EventSink

NAME = "stop"
HELP = ("ask a running run (folder or id) to stop: it writes its emergency checkpoint at the next step "
        "boundary and is recorded as interrupted (continue it with `so8t resume`)")

#: How often `--wait` looks whether the run's process has let go of its lock.
WAIT_POLL_S = 0.2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="run folder, or a run id in the workspace")
    parser.add_argument("--workspace", help="workspace folder, to find a run by id")
    parser.add_argument("--wait", action="store_true", help="return only once the run has stopped")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.stop_channel import request_stop
    from so8t.store.runs import RUNNING, find_run

    run = find_run(args.run, args.workspace)
    state = run.status()
    if state != RUNNING:
        raise RunError(f"run {run.path} is not running (it is {state})",
                       "only a running run can be stopped; `so8t runs` shows which are")
    try:
        path = request_stop(run.path, by="so8t stop")
    except OSError as exc:
        raise RunError(f"cannot write the stop request {exc.filename or run.path} ({exc.strerror or exc})",
                       "check that the run folder is writable") from None
    if args.wait:
        while run.status() == RUNNING:
            time.sleep(WAIT_POLL_S)
    final = type(run).open(run.path).status()
    text = (f"run {run.id} {final}" if args.wait else
            f"stop requested for run {run.id}: it stops at the next step boundary with a checkpoint")
    return CommandOutput(result={"run": run.id, "path": str(run.path), "stop_request": str(path), "state": final},
                         text=text)
