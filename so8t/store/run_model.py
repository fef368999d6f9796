"""What the window shows of a run, without Qt: stage states, progress with rate and ETA, curves, checkpoints, results.

The model is fed only by typed events (`so8t.events`: the live stream or a run's events log) and by
the run store's summary; views subscribe to it and never parse a file or an event themselves
(docs/architecture.md, "Events").
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

import numpy as np

from so8t.events import (
    CheckpointEvent,
    ErrorEvent,
    Event,
    LogEvent,
    MetricEvent,
    Metrics,
    ProgressEvent,
    ResultEvent,
    RolloutEvent,
    RolloutReasoningEvent,
    StageEvent,
    StepRate,
)
from so8t.store.curves import redone_from
from so8t.store.metric_names import ALIGN_CURVES, ALIGN_STAGE, KL_METRICS, LOSS_METRICS, align_curve
from so8t.store.runs import RunSummary


class StageState(Enum):
    """A stage's state as the window shows it (run.json's states; `stage` events move them)."""

    PENDING = "pending"
    RUNNING = "running"
    FINISHED = "finished"
    SKIPPED = "skipped"
    FAILED = "failed"
    INTERRUPTED = "interrupted"

    @classmethod
    def of(cls, text: str) -> StageState:
        """run.json's or an event's word for a state ("started" is running); unknown words are pending."""
        if text == "started":
            return cls.RUNNING
        try:
            return cls(text)
        except ValueError:
            return cls.PENDING

    @property
    def done(self) -> bool:
        return self in (StageState.FINISHED, StageState.SKIPPED)


class RunState(Enum):
    """A run's overall state: running only while a live process holds it (the run store's lock)."""

    PENDING = "pending"
    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    INTERRUPTED = "interrupted"
    #: run.json cannot be read or has wrong types (so8t.store.runs.DAMAGED): nothing to resume.
    DAMAGED = "damaged"

    @classmethod
    def of(cls, text: str) -> RunState:
        try:
            return cls(text)
        except ValueError:
            return cls.PENDING


class Change(Enum):
    """What changed, for subscribers that redraw only their part."""

    RUN = "run"  # another run, or the run's overall state
    STAGES = "stages"
    PROGRESS = "progress"
    CHECKPOINTS = "checkpoints"
    RESULTS = "results"
    LOG = "log"
    ERROR = "error"
    #: The align stage's latest GRPO group (a `rollout` event).
    ROLLOUT = "rollout"


#: Points kept per curve. When a buffer fills, every other point is dropped, so a curve always
#: spans the whole run at bounded memory (a 1M-step run keeps 20k points, ~320 KiB per curve).
CURVE_CAPACITY = 20_000
#: Log lines a model keeps (the log view shows these for a past run).
LOG_CAPACITY = 5_000
#: The rate (and so the ETA) is taken over the last this many seconds of progress, so a stage
#: whose speed changes (warm-up, a slower phase) gets an ETA from its current speed.
RATE_WINDOW_S = 30.0
#: Readings sampled over time come about once a second; a pause longer than this between two is
#: a gap between processes (a run resumed later), where the plots break the line.
TIME_GAP_S = 10.0


class RingSeries:
    """A curve's points in preallocated arrays; when full, halved by keeping every other point."""

    def __init__(self, capacity: int = CURVE_CAPACITY) -> None:
        self.capacity = capacity
        self.x = np.zeros(capacity, dtype=np.float64)
        self.y = np.zeros(capacity, dtype=np.float64)
        self.n = 0
        self.total = 0  # points ever appended
        self.dirty = False

    def append(self, x: float, y: float) -> None:
        if self.n == self.capacity:
            half = self.capacity // 2
            dropped = self.y[1 : self.capacity : 2]
            self.x[:half] = self.x[0 : self.capacity : 2]
            # A line break (NaN) among the dropped points stays a break in the kept one beside it.
            self.y[:half] = np.where(np.isnan(dropped), dropped, self.y[0 : self.capacity : 2])
            self.n = half
        self.x[self.n] = x
        self.y[self.n] = y
        self.n += 1
        self.total += 1
        self.dirty = True

    def append_step(self, x: float, y: float) -> None:
        """Append by training step: a redone step replaces the points from it on (`so8t.store.curves.redone_from`)."""
        self.n = redone_from(self.x, self.n, x)
        self.append(x, y)

    def append_after_gap(self, x: float, y: float, gap: float) -> None:
        """Append a reading; after a pause longer than `gap` (another process: a resume) a NaN point first,
        so the plot breaks the line there instead of drawing a diagonal across the pause."""
        if self.n and x - self.x[self.n - 1] > gap and np.isfinite(self.y[self.n - 1]):
            self.append(float(self.x[self.n - 1]), float("nan"))
        self.append(x, y)

    def clear(self) -> None:
        self.n = 0
        self.total = 0
        self.dirty = True

    def view(self) -> tuple[np.ndarray, np.ndarray]:
        return self.x[: self.n], self.y[: self.n]

    def last(self) -> float | None:
        return float(self.y[self.n - 1]) if self.n else None

    def y_range(self) -> tuple[float, float] | None:
        """Lowest and highest reading (line breaks left out); None without one."""
        y = self.y[: self.n]
        y = y[np.isfinite(y)]
        return (float(y.min()), float(y.max())) if y.size else None


