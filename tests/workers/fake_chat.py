"""A stand-in chat worker for the ChatProcess tests: its model is loaded at once and it answers without reading.

Usage: python fake_chat.py MODE. Modes:
  flood   a started event, TOKENS token events and a result in one write, then exit 0 at once
  crash   a started event, a few tokens, a reason on stderr, then exit 3 without a result
"""

from __future__ import annotations

import json
import sys

#: Token events before the result: far more than one read pass of the window handles.
TOKENS = 20_000


def line(kind: str, **fields) -> str:
    return json.dumps({"v": 1, "stage": "chat", "kind": kind, **fields}) + "\n"


def main(mode: str) -> int:
    out = [line("stage", state="started", model="fake")]
    count = TOKENS if mode == "flood" else 3
    out += [line("token", channel="answer", text=f"t{i} ") for i in range(count)]
    if mode == "flood":
        out.append(line("result", result={"answer": "done", "tokens": count}))
    sys.stdout.write("".join(out))
    sys.stdout.flush()
    if mode == "crash":
        sys.stderr.write("RuntimeError: the fake model broke\n")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
