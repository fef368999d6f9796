"""The Windows stop path, platform branch simulated: the window sends "stop" on stdin and CTRL_BREAK to the
child's own process group; the child takes CTRL_BREAK (SIGBREAK) as a stop, like SIGTERM elsewhere."""

from __future__ import annotations

import contextlib
import signal
import subprocess
import sys
import types

import pytest

from so8t.pipeline.runner import sigterm_as_interrupt
from so8t.stop_channel import STOP_LINE
from so8t.train.loop import StopRequest
from workers import stage_process
from workers.stage_process import StageProcess

#: Stands in for CTRL_BREAK_EVENT / SIGBREAK, which exist only on Windows.
CTRL_BREAK = 1
SIGBREAK = signal.SIGUSR1


class FakeChild:
    """The QProcess calls the Windows stop makes."""

    def __init__(self, pid=4242):
        self.written: list[bytes] = []
        self.pid = pid
        self.modifier = None

    def write(self, data):
        self.written.append(bytes(data))

    def processId(self):
        return self.pid

    def setCreateProcessArgumentsModifier(self, modifier):
        self.modifier = modifier


@pytest.fixture
def windows(monkeypatch):
    monkeypatch.setattr(stage_process, "sys", types.SimpleNamespace(platform="win32", executable=sys.executable))
    monkeypatch.setattr(signal, "CTRL_BREAK_EVENT", CTRL_BREAK, raising=False)
    kills = []
    monkeypatch.setattr(stage_process.os, "kill", lambda pid, sig: kills.append((pid, sig)))
    return kills


def test_stop_on_windows_writes_the_stop_line_and_sends_ctrl_break(qapp, windows):
    stage = StageProcess()
    child = FakeChild()
    stage._proc = child
    stage._send_interrupt()
    assert child.written == [STOP_LINE.encode() + b"\n"]
    assert windows == [(4242, CTRL_BREAK)]


def test_a_ctrl_break_that_cannot_be_delivered_leaves_the_stop_line_and_the_kill_timer(qapp, monkeypatch, windows):
    def refuse(pid, sig):
        raise OSError(87, "The parameter is incorrect")  # no console to deliver it through

    monkeypatch.setattr(stage_process.os, "kill", refuse)
    stage = StageProcess()
    child = FakeChild()
    stage._proc = child
    stage._send_interrupt()  # no exception reaches the window
    assert child.written == [b"stop\n"]


def test_the_child_starts_in_its_own_process_group(qapp, monkeypatch):
    # CTRL_BREAK goes to a process group: without its own, the window would stop itself.
    monkeypatch.setattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200, raising=False)
    child = FakeChild()
    StageProcess._use_new_process_group(child)
    arguments = types.SimpleNamespace(flags=0x08000000)  # CREATE_NO_WINDOW, already set by Qt
    child.modifier(arguments)
    assert arguments.flags == 0x08000000 | 0x200


def test_ctrl_break_interrupts_a_pipeline_run(monkeypatch):
    monkeypatch.setattr(signal, "SIGBREAK", SIGBREAK, raising=False)
    with pytest.raises(KeyboardInterrupt), sigterm_as_interrupt():
        signal.raise_signal(SIGBREAK)
    assert signal.getsignal(SIGBREAK) is signal.SIG_DFL  # put back afterwards


def test_ctrl_break_asks_training_to_stop_at_the_next_step(monkeypatch):
    monkeypatch.setattr(signal, "SIGBREAK", SIGBREAK, raising=False)
    stop = StopRequest()
    with contextlib.ExitStack() as stack:
        with monkeypatch.context() as m:
            m.setattr("so8t.train.loop.os.name", "nt")  # only while the handlers are installed
            stack.enter_context(stop.installed())
        signal.raise_signal(SIGBREAK)
        assert stop and stop.signal == SIGBREAK
    assert signal.getsignal(SIGBREAK) is signal.SIG_DFL
