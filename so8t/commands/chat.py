"""`so8t chat`: one prompt, or an interactive chat on a terminal, through the run's safety gate."""

from __future__ import annotations

import argparse
import sys

from so8t.cli import CommandOutput
from so8t.events import EventSink

NAME = "chat"
HELP = "chat with a GGUF or an HF folder through the run's safety gate: final answers only, thinking hashed into the audit log"


def add_arguments(p: argparse.ArgumentParser) -> None:
    from so8t.chat.options import add_chat_arguments

    add_chat_arguments(p)
    p.add_argument("--prompt", help="one prompt, answered and exit (default: interactive on a terminal, else stdin)")


def _banner(result) -> str:
    from so8t.chat.session import HELD_NOTICE

    if result.refused:
        return f"[DENY] {result.shown_text}"
    tag = f"[{result.verdict.label}]"
    if result.final_verdict is not None:
        tag += f" [final: {result.final_verdict.label}]"
    if result.held:
        tag += f" {HELD_NOTICE}"
    return tag


def run(args: argparse.Namespace, events: EventSink) -> CommandOutput:
    from so8t.chat.options import grammar_text, open_session

    session = open_session(args, source="chat")
    grammar = grammar_text(args)
    out = sys.stderr if (args.json or args.events) else sys.stdout
    try:
        if args.prompt is None and sys.stdin.isatty() and not args.json:
            return _interactive(session, grammar, out)
        prompt = args.prompt if args.prompt is not None else sys.stdin.read()
        result = _turn(session, prompt, grammar, out, stream=not args.json)
    finally:
        session.backend.close()
    data = {**result.to_dict(), "audit": str(session.audit.path) if session.audit else None}
    return CommandOutput(result=data, exit_code=result.exit_code, text="")


def _turn(session, prompt: str | None, grammar: str | None, out, *, stream: bool):
    """One turn (`prompt` None: regenerate the last one), streamed to `out` unless `stream` is off."""
    chunks = session.regenerate(grammar=grammar) if prompt is None else session.send(prompt, grammar=grammar)
    result = None
    for chunk in chunks:
        if chunk.kind == "answer" and stream:
            out.write(chunk.text)
            out.flush()
        elif chunk.kind == "reasoning" and stream:
            sys.stderr.write(chunk.text)
        elif chunk.kind == "done":
            result = chunk.result
    if stream:
        if result.held and result.answer is not None:
            out.write(result.answer)
        elif result.answer is None:
            out.write(result.shown_text)
        out.write("\n")
        rate = f", {result.tokens_per_s} tokens/s" if result.tokens_per_s else ""
        print(f"{_banner(result)} ({result.tokens} tokens{rate})", file=sys.stderr)
    return result


def _interactive(session, grammar: str | None, out) -> CommandOutput:
    print("Type a prompt; /regen answers the last one again, /new starts over, Ctrl+D quits.", file=sys.stderr)
    last = None
    while True:
        try:
            line = input("> ")
        except EOFError:
            break
        if not line.strip():
            continue
        if line.strip() == "/new":
            session.reset()
            continue
        if line.strip() == "/regen" and not session.history:
            continue
        prompt = None if line.strip() == "/regen" else line
        last = _turn(session, prompt, grammar, out, stream=True)
    session.backend.close()
    return CommandOutput(result=last.to_dict() if last else {}, exit_code=0)