#: Readings of the stage's own process that the window samples (a run without an NVIDIA GPU is
#: watched through these); saved beside the GPU readings in the run's telemetry log.
HOST_RSS_METRIC = "process_rss_mb"
HOST_CPU_METRIC = "process_cpu_percent"
VRAM_PROCESS_METRIC = "vram_process_mb"

#: Curve keys by metric name. Steps of these curves are training steps (loss, KL, tokens/s) or
#: seconds since the run began (telemetry the window sampled; host readings of the stage process).
STEP_CURVES: dict[str, str] = {
    **{name: "loss" for name in LOSS_METRICS},
    Metrics.PRETRAIN_LOSS: "pretrain_loss",
    **{name: "kl" for name in KL_METRICS},
    Metrics.TOKENS_PER_S: "tokens_per_s",
}
TIME_CURVES: dict[str, str] = {
    Metrics.VRAM_USED_MB: "vram",
    Metrics.GPU_UTIL: "util",
    Metrics.GPU_TEMP_C: "temp",
    Metrics.GPU_POWER_W: "power",
    VRAM_PROCESS_METRIC: "vram_process",
    HOST_RSS_METRIC: "rss",
    HOST_CPU_METRIC: "cpu",
}
CURVES = (*dict.fromkeys(STEP_CURVES.values()), *TIME_CURVES.values(), *ALIGN_CURVES.values())
#: Card readings of GPU i > 0 (a run on several GPUs) are named `<metric>.gpu<i>`, and their curve
#: `<curve>.gpu<i>`; GPU 0 keeps the plain names, so runs on one GPU read as before.
GPU_SUFFIX = ".gpu"


def gpu_name(name: str, index: int) -> str:
    """The metric (or curve) name of GPU `index`'s reading."""
    return name if index == 0 else f"{name}{GPU_SUFFIX}{int(index)}"


def split_gpu_name(name: str) -> tuple[str, int]:
    """(plain name, GPU index) of a metric or curve name: `gpu_util.gpu1` -> ("gpu_util", 1)."""
    base, sep, index = name.rpartition(GPU_SUFFIX)
    if sep and index.isdigit():
        return base, int(index)
    return name, 0


@dataclass
class Progress:
    """A stage's progress: done of total units, with the rate measured since it was first seen."""

    stage: str
    done: int
    total: int
    unit: str
    #: (wall time, done) pairs of the last RATE_WINDOW_S seconds; the first is where the rate starts.
    samples: deque[tuple[float, int]]
    started: float  # when this stage's progress was first seen (elapsed counts from here)
    #: A training stage's recent steps (so8t.events.StepRate): the ETA is at their time per step.
    step_rate: StepRate | None = None

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.total) if self.total > 0 else 0.0

    def rate(self) -> float | None:
        """Units per second over the recent window; None until two readings apart in time exist."""
        (t0, d0), (t1, d1) = self.samples[0], self.samples[-1]
        if t1 - t0 <= 0 or d1 <= d0:
            return None
        return (d1 - d0) / (t1 - t0)

    def elapsed(self, now: float | None = None) -> float:
        return max(0.0, (time.time() if now is None else now) - self.started)

    def eta(self) -> float | None:
        """Seconds left at the current rate; None while the rate is unknown."""
        per_step = self.step_rate.seconds_per_step() if self.step_rate is not None else None
        if per_step is not None and self.total > 0:
            return max(0.0, (self.total - self.done) * per_step)
        rate = self.rate()
        if rate is None or self.total <= 0:
            return None
        return max(0.0, (self.total - self.done) / rate)


