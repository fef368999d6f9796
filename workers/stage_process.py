"""Runs one `python -m so8t … --events` process and turns its JSON Lines into Qt signals."""

from __future__ import annotations

import collections
import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from so8t.errors import CUDA_OOM_HINT, is_cuda_oom
from so8t.events import (
    CheckpointEvent,
    ErrorEvent,
    Event,
    LogEvent,
    MetricEvent,
    ProgressEvent,
    ResultEvent,
    StageEvent,
    parse_event,
)
from so8t.stop_channel import STOP_LINE
from workers.command import PacedReader, so8t_command
from workers.outcome import CRASHED, FAILED, FINISHED, KILLED, STOPPED, Outcome, ProcessOutcome

#: How long a stopped stage may take to write its emergency checkpoint before it is killed.
#: A tiny-model checkpoint takes well under a second; a 7B adapter on a slow disk a few seconds.
STOP_TIMEOUT_MS = 15_000

#: How long a killed stage may take to be reaped before the window stops waiting for it.
KILL_WAIT_MS = 5_000

#: stderr lines kept for the error shown when a worker crashes (a traceback's tail fits).
STDERR_TAIL_LINES = 20

CRASH_HINT = "the stage process ended without finishing; see the log above, then resume the run from its last checkpoint"
KILLED_HINT = (
    "the process was killed from outside (often the system running out of memory); "
    "free memory or lower batch_size / max_length, then resume the run"
)

#: SIGKILL's number (Windows has no SIGKILL; a kill there is reported as a crash exit instead).
_SIGKILL = getattr(signal, "SIGKILL", 9)

#: Exit codes of a so8t command that was interrupted (Ctrl+C, SIGTERM) and saved its state first.
INTERRUPTED_EXITS = (130, 143)  # 128 + SIGINT, 128 + SIGTERM

