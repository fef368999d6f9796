"""The live run: the stage process of this window, or a run another process runs, fed into one RunModel."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from so8t.errors import RunError
from so8t.events import Event, EventSink, event_from_object
from so8t.store.event_log import EventTail, read_events
from so8t.store.layout import RunLayout, WorkspaceLayout
from so8t.store.lock import read_lock
from so8t.store.metric_names import Metrics
from so8t.store.records import read_run_records
from so8t.store.run_model import (
    HOST_CPU_METRIC,
    HOST_RSS_METRIC,
    VRAM_PROCESS_METRIC,
    RunModel,
    RunState,
    gpu_name,
)
from so8t.store.runs import Run, RunSummary
from workers.background import run_in_background
from workers.command import start_detached
from workers.outcome import Outcome, ProcessOutcome
from workers.stage_process import StageProcess

BYTES_PER_MIB = 1024 * 1024
#: Unix niceness of a stage process (Windows: below-normal priority class): the window keeps
#: its share of a CPU that the stage saturates.
STAGE_NICENESS = 5


def load_run_model(run_dir: str) -> RunModel:
    """A stored run's model: run.json's states, then its events and the window's telemetry log."""
    model = RunModel(run_dir)
    with contextlib.suppress(RunError):
        model.set_summary(Run.open(run_dir).summary())
    layout = RunLayout(run_dir)
    events: list[Event] = []
    for path in (layout.events, layout.telemetry):
        if path.is_file():
            with contextlib.suppress(OSError):
                events.extend(read_events(path))
    # Stage events in the log say what happened; run.json and the lock say what is true now.
    states = dict(model.stages)
    run_state = model.state
    model.load_history(events)
    if states:
        model.stages.update(states)
        model.state = run_state
    return model


def start_loading(owner: QObject, run_dir: str, slot: Any) -> None:
    """Build a stored run's model off the GUI thread (a long run has hundreds of thousands of events);
    `slot(run_dir, model)` runs on the GUI thread unless `owner` is gone by then."""
    run_in_background(owner, lambda: load_run_model(run_dir), lambda model: slot(run_dir, model))


def start_loading_records(owner: QObject, run_dir: str, slot: Any) -> None:
    """Read a run's records off the GUI thread (they are small, but a slow disk is not);
    `slot(run_dir, records)` runs on the GUI thread unless `owner` is gone by then."""
    run_in_background(owner, lambda: read_run_records(run_dir), lambda records: slot(run_dir, records))


