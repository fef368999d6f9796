"""Stage events as JSON Lines: written to a worker's stdout and the run's events.jsonl, and read back typed.

The one reader of the protocol (docs/architecture.md, "Events"): `parse_event` turns a line into an
`Event` of its kind; `so8t.store.event_log` reads a whole log (`read_events`) or follows one that grows
(`EventTail`) through it.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from so8t.fileio import open_plain
from so8t.store.metric_names import Metrics  # the step rate reads its metric

EVENT_VERSION = 1
#: Streamed chat text from the chat worker (so8t/chat/worker.py) to the window.
TOKEN_KIND = "token"
#: A GRPO step's latest group (so8t.align): the prompt's id, each completion's final answer and rewards.
ROLLOUT_KIND = "rollout"
#: The thinking of the completions of a GRPO step's latest group (so8t.align), beside its `rollout` event.
ROLLOUT_REASONING_KIND = "rollout_reasoning"
EVENT_KINDS = ("stage", "progress", "metric", "log", "checkpoint", "error", "result", TOKEN_KIND, ROLLOUT_KIND,
               ROLLOUT_REASONING_KIND)
#: Kinds that only stream to the window and are never appended to events.jsonl: `token` carries
#: chat text (and, with "show reasoning" on, thinking text) and `rollout_reasoning` thinking text,
#: which no file may hold.
STREAM_ONLY_KINDS = (TOKEN_KIND, ROLLOUT_REASONING_KIND)

#: `stage` event states.
STARTED, FINISHED, FAILED, INTERRUPTED, SKIPPED = "started", "finished", "failed", "interrupted", "skipped"


#: tokens/s and the ETA a person sees are over this many recent steps: one step's rate swings with the
#: lengths of its samples (87 to 1,329 tokens/s from one step to the next on chat data).
RATE_STEPS = 20


class StepRate:
    """tokens/s and seconds per step over the last RATE_STEPS training steps: the window's and the CLI bar's.

    Fed each step's `step_seconds` and `tokens_per_s` metrics: the rate is the steps' tokens divided by
    their time, not a mean of their rates. A writer that sends no step time (older runs) counts every
    step as the same number of tokens, and leaves the step time unknown.
    """

    def __init__(self, steps: int = RATE_STEPS) -> None:
        from collections import deque

        #: (tokens, seconds, timed) per step; untimed steps count 1 token in 1/rate seconds.
        self._steps: deque[tuple[float, float, bool]] = deque(maxlen=steps)
        self._seconds: float | None = None  # the step time sent before its rate

    def on_metric(self, name: str, value: float) -> bool:
        """Take one metric event's name and value; True when a step was added."""
        if name == Metrics.STEP_SECONDS:
            self._seconds = float(value) if math.isfinite(value) and value > 0 else None
            return False
        if name != Metrics.TOKENS_PER_S or not (math.isfinite(value) and value > 0):
            return False
        seconds, self._seconds = self._seconds, None
        self._steps.append((value * seconds, seconds, True) if seconds is not None else (1.0, 1.0 / value, False))
        return True

    def clear(self) -> None:
        self._steps.clear()
        self._seconds = None

    def tokens_per_s(self) -> float | None:
        """Tokens of the recent steps over their time; None before the first step."""
        if not self._steps:
            return None
        return sum(t for t, _, _ in self._steps) / sum(s for _, s, _ in self._steps)

    def seconds_per_step(self) -> float | None:
        """The recent steps' mean time, or None where a step's time is unknown."""
        if not self._steps or not all(timed for _, _, timed in self._steps):
            return None
        return sum(s for _, s, _ in self._steps) / len(self._steps)


@dataclass(slots=True)
class Event:
    """One event: the common fields, and the whole JSON object in `data` (extra fields included).

    An event also reads as that object (`event["kind"]`, `event.get("msg")`), for scripts.
    A kind this version does not know (the protocol may add kinds) comes as a plain `Event`.
    """

    kind: str
    stage: str = ""
    run: str = ""
    t: float = 0.0
    v: int = EVENT_VERSION
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass(slots=True)
class StageEvent(Event):
    state: str = ""


#: What a progress event counts: the singular its `unit` field carries, and the plural a person
#: reads. The one list of unit words: every stage emits one of these keys, the CLI's bar prints the
#: plural, the window translates it (gui.names.unit_name, tested against this table).
PROGRESS_UNITS: dict[str, str] = {
    "step": "steps", "sample": "samples", "layer": "layers", "tensor": "tensors", "shard": "shards",
    "phase": "phases", "sequence": "sequences", "model": "models",
}