class StageProcess(QObject):
    """A stage in a child process (`python -m so8t <command> … --events`), watched without blocking.

    The child prints one JSON event per line on stdout (docs/architecture.md, "Events"); this object reads
    them through a line buffer (a record may arrive in several reads) and re-emits them as
    signals. Lines that are not events and everything on stderr become `log` signals. A crash,
    a kill or a CUDA OOM becomes an `error` signal carrying the last stderr lines and a hint.
    Nothing here ever waits on the GUI thread.

    Signals (all emitted on the thread that owns this object):

    - ``progress(stage: str, done: int, total: int, unit: str)``
    - ``metric(stage: str, name: str, value: float, step: int)``
    - ``log(stage: str, level: str, message: str)`` — level is the event's level, ``"stdout"``
      for a non-JSON stdout line, ``"stderr"`` for a stderr line.
    - ``checkpoint(stage: str, path: str, step: int)``
    - ``error(stage: str, code: str, message: str, hint: str)`` — from the child's error events,
      and once more if the child crashes (code ``"crashed"``, ``"killed"`` or ``"cuda_oom"``).
    - ``result(stage: str, result: dict)`` — a stage's result object.
    - ``stage_state(stage: str, state: str)`` — started / finished / failed / interrupted / skipped.
    - ``event(event: so8t.events.Event)`` — every event as parsed, for views that want the whole stream.
    - ``state_changed(state: str)`` — this object's state (see `state`).
    - ``finished(state: str, exit_code: int)`` — once per start; state is one of
      ``"finished"`` (exit 0 with a result), ``"failed"`` (the child reported an error),
      ``"crashed"`` (ended without a result or error), ``"stopped"`` (ended after `stop`, or
      interrupted from outside with exit code 130 after saving its state),
      ``"killed"`` (ignored `stop` and was killed after the timeout). exit_code is -1 when the
      process did not exit normally.
    - ``completed(outcome: ProcessOutcome)`` — right after `finished`, the same end as a value.
    """

    progress = Signal(str, object, object, str)
    metric = Signal(str, str, float, object)
    log = Signal(str, str, str)
    checkpoint = Signal(str, str, object)
    error = Signal(str, str, str, str)
    result = Signal(str, object)
    stage_state = Signal(str, str)
    event = Signal(object)
    state_changed = Signal(str)
    finished = Signal(str, int)
    completed = Signal(object)

    def __init__(self, parent: QObject | None = None, *, stop_timeout_ms: int = STOP_TIMEOUT_MS) -> None:
        super().__init__(parent)
        self.stop_timeout_ms = stop_timeout_ms
        self._proc: QProcess | None = None
        self._state = "idle"
        self._stage = ""
        self._stderr_buffer = b""
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=STDERR_TAIL_LINES)
        self._saw_result = False
        self._saw_error = False
        self._saw_oom = False
        self._stop_requested = False
        self._killed_after_timeout = False
        # Stdout a batch per event-loop pass; `finished` comes from the pass that finds no line left.
        self._reader = PacedReader(self, lambda: self._proc, self._handle_stdout_line, self._complete)
        self._exit: tuple[int, bool] | None = None  # (exit code, exited normally) once the child is gone
        self._completed = False  # `finished` was emitted for this start
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.timeout.connect(self._on_stop_timeout)
        self.last_result: dict[str, Any] | None = None
        self.exit_code: int | None = None
        self.outcome: ProcessOutcome | None = None
        self._what = ""
        self._last_error = ""

    # -- public -----------------------------------------------------------------------------

    @property
    def state(self) -> str:
        """``idle``, ``running``, ``stopping``, or the final state of the last start."""
        return self._state

    def is_running(self) -> bool:
        return self._state in ("running", "stopping")

    def pid(self) -> int:
        """The child's process id (0 when none runs)."""
        return int(self._proc.processId()) if self._proc is not None else 0

    def stderr_tail(self) -> list[str]:
        """The last stderr lines seen (newest last)."""
        return list(self._stderr_tail)

    def start(self, args: Sequence[str], *, env: dict[str, str] | None = None) -> None:
        """Start `so8t <args> --events` with this Python (e.g. ``["resume", run_dir]``)."""
        program, full_args = so8t_command(args)
        self.start_program(program, full_args, env=env)

    def start_program(self, program: str, args: Sequence[str], *, env: dict[str, str] | None = None) -> None:
        """Start any program that speaks the event protocol on stdout (tests use small scripts)."""
        if self.is_running():
            raise RuntimeError("a stage is already running in this StageProcess")
        self._reset()
        proc = QProcess(self)
        environment = QProcessEnvironment.systemEnvironment()
        # Unbuffered so each event reaches us when it is written, not when a 8 KiB buffer fills.
        environment.insert("PYTHONUNBUFFERED", "1")
        environment.insert("PYTHONIOENCODING", "utf-8")
        for key, value in (env or {}).items():
            environment.insert(key, value)
        proc.setProcessEnvironment(environment)
        if sys.platform == "win32":  # pragma: no cover - Windows only
            self._use_new_process_group(proc)
        proc.readyReadStandardOutput.connect(self._reader.pump)
        proc.readyReadStandardError.connect(self._on_stderr)
        proc.finished.connect(self._on_finished)
        proc.errorOccurred.connect(self._on_process_error)
        self._proc = proc
        self._what = " ".join(["so8t", *list(args)[2:]] if list(args)[:2] == ["-m", "so8t"] else [program, *args])
        self._set_state("running")
        proc.start(program, list(args))

    def stop(self, timeout_ms: int | None = None) -> None:
        """Ask the stage to stop (SIGTERM / CTRL_BREAK: it writes an emergency checkpoint and exits).

        If it is still running after `timeout_ms` (default `stop_timeout_ms`) it is killed.
        Returns at once; `finished` reports the outcome.
        """
        if not self.is_running() or self._proc is None or self._exit is not None:
            return  # nothing to stop (an exited child whose last lines are still being read included)
        self._stop_requested = True
        self._set_state("stopping")
        self._send_interrupt()
        self._kill_timer.start(self.stop_timeout_ms if timeout_ms is None else timeout_ms)

    def stop_and_wait(self, timeout_ms: int | None = None) -> str:
        """Stop the stage and block until it has exited and every line it wrote is handled.

        Only for the application's quit, when no event loop is left to deliver `finished` later:
        the stage writes its emergency checkpoint (or is killed after `timeout_ms`) before the
        window process exits, so it never outlives its pipes half-way through a file.
        Returns the final state, as `finished` reports it.
        """
        proc = self._proc
        if not self.is_running() or proc is None:
            return self._state
        timeout = self.stop_timeout_ms if timeout_ms is None else timeout_ms
        if self._exit is None:
            self.stop(timeout)
            if not proc.waitForFinished(timeout):
                self._killed_after_timeout = True
                proc.kill()
                proc.waitForFinished(KILL_WAIT_MS)
        while proc.canReadLine():
            self._handle_stdout_line(bytes(proc.readLine().data()))
        if self._exit is None:  # the finished signal did not arrive (the kill itself failed)
            self._exit = (-1, False)
        self._complete()
        return self._state

    def kill(self) -> None:
        """Kill the stage at once (no emergency checkpoint)."""
        if self._proc is not None and self.is_running() and self._exit is None:
            self._stop_requested = True
            self._proc.kill()

    # -- internals --------------------------------------------------------------------------

    def _reset(self) -> None:
        self._stage = ""
        self._stderr_buffer = b""
        self._stderr_tail.clear()
        self._saw_result = self._saw_error = self._saw_oom = False
        self._stop_requested = self._killed_after_timeout = False
        self._exit = None
        self._completed = False
        self.last_result = None
        self.exit_code = None
        self.outcome = None
        self._last_error = ""

    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.state_changed.emit(state)

    @staticmethod
    def _use_new_process_group(proc: QProcess) -> None:  # pragma: no cover - Windows only
        """CTRL_BREAK can only be sent to a process group: start the child in its own.

        Where the binding does not offer the modifier, the "stop" line on stdin still stops the
        stage gracefully; CTRL_BREAK is the second way, not the only one.
        """

        def modifier(arguments: Any) -> None:
            arguments.flags |= subprocess.CREATE_NEW_PROCESS_GROUP

        if hasattr(proc, "setCreateProcessArgumentsModifier"):
            with contextlib.suppress(TypeError, AttributeError):
                proc.setCreateProcessArgumentsModifier(modifier)

    def _send_interrupt(self) -> None:
        assert self._proc is not None
        if sys.platform == "win32":  # pragma: no cover - Windows only
            # A window without a console cannot always deliver CTRL_BREAK; `so8t run/resume/demo
            # --events` also take "stop" on stdin. Whichever arrives, the kill timer is the backstop.
            self._proc.write(STOP_LINE.encode() + b"\n")
            pid = self.pid()
            if pid:
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.CTRL_BREAK_EVENT)
        else:
            self._proc.terminate()  # SIGTERM

    def _on_stop_timeout(self) -> None:
        if self._proc is not None and self.is_running():
            self._killed_after_timeout = True
            self.log.emit(self._stage, "warning", f"stage did not stop within {self.stop_timeout_ms} ms; killing it")
            self._proc.kill()

    def _on_stderr(self) -> None:
        if self._proc is None:
            return
        self._stderr_buffer += bytes(self._proc.readAllStandardError().data())
        *lines, self._stderr_buffer = self._stderr_buffer.split(b"\n")
        for raw in lines:
            self._handle_stderr_line(raw)

    def _handle_stderr_line(self, raw: bytes) -> None:
        line = raw.decode("utf-8", errors="replace").rstrip("\r")
        if not line.strip():
            return
        self._stderr_tail.append(line)
        if is_cuda_oom(line):
            self._saw_oom = True
        self.log.emit(self._stage, "stderr", line)

    def _handle_stdout_line(self, raw: bytes) -> None:
        event = parse_event(raw)
        if event is None:
            line = raw.decode("utf-8", errors="replace").strip()
            if line:
                self.log.emit(self._stage, "stdout", line)
            return
        self._dispatch(event)

    def _dispatch(self, event: Event) -> None:
        stage = event.stage or self._stage
        self.event.emit(event)
        if isinstance(event, StageEvent):
            self._stage = stage
            self.stage_state.emit(stage, event.state)
        elif isinstance(event, ProgressEvent):
            self.progress.emit(stage, event.done, event.total, event.unit)
        elif isinstance(event, MetricEvent):
            self.metric.emit(stage, event.name, event.value, event.step)
        elif isinstance(event, LogEvent):
            self.log.emit(stage, event.level, event.msg)
        elif isinstance(event, CheckpointEvent):
            self.checkpoint.emit(stage, event.path, event.step)
        elif isinstance(event, ErrorEvent):
            self._saw_error = True
            if is_cuda_oom(event.message):
                self._saw_oom = True
            self._last_error = (event.message.splitlines() or [event.code])[0]
            self.error.emit(stage, event.code, event.message, event.hint)
        elif isinstance(event, ResultEvent):
            # A pipeline run streams one result per stage and then its own (stage "run").
            self._saw_result = True
            self.last_result = event.result
            self.result.emit(stage, event.result)

    def _drain_rest(self) -> None:
        """Read what is left after exit once every complete line is handled: a last line without
        its newline, and stderr."""
        proc = self._proc
        if proc is None:
            return
        rest = bytes(proc.readAllStandardOutput().data())
        if rest.strip():
            self._handle_stdout_line(rest)
        self._on_stderr()
        if self._stderr_buffer.strip():
            self._handle_stderr_line(self._stderr_buffer)
        self._stderr_buffer = b""

    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._proc is not None:
            program = self._proc.program()
            self._kill_timer.stop()
            self.error.emit(self._stage, "failed_to_start", f"could not start {program}: {self._proc.errorString()}",
                            "check that the so8t package is installed in this Python environment")
            self.exit_code = -1
            self._completed = True
            self._set_state(FAILED)
            self._last_error = f"could not start {program}: {self._proc.errorString()}"
            self._announce(FAILED)

    def _on_finished(self, exit_code: int, exit_status: QProcess.ExitStatus) -> None:
        self._kill_timer.stop()
        self._exit = (int(exit_code), exit_status == QProcess.ExitStatus.NormalExit)
        self._reader.pump()  # `finished` once the buffered lines are handled, pass by pass

    def _complete(self) -> None:
        """The process has exited and every buffered line is handled: report the outcome once."""
        if self._exit is None or self._completed:
            return
        self._completed = True
        self._drain_rest()
        exit_code, normal = self._exit
        self.exit_code = exit_code if normal else -1
        if self._killed_after_timeout:
            final = KILLED
        elif self._stop_requested or (normal and exit_code in INTERRUPTED_EXITS):
            final = STOPPED  # asked by us, or by the system (shutdown): the run is resumable
        elif normal and exit_code == 0 and self._saw_result:
            final = FINISHED
        elif self._saw_error and not self._saw_oom:
            final = FAILED
        else:
            final = CRASHED
            self._report_crash(normal, exit_code)
        self._set_state(final)
        self._announce(final)

    def _announce(self, final: str) -> None:
        self.outcome = ProcessOutcome(what=self._what, status=Outcome(final), code=int(self.exit_code or 0),
                                      result=self.last_result, error=self._last_error)
        self.finished.emit(final, self.exit_code)
        self.completed.emit(self.outcome)

    def _report_crash(self, normal: bool, exit_code: int) -> None:
        tail = "\n".join(self._stderr_tail)
        if self._saw_oom:
            code, what, hint = "cuda_oom", "the stage ran out of GPU memory", CUDA_OOM_HINT
        elif not normal or exit_code in (-_SIGKILL, 128 + _SIGKILL):
            code, what, hint = "killed", "the stage process was killed", KILLED_HINT
        else:
            code, what, hint = "crashed", f"the stage process exited with code {exit_code} without a result", CRASH_HINT
        message = what if not tail else f"{what}; last output:\n{tail}"
        self._last_error = what
        self.error.emit(self._stage, code, message, hint)
