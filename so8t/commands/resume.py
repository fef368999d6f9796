"""`so8t resume RUN`: continue an interrupted run, skipping stages finished with the same inputs."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.events import EventSink

NAME = "resume"
HELP = "continue a run (folder or id): finished stages are skipped, an interrupted one continues from its checkpoint"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="run folder, or a run id in the workspace")
    parser.add_argument("--workspace", help="workspace folder, to find a run by id")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.pipeline.runner import resume_run, text_stream

    outcome = resume_run(args.run, workspace=args.workspace, stream=text_stream(events))
    return CommandOutput(result=outcome.to_dict(), exit_code=outcome.exit_code, text=outcome.text())
