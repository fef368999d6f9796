"""`so8t demo`: the whole pipeline on the built-in tiny model, on CPU, without network."""

from __future__ import annotations

import argparse
import os
from typing import IO

from so8t.cli import CommandOutput
from so8t.events import EventSink

NAME = "demo"
HELP = "run every stage on the built-in tiny model (pretrained on the demo corpus first); CPU, offline"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--workspace", help="workspace folder (default: the user data folder)")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    # The demo never downloads anything: everything it needs ships in resources/.
    os.environ["HF_HUB_OFFLINE"] = "1"
    if args.events:  # started by the window: it may ask for a stop on stdin
        from so8t.stop_channel import listen_for_stop

        listen_for_stop()
    from so8t.demo import quoted_sample
    from so8t.pipeline.runner import text_stream

    outcome = run_demo(args.workspace, stream=text_stream(events))
    sample = (outcome.results.get("pretrain") or {}).get("sample")
    text = outcome.text() + (f"\nsample: {quoted_sample(sample)}" if sample else "")
    evaluation = outcome.results.get("evaluate")
    if evaluation:  # the demo ends with its A/B table: did tuning help?
        from so8t.commands.evaluate import table_text

        text += f"\nA/B, {evaluation['compared']} on {evaluation['n_items']} held-out items:\n{table_text(evaluation)}"
        text += f"\n{evaluation['summary']}"
    return CommandOutput(result=outcome.to_dict(), exit_code=outcome.exit_code, text=text)


def run_demo(workspace: str | os.PathLike[str] | None = None, *, stream: IO[str] | None = None):
    """Start a demo run in the workspace (the demo preset on the built-in tiny model); returns the outcome."""
    import torch

    from so8t.demo import DEMO_THREADS, demo_tables
    from so8t.pipeline.runner import parse_config, start_run

    config = parse_config(demo_tables(), source="demo")
    previous = torch.get_num_threads()
    torch.set_num_threads(DEMO_THREADS)
    try:
        return start_run(config, workspace=workspace, stream=stream)
    finally:
        torch.set_num_threads(previous)
