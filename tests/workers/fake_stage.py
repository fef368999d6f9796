"""A stand-in stage worker for the StageProcess tests: speaks the event protocol in odd ways.

Usage: python fake_stage.py MODE. Modes:
  split        one event written in two halves with a pause between them, then a result
  nonjson      plain text lines mixed with events, then a result
  die          a progress event, a traceback on stderr, then exit 3 without a final event
  selfkill     a progress event, then SIGKILL to itself (as the OOM killer would)
  oom          torch's CUDA out-of-memory message on stderr, exit 1
  graceful     waits; on SIGTERM writes a checkpoint event and exits 0
  ignore_stop  ignores SIGTERM and sleeps until killed
  error        an error event and exit 2 (as the CLI does for a bad input)
  flood        FLOOD_STEPS metric events in one write, a result, and exit at once
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time


def emit(kind: str, **fields) -> None:
    sys.stdout.write(json.dumps({"v": 1, "t": time.time(), "stage": "fake", "kind": kind, **fields}) + "\n")
    sys.stdout.flush()


#: Metric events the flood mode writes: far more than the reader handles before the child exits.
FLOOD_STEPS = 20_000


def main(mode: str) -> int:
    if mode == "flood":
        lines = (json.dumps({"v": 1, "stage": "fake", "kind": "metric", "name": "loss", "value": 1.0 / step,
                             "step": step}) for step in range(1, FLOOD_STEPS + 1))
        sys.stdout.write("\n".join(lines) + "\n")
        emit("result", result={"steps": FLOOD_STEPS})
        return 0
    if mode == "split":
        line = json.dumps({"v": 1, "stage": "fake", "kind": "metric", "name": "loss", "value": 2.5, "step": 7})
        half = len(line) // 2
        sys.stdout.write(line[:half])
        sys.stdout.flush()
        time.sleep(0.5)  # long enough that the reader sees the first half on its own
        sys.stdout.write(line[half:] + "\n")
        sys.stdout.flush()
        emit("result", result={"ok": True})
        return 0
    if mode == "nonjson":
        print("loading weights ...", flush=True)
        emit("progress", done=1, total=2, unit="step")
        print("{not json", flush=True)
        print('["a list", "not an event"]', flush=True)
        emit("progress", done=2, total=2, unit="step")
        emit("result", result={"ok": True})
        return 0
    if mode == "die":
        emit("progress", done=1, total=10, unit="step")
        print("Traceback (most recent call last):", file=sys.stderr, flush=True)
        print("RuntimeError: something broke in the stage", file=sys.stderr, flush=True)
        os._exit(3)
    if mode == "selfkill":
        emit("progress", done=1, total=10, unit="step")
        os.kill(os.getpid(), signal.SIGKILL)
    if mode == "oom":
        emit("stage", state="started")
        print("torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB", file=sys.stderr, flush=True)
        return 1
    if mode == "graceful":
        def on_term(signum, frame):
            emit("checkpoint", path="ckpt-emergency", step=5)
            sys.exit(0)

        signal.signal(signal.SIGTERM, on_term)
        emit("stage", state="started")
        while True:
            time.sleep(0.05)
    if mode == "ignore_stop":
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        emit("stage", state="started")
        while True:
            time.sleep(0.05)
    if mode == "error":
        emit("error", code="config", message="config run.toml: unknown key 'lr'", hint="remove it")
        print("so8t run: error: config run.toml: unknown key 'lr': remove it", file=sys.stderr, flush=True)
        return 2
    raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
