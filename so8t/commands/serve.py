"""`so8t serve`: an OpenAI-compatible /v1/chat/completions endpoint, gated, final answers only, audited."""

from __future__ import annotations

import argparse
import sys

from so8t.cli import CommandOutput
from so8t.events import EventSink

NAME = "serve"
HELP = ("serve a GGUF or an HF folder as an OpenAI-compatible /v1/chat/completions endpoint through the run's gate "
        "(127.0.0.1 unless an API key is set)")


def add_arguments(p: argparse.ArgumentParser) -> None:
    from so8t.chat.options import (
        API_KEY_ENV,
        DEFAULT_HOST,
        DEFAULT_MAX_BODY_MB,
        DEFAULT_PORT,
        add_chat_arguments,
    )

    add_chat_arguments(p)
    p.add_argument("--host", default=DEFAULT_HOST, help=f"address to bind (default {DEFAULT_HOST}: this machine only)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.add_argument("--api-key", help=f"key every request must send as 'Authorization: Bearer KEY' (or set {API_KEY_ENV}); "
                                     "required for a host other than loopback")
    p.add_argument("--model-name", default=None,
                   help="model id the endpoint reports and requests must name, if any (default: the file or folder name)")
    p.add_argument("--max-body-mb", type=float, default=DEFAULT_MAX_BODY_MB,
                   help=f"largest request body in MiB; a larger one gets 413 (default {DEFAULT_MAX_BODY_MB:g})")


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    import os
    from pathlib import Path

    from so8t.chat.options import grammar_text, open_session
    from so8t.chat.server import API_KEY_ENV, check_bind, max_body_bytes, serve

    api_key = args.api_key or os.environ.get(API_KEY_ENV) or None
    check_bind(args.host, api_key)  # before loading anything
    max_body_bytes(args.max_body_mb)
    session = open_session(args, source="serve")
    grammar = grammar_text(args)
    if grammar is not None:  # test-only: every turn of this server is forced into the grammar
        send = session.send
        session.send = lambda prompt, **kw: send(prompt, grammar=grammar, **kw)  # type: ignore[method-assign]
    name = args.model_name or Path(args.gguf or args.model).name
    gate = "ungated" if session.gate is None else f"gated by {session.gate.source} (T = {session.gate.temperature:.3g})"
    print(f"so8t serve: {name} on http://{args.host}:{args.port}/v1, {gate}, audit {session.audit.path}",
          file=sys.stderr, flush=True)
    try:
        serve(session, host=args.host, port=args.port, api_key=api_key, model_name=name, max_body_mb=args.max_body_mb)
    finally:
        session.backend.close()
    return CommandOutput(result={"host": args.host, "port": args.port, "model": name})
