"""`so8t data-generate`: thinking-format answers for a prompt file from an OpenAI-compatible endpoint the user names."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from so8t.cli import CommandOutput
from so8t.commands._flags import add_max_line_flag, apply_max_line_flag
from so8t.events import EventSink

NAME = "data-generate"
HELP = ("write answers in the thinking format for a file of prompts through an OpenAI-compatible endpoint "
        "(a llama.cpp server, a hosted model); only answers the thinking checker accepts become samples")


def add_arguments(p: argparse.ArgumentParser) -> None:
    from so8t.data.generate import (
        API_KEY_ENV,
        DEFAULT_CONCURRENCY,
        DEFAULT_FORMAT,
        DEFAULT_MAX_TOKENS,
        DEFAULT_TIMEOUT_S,
        MAX_CONCURRENCY,
        THINKING_FORMATS,
    )

    p.add_argument("prompts", metavar="PROMPTS",
                   help='JSON Lines of {"prompt": …, "id"?, "label"?} (or {"text": …} chunks with --question-template)')
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", metavar="RUN", help="a new run folder that holds only data (rerun the same command "
                                                    "to continue one that was interrupted)")
    where.add_argument("--run", metavar="RUN", help="an existing run (folder or id) to add the samples to")
    p.add_argument("--workspace", help="workspace folder, to find --run by id")
    p.add_argument("--endpoint", required=True, metavar="URL",
                   help="the server's OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1 (nothing else is contacted)")
    p.add_argument("--model-name", metavar="NAME", help="the model id to ask for (hosted APIs need it; a local server "
                                                        "takes its own)")
    p.add_argument("--api-key", metavar="KEY", help=f"sent as 'Authorization: Bearer KEY' (or set {API_KEY_ENV})")
    p.add_argument("--thinking-format", choices=THINKING_FORMATS, default=DEFAULT_FORMAT,
                   help=f"the form answers must have to be kept (default {DEFAULT_FORMAT})")
    p.add_argument("--concurrency", type=int, default=DEFAULT_CONCURRENCY, metavar="N",
                   help=f"requests in flight at once (default {DEFAULT_CONCURRENCY}, at most {MAX_CONCURRENCY})")
    p.add_argument("--max-tokens", type=int, default=DEFAULT_MAX_TOKENS, metavar="N",
                   help=f"longest answer in tokens (default {DEFAULT_MAX_TOKENS})")
    p.add_argument("--temperature", type=float, default=None, metavar="X", help="sampling temperature (default: the server's)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT_S, metavar="S",
                   help=f"seconds one request may take (default {DEFAULT_TIMEOUT_S:g})")
    p.add_argument("--question-template", metavar="TEXT",
                   help='turn each {"text": chunk} line into a prompt: the chunk replaces {text}')
    grammar = p.add_mutually_exclusive_group()
    grammar.add_argument("--grammar", metavar="FILE",
                         help="a GBNF grammar sent with every request as `grammar` (llama.cpp servers)")
    grammar.add_argument("--format-grammar", action="store_true",
                         help="send a built-in GBNF grammar that forces the thinking format (llama.cpp servers)")
    p.add_argument("--extra-body", metavar="JSON",
                   help="a JSON object of fields added to every request, for what a server takes beyond the OpenAI "
                        "API (e.g. '{\"top_k\": 20}')")
    add_max_line_flag(p)


def _grammar(args: argparse.Namespace) -> str | None:
    from so8t.data.generate import format_grammar
    from so8t.errors import ConfigError, DataFileError
    from so8t.fileio import read_plain_bytes

    if args.format_grammar:
        return format_grammar(args.thinking_format, args.max_tokens)
    if not args.grammar:
        return None
    try:
        text = read_plain_bytes(args.grammar, what="grammar file").decode("utf-8")
    except UnicodeDecodeError:
        raise DataFileError(f"grammar file {args.grammar} is not UTF-8 text", "save it as UTF-8") from None
    if not text.strip():
        raise ConfigError(f"grammar file {args.grammar} is empty", "pass a GBNF grammar with a root rule")
    return text


def _run_dir(args: argparse.Namespace) -> tuple[Path, bool]:
    """The run folder and whether this command makes it; a folder that cannot take the samples is refused."""
    from so8t.errors import OutputPathError, RunError
    from so8t.store.layout import DATA_DIR, GENERATE_FILES, LOCK_FILE
    from so8t.store.runs import run_folder

    if args.run:
        path = run_folder(args.run, args.workspace)
        if not path.is_dir():
            raise RunError(f"run folder {path} does not exist",
                           "pass a folder from `so8t runs` (or a run id with --workspace), or --out RUN for a new one")
        return path, False
    path = Path(args.out).absolute()
    if path.exists() and not path.is_dir():
        raise OutputPathError(f"--out {path} is a file", "pass a new folder for the run")
    if not path.exists():
        return path, True
    # A run this command started (and a kill interrupted) is continued: it holds its lock and data/ only.
    # A kill can also leave the temp file of a lock or of a rebuilt output (`.<name>.<random>…`) beside them.
    mine = GENERATE_FILES
    data = path / DATA_DIR

    def ours(name: str, names: tuple[str, ...]) -> bool:
        return name in names or any(name.startswith(f".{n}.") for n in names)

    others = [p.name for p in path.iterdir() if not ours(p.name, (LOCK_FILE, DATA_DIR))]
    if others or (data.exists() and (not data.is_dir() or any(not ours(p.name, mine) for p in data.iterdir()))):
        raise OutputPathError(f"--out {path} is a folder that is not empty",
                              f"pick a new or empty folder, or add to that run with --run {path}")
    return path, False


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    apply_max_line_flag(args)
    import dataclasses
    import shutil

    from so8t.data.generate import API_KEY_ENV, GenerateOptions, generate, parse_extra_body, read_prompts
    from so8t.store.layout import RunLayout
    from so8t.store.runs import Run

    options = GenerateOptions(
        endpoint=args.endpoint, thinking_format=args.thinking_format, model_name=args.model_name,
        api_key=args.api_key or os.environ.get(API_KEY_ENV) or None, concurrency=args.concurrency,
        max_tokens=args.max_tokens, temperature=args.temperature, timeout_s=args.timeout, grammar=None,
        extra_body=parse_extra_body(args.extra_body) if args.extra_body is not None else {})
    options.check()
    prompts = read_prompts(Path(args.prompts), thinking_format=args.thinking_format,
                           question_template=args.question_template)
    options = dataclasses.replace(options, grammar=_grammar(args))
    run_dir, created = _run_dir(args)
    data_made = not RunLayout(run_dir).data_dir.exists()
    run_dir.mkdir(parents=True, exist_ok=True)
    try:
        with Run(run_dir, {}).locked(NAME):
            result = generate(prompts, run_dir, options, events)
    except BaseException:
        # Nothing is left half-written: a folder or data/ this command made and that holds no answer goes.
        layout = RunLayout(run_dir)
        if not layout.generate_journal.is_file() or layout.generate_journal.stat().st_size == 0:
            if created:
                shutil.rmtree(run_dir, ignore_errors=True)
            elif data_made:
                shutil.rmtree(layout.data_dir, ignore_errors=True)
        raise
    return CommandOutput(result=result.to_dict(), text=result.summary())
