"""Stage events as JSON Lines: to a worker's stdout and to the run's events.jsonl."""

from __future__ import annotations

import json
import math
import os
import sys
import time
from pathlib import Path
from typing import IO, Any

EVENT_VERSION = 1
EVENT_KINDS = ("stage", "progress", "metric", "log", "checkpoint", "error", "result")


def _jsonable(value: Any) -> Any:
    """JSON has no NaN/inf: send them as strings so every line stays valid JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


class EventSink:
    """Writes one JSON object per event, flushed per line.

    `stream` is the worker's stdout (None: no streaming); `log_path` is the run's
    events.jsonl (None: not recorded). A sink with neither is silent, which is what
    library callers and tests get by default.
    """

    def __init__(
        self,
        *,
        run: str | None = None,
        stage: str | None = None,
        stream: IO[str] | None = None,
        log_path: str | os.PathLike[str] | None = None,
        states: bool = True,
    ) -> None:
        self.run = run
        self.stage = stage
        self.stream = stream
        self.log_path = Path(log_path) if log_path is not None else None
        self.states = states

    def for_stage(self, stage: str, *, states: bool = True) -> EventSink:
        """The same destinations, tagged with another stage name.

        `states=False` drops the stage's own started/finished events: the pipeline runner, which
        records the stage's state in run.json, announces them once itself.
        """
        return EventSink(run=self.run, stage=stage, stream=self.stream, log_path=self.log_path, states=states)

    def emit(self, kind: str, **fields: Any) -> dict[str, Any]:
        """Write one event of `kind` with `fields`; returns the event object."""
        if kind not in EVENT_KINDS:
            raise ValueError(f"unknown event kind {kind!r}")
        event: dict[str, Any] = {"v": EVENT_VERSION, "t": round(time.time(), 3)}
        if self.run is not None:
            event["run"] = self.run
        if self.stage is not None:
            event["stage"] = self.stage
        event["kind"] = kind
        event.update(_jsonable(fields))
        line = json.dumps(event, ensure_ascii=False, separators=(",", ":"))
        if self.log_path is not None:
            # Append + flush per line: a kill loses at most the line being written.
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line + "\n")
        if self.stream is not None:
            self.stream.write(line + "\n")
            self.stream.flush()
        return event

    def state(self, state: str, **fields: Any) -> dict[str, Any] | None:
        if not self.states:
            return None
        return self.emit("stage", state=state, **fields)

    def progress(self, done: int, total: int, unit: str = "step") -> dict[str, Any]:
        return self.emit("progress", done=done, total=total, unit=unit)

    def metric(self, name: str, value: float, step: int) -> dict[str, Any]:
        return self.emit("metric", name=name, value=float(value), step=int(step))

    def log(self, msg: str, level: str = "info") -> dict[str, Any]:
        return self.emit("log", level=level, msg=msg)

    def checkpoint(self, path: str | os.PathLike[str], step: int) -> dict[str, Any]:
        return self.emit("checkpoint", path=str(path), step=int(step))

    def error(self, code: str, message: str, hint: str = "") -> dict[str, Any]:
        return self.emit("error", code=code, message=message, hint=hint)

    def result(self, result: dict[str, Any]) -> dict[str, Any]:
        return self.emit("result", result=result)


def end_torn_line(path: str | os.PathLike[str]) -> None:
    """End an events log on a newline, so a line torn by a kill does not swallow the next event.

    Every writer of an events.jsonl calls this before it appends its first event.
    """
    path = Path(path)
    try:
        if path.stat().st_size == 0:
            return
    except FileNotFoundError:
        return
    with open(path, "rb+") as f:
        f.seek(-1, os.SEEK_END)
        if f.read(1) != b"\n":
            f.write(b"\n")


def stdout_sink(run: str | None = None, stage: str | None = None) -> EventSink:
    """A sink that streams to this process's stdout (what a worker reads)."""
    return EventSink(run=run, stage=stage, stream=sys.stdout)


def read_events(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Every complete event in an events.jsonl; a torn last line (a kill mid-write) is skipped."""
    events = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(obj, dict) and "kind" in obj:
                events.append(obj)
    return events
