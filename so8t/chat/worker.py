"""The window's chat worker: one model in a child process, prompts as JSON lines on stdin, tokens as events on stdout.

`python -m so8t.chat.worker (--gguf FILE | --model DIR) [chat options]`. Commands, one JSON object per line:
{"op": "send", "prompt": …, "show_reasoning": bool, "temperature": x, "max_tokens": n}, {"op": "regenerate"},
{"op": "stop"}, {"op": "reset"}. Events: `stage` started (model loaded), `token` (never written to a file),
`result` (one per turn: the turn and its audit record), `error`, `log`.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import queue
import sys
import threading
from typing import Any

from so8t.events import EventSink

STAGE = "playground"
#: Settings a `send` command may change for its turn.
TURN_SETTINGS = ("temperature", "top_p", "max_tokens", "show_reasoning")


def _read_commands(commands: queue.Queue, session_box: list[Any]) -> None:
    """stdin reader: `stop` acts at once (generation runs on the main thread), everything else queues."""
    for line in sys.stdin:
        try:
            command = json.loads(line)
        except json.JSONDecodeError:
            continue
        if not isinstance(command, dict):
            continue
        if command.get("op") == "stop":
            if session_box:
                session_box[0].stop()
            continue
        commands.put(command)
    commands.put({"op": "quit"})


def _run_turn(session: Any, command: dict[str, Any], events: EventSink, turn: int) -> None:
    changes = {k: command[k] for k in TURN_SETTINGS if command.get(k) is not None}
    if changes:
        session.config = dataclasses.replace(session.config, **changes)
    chunks = session.regenerate() if command.get("op") == "regenerate" else session.send(str(command.get("prompt", "")))
    for chunk in chunks:
        if chunk.kind in ("answer", "reasoning"):
            events.token(chunk.text, chunk.kind, turn)
        elif chunk.kind == "done":
            events.result({**chunk.result.to_dict(), "turn": turn, "prompt_id": command.get("id"),
                           "audit_record": chunk.result.audit})


def main(argv: list[str] | None = None) -> int:
    import os

    # Library progress bars and chatter would land in the window's log as noise.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from so8t.chat.options import add_chat_arguments, open_session
    from so8t.errors import So8tError

    parser = argparse.ArgumentParser(prog="so8t-chat-worker")
    add_chat_arguments(parser)
    args = parser.parse_args(argv)
    events = EventSink(stage=STAGE, stream=sys.stdout)
    commands: queue.Queue = queue.Queue()
    session_box: list[Any] = []
    threading.Thread(target=_read_commands, args=(commands, session_box), daemon=True).start()
    try:
        session = open_session(args, source="playground")
    except So8tError as exc:
        events.error(exc.code, exc.message, exc.hint)
        return 2
    session_box.append(session)
    gate = None if session.gate is None else {"head": session.gate.source, "temperature": session.gate.temperature,
                                              "calibrated": session.gate.calibrated}
    events.state("started", model=str(session.backend.path), model_kind=session.backend.kind, gate=gate,
                 audit=str(session.audit.path) if session.audit else None)
    turn = 0
    while True:
        command = commands.get()
        op = command.get("op")
        if op == "quit":
            break
        if op == "reset":
            session.reset()
            continue
        if op not in ("send", "regenerate"):
            continue
        turn += 1
        try:
            _run_turn(session, command, events, turn)
        except So8tError as exc:
            events.error(exc.code, exc.message, exc.hint)
    session.backend.close()
    events.state("finished")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
