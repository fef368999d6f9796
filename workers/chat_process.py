"""Runs the chat worker (`python -m so8t.chat.worker`) in a child process: prompts in on stdin, tokens out as signals."""

from __future__ import annotations

import json
import sys
from collections import deque
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QTimer, Signal

from so8t.events import TOKEN_KIND, ErrorEvent, LogEvent, ResultEvent, StageEvent, parse_event
from workers.command import PacedReader

#: Last stderr lines kept of a worker: the last one is the reason shown when it dies without an error event.
STDERR_TAIL_LINES = 20


class ChatProcess(QObject):
    """One model in a worker process; a crash or an OOM there ends this process only.

    Signals: ``ready(info: dict)`` once the model is loaded; ``token(channel: str, text: str)``;
    ``turn(result: dict)`` once per answered prompt; ``error(message: str)``; ``log(line: str)``;
    ``ended(exit_code: int)`` when the worker process is gone.
    """

    ready = Signal(object)
    token = Signal(str, str)
    turn = Signal(object)
    error = Signal(str)
    log = Signal(str)
    ended = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proc: QProcess | None = None
        self._exit_code: int | None = None  # the worker has exited; `ended` waits for its buffered lines
        # Stdout a batch per event-loop pass; `ended` comes from the pass that finds no line left.
        self._reader = PacedReader(self, lambda: self._proc, self._handle, self._complete)
        self.loaded = False
        self.busy = False
        self.info: dict[str, Any] = {}
        self._error_said = False  # the worker reported why it failed: its end adds nothing to that
        self._stderr_tail: deque[str] = deque(maxlen=STDERR_TAIL_LINES)

    def is_running(self) -> bool:
        return self._proc is not None and self._proc.state() != QProcess.ProcessState.NotRunning

    def start(self, args: Sequence[str]) -> None:
        """Start a worker with `so8t chat`'s model, run and sampling options."""
        self.start_program(sys.executable, ["-m", "so8t.chat.worker", *args])

    def start_program(self, program: str, args: Sequence[str]) -> None:
        """Start any program that speaks the chat worker's protocol (tests use small scripts)."""
        self.close()
        proc = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("PYTHONUNBUFFERED", "1")
        env.insert("PYTHONIOENCODING", "utf-8")
        proc.setProcessEnvironment(env)
        proc.readyReadStandardOutput.connect(self._reader.pump)
        proc.readyReadStandardError.connect(self._on_stderr)
        proc.finished.connect(self._on_finished)
        self._proc = proc
        self.loaded = self.busy = False
        self._error_said = False
        self._reader.reset()
        self._exit_code = None
        self._stderr_tail.clear()
        proc.start(program, list(args))

    def send(self, prompt: str, **settings: Any) -> None:
        self._command({"op": "send", "prompt": prompt, **settings})
        self.busy = True

    def regenerate(self, **settings: Any) -> None:
        self._command({"op": "regenerate", **settings})
        self.busy = True

    def stop(self) -> None:
        self._command({"op": "stop"})

    def reset(self) -> None:
        self._command({"op": "reset"})

    def close(self, *, now: bool = False) -> None:
        """End the worker: stdin closed (it exits after the current token), killed if it lingers.

        `now` (the window is closing) kills it at once: it holds nothing that a kill could lose but
        a half-written last audit line, which readers skip.
        """
        proc = self._proc
        if proc is None:
            return
        self._proc = None
        self.busy = self.loaded = False
        if proc.state() == QProcess.ProcessState.NotRunning:
            return
        if now:
            proc.kill()
            proc.waitForFinished(2000)
            return
        proc.write(b'{"op": "stop"}\n')
        proc.closeWriteChannel()
        QTimer.singleShot(5000, proc.kill)

    def _command(self, command: dict[str, Any]) -> None:
        if self._proc is not None:
            self._proc.write((json.dumps(command, ensure_ascii=False) + "\n").encode("utf-8"))

    def _handle(self, raw: bytes) -> None:
        event = parse_event(raw)
        if event is None:
            line = raw.decode("utf-8", errors="replace").strip()
            if line:
                self.log.emit(line)
            return
        if event.kind == TOKEN_KIND:
            self.token.emit(str(event.get("channel", "answer")), str(event.get("text", "")))
        elif isinstance(event, ResultEvent):
            self.busy = False
            self.turn.emit(event.result)
        elif isinstance(event, StageEvent) and event.state == "started":
            self.loaded = True
            self.info = event.data
            self.ready.emit(event.data)
        elif isinstance(event, ErrorEvent):
            self.busy = False
            self._error_said = True
            self.error.emit(f"{event.message}{' — ' + event.hint if event.hint else ''}")
        elif isinstance(event, LogEvent):
            self.log.emit(event.msg)

    def _on_stderr(self) -> None:
        proc = self.sender()
        if isinstance(proc, QProcess):
            for line in bytes(proc.readAllStandardError().data()).decode("utf-8", errors="replace").splitlines():
                if line.strip():
                    self._stderr_tail.append(line.strip())
                    self.log.emit(line)

    def _on_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        if self.sender() is not self._proc and self._proc is not None:
            return  # an old worker that was replaced
        self._exit_code = int(exit_code)
        if self._proc is None:  # closed by us: nothing more is read
            self._complete()
        else:
            self._reader.pump()  # `ended` comes from the pass that finds no line left: a result may still wait

    def _complete(self) -> None:
        """The worker has exited and its last line is handled: say why if it ended mid-turn, then `ended`."""
        if self._exit_code is None:
            return
        exit_code, self._exit_code = self._exit_code, None
        if (self.busy or not self.loaded) and not self._error_said:
            # No error event: the reason, if any, is what the worker last wrote on stderr.
            reason = self._stderr_tail[-1] if self._stderr_tail else "it wrote no reason"
            self.error.emit(f"the chat worker ended (exit code {exit_code}): {reason}")
        self.busy = self.loaded = False
        self.ended.emit(int(exit_code))