def unit_plural(unit: str) -> str:
    """"samples" for "sample": how a person reads a count of `unit`; an unknown unit as sent."""
    return PROGRESS_UNITS.get(unit, unit)


@dataclass(slots=True)
class ProgressEvent(Event):
    done: int = 0
    total: int = 0
    unit: str = "step"


@dataclass(slots=True)
class MetricEvent(Event):
    name: str = ""
    value: float = 0.0
    step: float = 0


@dataclass(slots=True)
class LogEvent(Event):
    level: str = "info"
    msg: str = ""


@dataclass(slots=True)
class CheckpointEvent(Event):
    path: str = ""
    step: int = 0


@dataclass(slots=True)
class ErrorEvent(Event):
    code: str = "error"
    message: str = ""
    hint: str = ""


@dataclass(slots=True)
class ResultEvent(Event):
    #: The stage's result object (a non-object result arrives as {"value": …}).
    result: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class RolloutRow:
    """One completion of a rollout's group: never its thinking, only the final answer (None: it gave none)."""

    prompt_id: str
    final: str | None
    reward: float
    rewards: dict[str, float | None]


@dataclass(slots=True)
class RolloutEvent(Event):
    step: int = 0
    rows: list[RolloutRow] = field(default_factory=list)


@dataclass(slots=True)
class RolloutReasoningEvent(Event):
    """The thinking of each completion of a step's latest group, in the `rollout` event's row order (stream only)."""

    step: int = 0
    #: (prompt id, thinking text; "" where the completion has none) per row.
    rows: list[tuple[str, str]] = field(default_factory=list)


def _rollout_row(obj: Any) -> RolloutRow:
    final = obj.get("final")
    rewards = obj.get("rewards") or {}
    return RolloutRow(str(obj["prompt_id"]), None if final is None else str(final), _number(obj["reward"]),
                      {str(k): None if v is None else _number(v) for k, v in rewards.items()})


def _number(value: Any) -> float:
    """A JSON number, or one of the strings "nan"/"inf" that the writer sends for non-finite floats."""
    if value.__class__ is float or value.__class__ is int:
        return float(value)
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"not a number: {value!r}")
    return float(value)


def event_from_object(obj: Any) -> Event | None:
    """The typed event for a decoded JSON object; None when it is not an event or a field is malformed."""
    if not isinstance(obj, dict):
        return None
    kind = obj.get("kind")
    if not isinstance(kind, str):
        return None
    get = obj.get
    try:
        # Positional: this runs once per streamed line (the window reads tens of thousands a second).
        common = (kind, str(get("stage") or ""), str(get("run") or ""), _number(get("t", 0.0)),
                  int(get("v", EVENT_VERSION)), obj)
        if kind == "metric":
            return MetricEvent(*common, str(obj["name"]), _number(obj["value"]), _number(obj["step"]))
        if kind == "progress":
            return ProgressEvent(*common, int(_number(obj["done"])), int(_number(obj["total"])),
                                 str(get("unit", "step")))
        if kind == "stage":
            return StageEvent(*common, str(get("state", "")))
        if kind == "log":
            return LogEvent(*common, str(get("level", "info")), str(get("msg", "")))
        if kind == "checkpoint":
            return CheckpointEvent(*common, str(obj["path"]), int(_number(obj["step"])))
        if kind == "error":
            return ErrorEvent(*common, str(get("code", "error")), str(get("message", "")), str(get("hint", "")))
        if kind == ROLLOUT_KIND:
            return RolloutEvent(*common, int(_number(obj["step"])), [_rollout_row(r) for r in obj["rows"]])
        if kind == ROLLOUT_REASONING_KIND:
            return RolloutReasoningEvent(*common, int(_number(obj["step"])),
                                         [(str(r["prompt_id"]), str(r["reasoning"])) for r in obj["rows"]])
        if kind == "result":
            result = get("result")
            return ResultEvent(*common, result if isinstance(result, dict) else {"value": result})
    except (KeyError, TypeError, ValueError, OverflowError, AttributeError):
        return None
    return Event(*common)


