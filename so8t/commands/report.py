"""`so8t report RUN --pdf FILE`: the run's PDF report (config, stage results, plots, checkpoints)."""

from __future__ import annotations

import argparse

NAME = "report"
HELP = "write a run's PDF report: config, stage results, bake check, GGUF, safety head, curves, checkpoints"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", help="run folder (<workspace>/runs/<run-id>)")
    parser.add_argument("--pdf", required=True, help="PDF file to write (replaced atomically if it exists)")


def run(args: argparse.Namespace, events):
    from so8t.cli import CommandOutput
    from so8t.report import write_report

    result = write_report(args.run, args.pdf, events=events)
    text = f"wrote {result.pdf}: {result.pages} pages"
    if result.missing:
        text += f" (no data yet for: {', '.join(result.missing)})"
    return CommandOutput(result=result.to_dict(), text=text)