class RunModel:
    """One run's state as shown: fed by `apply(event)` (live) or `load_history(events)` (stored)."""

    def __init__(self, run_dir: str | None = None, *, capacity: int = CURVE_CAPACITY) -> None:
        self.run_dir = run_dir
        self.run_id = ""
        self.state = RunState.PENDING
        self.stages: dict[str, StageState] = {}
        self.progress: dict[str, Progress] = {}
        #: Each stage's recent training steps (tokens/s and the ETA are over them).
        self.step_rates: dict[str, StepRate] = {}
        self.current_stage = ""
        #: Wall time each stage last started (its elapsed time counts from here).
        self.stage_started: dict[str, float] = {}
        self.series: dict[str, RingSeries] = {key: RingSeries(capacity) for key in CURVES}
        self._capacity = capacity
        #: GPUs whose readings arrived (1 until a second GPU's reading does).
        self.gpu_count = 1
        self.vram_total_mib: float | None = None
        self.checkpoints: list[dict[str, Any]] = []
        #: The latest GRPO group (final answers and rewards, never thinking); None before the first rollout.
        self.rollout: RolloutEvent | None = None
        #: Its thinking (a stream-only event), kept only while the window's "show reasoning" is on.
        self.keep_reasoning = False
        self.reasoning: RolloutReasoningEvent | None = None
        self.results: Any = None
        self.log: deque[tuple[float, str, str, str]] = deque(maxlen=LOG_CAPACITY)  # (t, stage, level, msg)
        self.last_error: ErrorEvent | None = None
        #: Stage results as the events carried them (the records on disk are read into `results`).
        self.stage_results: dict[str, dict[str, Any]] = {}
        #: Wall time of the run's first event (time curves count seconds from it).
        self.t0: float | None = None
        self._listeners: list[Callable[[Change], None]] = []
        self._quiet = False

    # -- subscribing ---------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Callable[[Change], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        if self._quiet:
            return
        for listener in list(self._listeners):
            listener(change)

    # -- the run store -------------------------------------------------------------------------

    def set_summary(self, summary: RunSummary) -> None:
        """The run store's view (run.json and the lock). A stage recorded running whose process is
        gone (a kill, a power cut) is shown interrupted: nothing runs it any more."""
        self.run_dir = summary.path
        self.run_id = summary.id
        self.state = RunState.of(summary.state)
        live = self.state is RunState.RUNNING
        stages = {}
        for name, text in summary.stages.items():
            state = StageState.of(text)
            if state is StageState.RUNNING and not live:
                state = StageState.INTERRUPTED
            stages[name] = state
        if live:
            # The live stream knows more than run.json written a moment ago: keep what events said.
            for name, state in self.stages.items():
                if name in stages and state is not StageState.PENDING:
                    stages[name] = state
        self.stages = stages
        self._notify(Change.STAGES)
        self._notify(Change.RUN)

    def set_stage_names(self, names: Iterable[str]) -> None:
        """The stages of a run whose run.json is not known yet (a run just started)."""
        self.stages = {name: self.stages.get(name, StageState.PENDING) for name in names}
        self._notify(Change.STAGES)

    def process_ended(self, stopped: bool) -> None:
        """The process running the run is gone: every stage still running did not finish."""
        left = StageState.INTERRUPTED if stopped else StageState.FAILED
        for name, state in self.stages.items():
            if state is StageState.RUNNING:
                self.stages[name] = left
        if self.state is RunState.RUNNING:
            self.state = RunState.INTERRUPTED if stopped else RunState.FAILED
        self._notify(Change.STAGES)
        self._notify(Change.RUN)

    # -- events --------------------------------------------------------------------------------

    def load_history(self, events: Iterable[Event]) -> None:
        """A stored run's events (events log, telemetry log), applied without a notification each;
        subscribers hear once at the end."""
        self._quiet = True
        try:
            for event in events:
                self.apply(event)
        finally:
            self._quiet = False
        for change in Change:
            self._notify(change)

    def apply(self, event: Event, now: float | None = None) -> None:
        """One event of the run. Metrics only fill buffers (views redraw them on their own timer)."""
        if self.t0 is None and event.t:
            self.t0 = event.t
        if isinstance(event, MetricEvent):
            self._metric(event)
        elif isinstance(event, ProgressEvent):
            self._progress(event, event.t or (time.time() if now is None else now))
        elif isinstance(event, StageEvent):
            self._stage(event)
        elif isinstance(event, LogEvent):
            self.log.append((event.t, event.stage, event.level, event.msg))
            self._notify(Change.LOG)
        elif isinstance(event, CheckpointEvent):
            self._notify(Change.CHECKPOINTS)
        elif isinstance(event, RolloutEvent):
            self.rollout = event
            self._notify(Change.ROLLOUT)
        elif isinstance(event, RolloutReasoningEvent):
            if self.keep_reasoning:
                self.reasoning = event
                self._notify(Change.ROLLOUT)
        elif isinstance(event, ErrorEvent):
            self.last_error = event
            self.log.append((event.t, event.stage, "error",
                             event.message + (f" — {event.hint}" if event.hint else "")))
            self._notify(Change.ERROR)
            self._notify(Change.LOG)
        elif isinstance(event, ResultEvent):
            if event.stage:
                self.stage_results[event.stage] = event.result
            self._notify(Change.RESULTS)

    def _metric(self, event: MetricEvent) -> None:
        if event.name in (Metrics.STEP_SECONDS, Metrics.TOKENS_PER_S):
            stage = event.stage or self.current_stage
            self.step_rates.setdefault(stage, StepRate()).on_metric(event.name, event.value)
        align = align_curve(event)
        if align is not None:  # the align stage's steps start again at 1: curves of their own
            if align not in self.series:  # reward/<function>
                self.series[align] = RingSeries(self._capacity)
            self.series[align].append_step(event.step, event.value)
            return
        if event.stage == ALIGN_STAGE and event.name in STEP_CURVES:
            return  # align's own speed (tokens/s) would redo training's curve from step 1
        key = STEP_CURVES.get(event.name)
        if key is not None:
            self.series[key].append_step(event.step, event.value)
            return
        name, gpu = split_gpu_name(event.name)
        if name == Metrics.VRAM_TOTAL_MB:
            if gpu == 0:  # the card limit line: the GPUs of one host are alike
                self.vram_total_mib = event.value or self.vram_total_mib
            return
        key = TIME_CURVES.get(name)
        if key is not None:
            key = gpu_name(key, gpu)
            if key not in self.series:
                self.series[key] = RingSeries(self._capacity)
                self.gpu_count = max(self.gpu_count, gpu + 1)
            self.series[key].append_after_gap(event.step, event.value, TIME_GAP_S)

    def _progress(self, event: ProgressEvent, now: float) -> None:
        stage = event.stage or self.current_stage
        progress = self.progress.get(stage)
        if progress is None or event.done < progress.done or progress.total != event.total:
            progress = Progress(stage=stage, done=event.done, total=event.total, unit=event.unit,
                                samples=deque(), started=now, step_rate=self.step_rates.setdefault(stage, StepRate()))
            self.progress[stage] = progress
        progress.done = event.done
        progress.samples.append((now, event.done))
        while len(progress.samples) > 2 and now - progress.samples[0][0] > RATE_WINDOW_S:
            progress.samples.popleft()
        self.current_stage = stage
        if self.stages.get(stage) in (None, StageState.PENDING):
            self.stages[stage] = StageState.RUNNING
            self._notify(Change.STAGES)
        self._notify(Change.PROGRESS)

    def _stage(self, event: StageEvent) -> None:
        stage = event.stage
        if not stage or stage == "run":
            return
        state = StageState.of(event.state)
        self.stages[stage] = state
        if state is StageState.RUNNING:
            self.current_stage = stage
            self.stage_started[stage] = event.t or time.time()
            self.progress.pop(stage, None)  # a stage started again counts its rate afresh
            self.step_rates.pop(stage, None)
            if self.state is not RunState.RUNNING:
                self.state = RunState.RUNNING
                self._notify(Change.RUN)
        self._notify(Change.STAGES)
        self._notify(Change.PROGRESS)

    # -- reading -------------------------------------------------------------------------------

    def stage_progress(self) -> tuple[int, int]:
        """(stages done, stages in the run): the run's overall progress."""
        return sum(1 for s in self.stages.values() if s.done), len(self.stages)

    def current_progress(self) -> Progress | None:
        """The running stage's progress, if it has reported any."""
        if self.stages.get(self.current_stage) is not StageState.RUNNING:
            return None
        return self.progress.get(self.current_stage)

    def tokens_per_s(self) -> float | None:
        """The running stage's tokens/s over its last RATE_STEPS steps (so8t.events.StepRate)."""
        rate = self.step_rates.get(self.current_stage)
        return rate.tokens_per_s() if rate is not None else None


def format_duration(seconds: float | None) -> str:
    """"1:02:03" / "2:03"; an em dash when unknown."""
    if seconds is None:
        return "—"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