class RunSession(QObject):
    """Owns the live RunModel: events of this window's stage process, or of a followed run's log.

    Signals: ``live_changed(model)`` when a run becomes live (None when none is), ``run_dir_known(str)``
    once the folder of a run this window started is known, ``ended(ProcessOutcome)`` when its process ends.
    """

    live_changed = Signal(object)
    run_dir_known = Signal(str)
    ended = Signal(object)

    def __init__(self, process: StageProcess, workspace: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.process = process
        self.workspace = workspace
        self.model: RunModel | None = None
        self._tail: EventTail | None = None
        self._telemetry: EventSink | None = None
        self._looked_up = ""
        #: Following is paused: the followed run's events and readings wait.
        self.paused = False
        #: The process that runs the followed run (its lock's pid; 0 when unknown or not following).
        self.followed_pid = 0
        process.event.connect(self._on_event)
        process.state_changed.connect(self._on_process_state)
        process.completed.connect(self._on_completed)

    # -- this window's stage process -------------------------------------------------------------

    def start(self, args: Sequence[str], run_dir: str | None, stages: Sequence[str] = ()) -> RunModel:
        """Start `so8t <args>`; `run_dir` when resuming a known run, else it is learnt from the first event."""
        self.follow(None)
        self.model = load_run_model(run_dir) if run_dir else RunModel()
        if not run_dir:
            self.model.set_stage_names(stages)
        self._looked_up = ""
        self._telemetry = None
        if run_dir:
            self._open_telemetry(run_dir)
        self.live_changed.emit(self.model)
        self.process.start(list(args))
        return self.model

    def _on_process_state(self, state: str) -> None:
        if state == "running":
            if self.model is None:  # started directly (scripts, tests): a run not known yet
                self.model = RunModel()
                self.live_changed.emit(self.model)
            self._lower_priority(self.process.pid())

    @staticmethod
    def _lower_priority(pid: int) -> None:
        """Run the stage one notch below the window, so the window keeps its time slices."""
        if not pid:
            return
        try:
            import psutil

            proc = psutil.Process(pid)
            proc.nice(psutil.BELOW_NORMAL_PRIORITY_CLASS if hasattr(psutil, "BELOW_NORMAL_PRIORITY_CLASS")
                      else STAGE_NICENESS)
        except Exception:  # noqa: BLE001 - gone already, or not permitted: the stage just runs as is
            pass

    def _on_event(self, event: Event) -> None:
        model = self.model
        if model is None:
            return
        model.apply(event)
        if model.run_dir is None and event.run and event.run != self._looked_up:
            self._looked_up = event.run
            path = event.get("path")
            run_dir = Path(path) if path else WorkspaceLayout(self.workspace).run(event.run)
            if run_dir.is_dir():
                model.run_dir = str(run_dir)
                model.run_id = event.run
                with contextlib.suppress(RunError):
                    summary = Run.open(run_dir).summary()
                    model.set_stage_names(summary.stages)
                self._open_telemetry(str(run_dir))
                self.run_dir_known.emit(str(run_dir))

    def continue_in_background(self, last_args: Sequence[str]) -> int:
        """Hand the running stage to a process of its own that outlives the window; returns its pid (0: none).

        The window's child dies with the window (its QProcess kills it, its pipes break), so it stops at
        a step boundary with its emergency checkpoint, and `so8t resume` continues the run in a new
        session from that checkpoint: the trajectory is the one it would have had. `last_args` are
        what the window started, continued when the run's folder is not known.
        """
        run_dir = self.model.run_dir if self.model is not None else None
        args = ["resume", run_dir] if run_dir else list(last_args)
        final = self.process.stop_and_wait()
        if final == Outcome.FINISHED.value or not args:
            return 0
        log = RunLayout(run_dir).background_log if run_dir else None
        return start_detached(args, stderr_path=log)

    def _on_completed(self, outcome: ProcessOutcome) -> None:
        self._telemetry = None
        if self.model is not None:
            self.model.process_ended(stopped=outcome.was_stopped())
            if outcome.was_successful():
                self.model.state = self.model.state.__class__.FINISHED
        self.ended.emit(outcome)

    # -- a run another process runs -------------------------------------------------------------

    def follow(self, model: RunModel | None) -> None:
        """Follow `model`'s run (running elsewhere) from the end of its events log; None stops following."""
        self._tail = None
        self.paused = False
        self.followed_pid = 0
        if model is None or model.run_dir is None:
            return
        self.model = model
        self._telemetry = None  # the process that runs it is not ours: its telemetry log is not ours to write
        self._tail = EventTail(RunLayout(model.run_dir).events)
        self._tail.skip_to_end()
        lock = read_lock(model.run_dir)
        self.followed_pid = lock.pid if lock is not None else 0
        self.live_changed.emit(model)

    def take_over(self, model: RunModel) -> bool:
        """Follow `model` when it runs in another process (the CLI, or a window closed with "keep
        running") and this window runs no stage of its own; whether it is followed now."""
        if model.state is not RunState.RUNNING or self.process.is_running():
            return False
        self.follow(model)
        return True

    def followed_end(self, summary_of: Callable[[str], RunSummary | None]) -> RunSummary | None:
        """The run store's summary of the followed run once it no longer runs: its last events are
        taken and following stops. None while it runs, and while following is paused or off."""
        live = self.model
        if not self.following or self.paused or live is None or not live.run_dir:
            return None
        summary = summary_of(live.run_dir)
        if summary is None or summary.state == RunState.RUNNING.value:
            return None
        self.poll()
        self.stop_following()
        live.set_summary(summary)
        return summary

    @property
    def following(self) -> bool:
        return self._tail is not None

    def pause_following(self) -> None:
        """Stop taking the followed run's events and readings until `resume_following` (none is lost)."""
        if self.following:
            self.paused = True

    def resume_following(self) -> None:
        """Take the events written while paused, and the new ones from here on."""
        self.paused = False
        self.poll()

    def poll(self) -> None:
        """Apply what the followed run wrote since the last poll (nothing while following is paused)."""
        if self._tail is None or self.model is None or self.paused:
            return
        for event in self._tail.read():
            self.model.apply(event)

    def stop_following(self) -> None:
        self._tail = None
        self.paused = False
        self.followed_pid = 0

    # -- telemetry ------------------------------------------------------------------------------

    def _open_telemetry(self, run_dir: str) -> None:
        self._telemetry = EventSink(run=Path(run_dir).name, stage="telemetry", log_path=RunLayout(run_dir).telemetry)

    def add_telemetry(self, sample: Any) -> None:
        """A reading of the card (and of the stage's process): into the live run and its telemetry log.

        Steps are seconds since the run's first event, so the curves of a resumed run continue.
        """
        model = self.model
        watched = self.following and not self.paused
        if model is None or not (self.process.is_running() or watched):
            return
        t0 = model.t0 or sample.time
        step = round(sample.time - t0, 1)
        readings: list[tuple[str, float]] = []
        # Every GPU: a run on several (`--nproc`) gets one curve per GPU in each plot.
        for gpu in sample.gpus if getattr(sample, "available", False) else ():
            if gpu.memory_used is not None:
                readings.append((gpu_name(Metrics.VRAM_USED_MB, gpu.index), gpu.memory_used / BYTES_PER_MIB))
            if gpu.memory_total:
                readings.append((gpu_name(Metrics.VRAM_TOTAL_MB, gpu.index), gpu.memory_total / BYTES_PER_MIB))
            for name, value in ((Metrics.GPU_UTIL, gpu.utilization), (Metrics.GPU_TEMP_C, gpu.temperature),
                                (Metrics.GPU_POWER_W, gpu.power)):
                if value is not None:
                    readings.append((gpu_name(name, gpu.index), value))
            if gpu.process_memory is not None:
                readings.append((gpu_name(VRAM_PROCESS_METRIC, gpu.index), gpu.process_memory / BYTES_PER_MIB))
        host = getattr(sample, "host", None)
        if host is not None:
            readings.append((HOST_RSS_METRIC, host.rss / BYTES_PER_MIB))
            readings.append((HOST_CPU_METRIC, host.cpu_percent))
        sink = self._telemetry
        for name, value in readings:
            record = {"kind": "metric", "t": sample.time, "stage": "telemetry", "name": name,
                      "value": float(value), "step": step}
            if sink is not None:
                try:
                    record = sink.emit("metric", name=name, value=float(value), step=step)
                except OSError:  # a full or removed disk must not take the window down
                    self._telemetry = sink = None
            event = event_from_object(record)
            if event is not None:
                model.apply(event)
