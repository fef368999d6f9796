"""`so8t report RUN --pdf FILE`: the run's PDF report (config, stage results, plots, checkpoints)."""

from __future__ import annotations

import argparse
from pathlib import Path

from so8t.resources import LANGUAGES

NAME = "report"
HELP = "write a run's PDF report: config, stage results, bake check, GGUF, safety head, curves, checkpoints"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("run", metavar="RUN", help="run folder, or a run id as `so8t runs` prints it")
    parser.add_argument("--pdf", required=True,
                        help="PDF file to write (X.pdf, relative to the working folder); the same report is "
                             "written beside it as X.html")
    parser.add_argument("--force", action="store_true", help="replace X.pdf and X.html if they exist")
    parser.add_argument("--workspace", help="workspace folder, to find a run by id (default: the user data folder)")
    parser.add_argument("--lang", choices=LANGUAGES, default="en",
                        help="language of the report's text: en or ja (default: en); the run's own values stay as "
                             "they are")


def run(args: argparse.Namespace, events):
    from so8t.cli import CommandOutput
    from so8t.commands._text import human_size
    from so8t.report import write_report
    from so8t.store.runs import run_folder

    # Both paths absolute here: the renderer runs in another process and folder.
    result = write_report(run_folder(args.run, args.workspace), Path(args.pdf).expanduser().absolute(), events=events,
                          language=args.lang, force=args.force)
    text = f"wrote {result.pdf}: {result.pages} pages, {human_size(result.size)}, and {result.html}"
    if result.missing:
        text += f" (no data yet for: {', '.join(result.missing)})"
    return CommandOutput(result=result.to_dict(), text=text)
