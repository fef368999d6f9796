"""`so8t run --config FILE`: start a pipeline run in the workspace."""

from __future__ import annotations

import argparse

from so8t.cli import CommandOutput
from so8t.commands._flags import add_max_line_flag, apply_max_line_flag
from so8t.events import EventSink

NAME = "run"
HELP = "start a pipeline run from a TOML config (stages in order, resumable with `so8t resume`)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_max_line_flag(parser)
    parser.add_argument("--config", required=True, help="pipeline config (.toml)")
    parser.add_argument("--workspace", help="workspace folder (default: the config's, else the user data folder)")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    apply_max_line_flag(args)
    if args.events:  # started by the window: it may ask for a stop on stdin
        from so8t.stop_channel import listen_for_stop

        listen_for_stop()
    from so8t.pipeline.runner import load_config, start_run, text_stream

    config = load_config(args.config)
    outcome = start_run(config, workspace=args.workspace, stream=text_stream(events))
    return CommandOutput(result=outcome.to_dict(), exit_code=outcome.exit_code, text=outcome.text())
