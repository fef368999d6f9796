"""`so8t <stage>` for a stage without a command module of its own: flags from its config, a new run of it alone."""

from __future__ import annotations

import argparse
from typing import Any

from so8t.cli import CommandOutput
from so8t.commands._flags import add_config_flags, flag_values
from so8t.events import EventSink
from so8t.stage_contract import Stage


def stage_help(stage: Stage) -> str:
    """The command's one-line help: the stage's title and what the command does with it."""
    return f"{stage.title or stage.name}: run this stage alone as a new run in the workspace"


def add_arguments(parser: argparse.ArgumentParser, stage: Stage) -> None:
    """One flag per key of the stage's table (as in a config), plus where the new run goes."""
    cls = stage.config_class()
    if cls is not None:
        add_config_flags(parser, cls, skip=stage.MANAGED)
    parser.add_argument("--workspace", help="workspace folder of the new run (default: the user data folder)")
    parser.add_argument("--name", help=f"prefix of the run id (default: {stage.name})")


def run(args: argparse.Namespace, events: EventSink, stage: Stage) -> CommandOutput:
    """A run of the stage alone; its result, and its summary line when the stage gives one."""
    from so8t.pipeline.runner import parse_config, start_run, text_stream

    cls = stage.config_class()
    table: dict[str, Any] = flag_values(args, cls, skip=stage.MANAGED) if cls is not None else {}
    config = parse_config({"run": {"name": args.name or stage.name, "stages": [stage.name]}, stage.name: table},
                          source=f"so8t {stage.command} options")
    outcome = start_run(config, workspace=args.workspace, stream=text_stream(events))
    summary = stage.summary(outcome.results.get(stage.name) or {})
    text = outcome.text() + (f"\n{summary}" if summary else "")
    return CommandOutput(result=outcome.to_dict(), exit_code=outcome.exit_code, text=text)