def parse_event(line: str | bytes) -> Event | None:
    """The event on one line of the protocol; None for a blank line, other text, or a malformed event.

    Bytes that are not UTF-8 are replaced rather than raised on: a line is text a person may read.
    """
    if isinstance(line, bytes):
        line = line.decode("utf-8", errors="replace")
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):  # not JSON, or beyond the parser's limits (digits, nesting)
        return None
    return event_from_object(obj)


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


#: Streams whose reader went away (the window was killed or closed its pipe), by id: every sink that
#: shares one stops writing to it at once, and the stop below is asked for once per process.
_lost_streams: set[int] = set()


def _on_stream_lost(stream: IO[str]) -> None:
    """The reader of `stream` is gone: events go on to events.jsonl only, and the stage is asked to stop.

    The stop is SIGTERM raised in this process, the same stop as the window's: training stops at its
    next step boundary with an emergency checkpoint, and the run is recorded as interrupted. It is
    raised only where a stage listens for it (a Python handler is installed); elsewhere the command
    just finishes without its stream. Writes to a lost stdout go to the null device from here on, so
    Python's own flush at exit cannot fail either.
    """
    first = not _lost_streams
    _lost_streams.add(id(stream))
    if stream is sys.stdout or stream is sys.__stdout__:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, stream.fileno())
            os.close(devnull)
    if first and callable(signal.getsignal(signal.SIGTERM)):
        signal.raise_signal(signal.SIGTERM)


def _write_stream(stream: IO[str], line: str) -> None:
    """One line to a live stream; a broken or closed one is given up (see `_on_stream_lost`)."""
    if id(stream) in _lost_streams:
        return
    try:
        stream.write(line)
        stream.flush()
    except (OSError, ValueError):  # BrokenPipeError, EPIPE, or "I/O operation on closed file"
        _on_stream_lost(stream)


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
        listener: Callable[[Event], None] | None = None,
    ) -> None:
        self.run = run
        self.stage = stage
        self.stream = stream
        self.log_path = Path(log_path) if log_path is not None else None
        self.states = states
        #: Called with every event (as its typed Event) after it is written (the CLI's progress bar).
        self.listener = listener

    def for_stage(self, stage: str, *, states: bool = True) -> EventSink:
        """The same destinations, tagged with another stage name.

        `states=False` drops the stage's own started/finished events: the pipeline runner, which
        records the stage's state in run.json, announces them once itself.
        """
        return EventSink(run=self.run, stage=stage, stream=self.stream, log_path=self.log_path, states=states,
                         listener=self.listener)

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
        if self.log_path is not None and kind not in STREAM_ONLY_KINDS:
            # Append + flush per line: a kill loses at most the line being written.
            # Never through a link or into a FIFO: the log lives in a run folder (fileio.open_plain).
            with open_plain(self.log_path, "a", what="event log", follow_links=False, encoding="utf-8") as f:
                f.write(line + "\n")
        if self.stream is not None:
            _write_stream(self.stream, line + "\n")
        if self.listener is not None:
            typed = event_from_object(event)
            if typed is not None:
                self.listener(typed)
        return event

    def relay(self, event: Event) -> None:
        """Pass on an event another process already recorded (rank 0 of a run on several processes):
        to the stream and the listener, never to the log a second time."""
        if self.stream is not None:
            _write_stream(self.stream, json.dumps(event.data, ensure_ascii=False, separators=(",", ":")) + "\n")
        if self.listener is not None:
            self.listener(event)

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

    def rollout(self, step: int, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """A GRPO step's latest group: rows of {prompt_id, final, reward, rewards} (final answers only)."""
        return self.emit(ROLLOUT_KIND, step=int(step), rows=rows)

    def rollout_reasoning(self, step: int, rows: list[dict[str, str]]) -> dict[str, Any]:
        """The thinking of a GRPO step's latest group, rows of {prompt_id, reasoning}: to the stream only."""
        return self.emit(ROLLOUT_REASONING_KIND, step=int(step), rows=rows)

    def token(self, text: str, channel: str = "answer", turn: int = 0) -> dict[str, Any]:
        """A piece of a chat answer (channel "answer") or of thinking ("reasoning"), for the window only."""
        return self.emit(TOKEN_KIND, text=text, channel=channel, turn=int(turn))


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
    with open_plain(path, "r+b", what="event log", follow_links=False) as f:
        f.seek(-1, os.SEEK_END)
        if f.read(1) != b"\n":
            f.write(b"\n")
