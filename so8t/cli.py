"""The `so8t` command line: one subcommand per module in `so8t/commands/`."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import pkgutil
import sys
from dataclasses import dataclass, field
from typing import Any

from so8t import __version__
from so8t.errors import quiet_third_party_output, user_error_of
from so8t.events import EventSink


@dataclass
class CommandOutput:
    """What a subcommand hands back: the `--json` object, its exit code, and a human summary."""

    result: dict[str, Any]
    exit_code: int = 0
    text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (the CLI contract)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def _command_modules() -> list[Any]:
    from so8t import commands

    modules = []
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        modules.append(importlib.import_module(f"so8t.commands.{info.name}"))
    return modules


def build_parser() -> argparse.ArgumentParser:
    """The full parser; each command module contributes `NAME`, `HELP`, `add_arguments` and `run`."""
    parser = _OneLineParser(prog="so8t", description="SO8T pipeline stages from the command line.")
    parser.add_argument("--version", action="version", version=f"so8t {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_OneLineParser)
    sub.required = True
    modules = _command_modules()
    for module in modules:
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        _add_common_flags(p)
        p.set_defaults(_run=module.run)
    _add_stage_commands(sub, {m.NAME for m in modules})
    return parser


def _add_stage_commands(sub: Any, taken: set[str]) -> None:
    """`so8t <stage>` for each stage without a command module (those from outside so8t, say), from its STAGE."""
    from functools import partial

    from so8t.pipeline.stages import STAGES

    _stage = importlib.import_module("so8t.commands._stage")  # as the other command modules: it imports CommandOutput

    for stage in STAGES.values():
        if stage.command in taken or not stage.available():
            continue
        help_text = _stage.stage_help(stage)
        p = sub.add_parser(stage.command, help=help_text, description=help_text)
        _stage.add_arguments(p, stage)
        _add_common_flags(p)
        p.set_defaults(_run=partial(_stage.run, stage=stage))


def _add_common_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print the result as one JSON object on the last line")
    p.add_argument("--events", action="store_true", help="stream progress/metric/log events as JSON Lines on stdout")


#: The exit code after a reader closed the pipe (`so8t runs | head`): 128 + SIGPIPE, as a shell reports it.
BROKEN_PIPE_EXIT = 141


def main(argv: list[str] | None = None) -> int:
    """Parse, run one command, print its result; a user error is one line on stderr and exit 2.

    A reader that closes the pipe early (`| head`) ends the command quietly.
    """
    try:
        return _main(argv)
    except BrokenPipeError:
        # Point stdout at nothing, so the interpreter's last flush at exit cannot fail again.
        with contextlib.suppress(OSError, ValueError, AttributeError):  # AttributeError: no real stdout
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return BROKEN_PIPE_EXIT


def _main(argv: list[str] | None) -> int:
    # Library progress bars would interleave with our own progress events and one-line errors.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    quiet_third_party_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    from so8t.commands._progress import ProgressBar, wants_progress_bar
    from so8t.commands._text import escape_controls

    bar = ProgressBar() if wants_progress_bar(json_output=args.json, events=args.events) else None
    events = EventSink(stage=args.command, stream=sys.stdout if args.events else None,
                       listener=bar.on_event if bar is not None else None)
    try:
        output: CommandOutput = args._run(args, events)
    except BrokenPipeError:
        raise
    except Exception as exc:  # noqa: BLE001 - the one error boundary: user errors become one line
        error = user_error_of(exc)
        if error is None:
            raise  # a bug: the traceback is for the report
        _stderr_line(escape_controls(f"so8t {args.command}: error: {error.one_line()}"))
        if args.events:
            with contextlib.suppress(OSError, ValueError):
                events.error(error.code, error.message, error.hint)
        return 2
    except KeyboardInterrupt as exc:
        _stderr_line(f"so8t {args.command}: interrupted")
        return 128 + getattr(exc, "signum", 2)  # 130 for Ctrl+C, 143 for SIGTERM (docs/architecture.md, "Exit codes")
    finally:
        if bar is not None:
            bar.close()
    if output.text and not args.json:
        if args.events:
            # stdout carries JSON Lines only: the human summary is a log event, so the window's log
            # shows it as the command's line (on stderr it read as a library's message).
            events.log(output.text)
        else:
            print(escape_controls(output.text))  # names and reasons come from run folders
    if args.events:
        events.result(output.result)
    if args.json:
        print(json.dumps(output.result, ensure_ascii=False, default=str))
    sys.stdout.flush()
    return output.exit_code


def _stderr_line(text: str) -> None:
    """The command's last word on stderr; a stderr whose reader is gone (a killed window) takes nothing."""
    with contextlib.suppress(OSError, ValueError):
        print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
