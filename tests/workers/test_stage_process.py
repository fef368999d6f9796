"""StageProcess against real child processes: split lines, noise, crashes, stops and kills."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QProcess, QTimer

from tests.workers.fake_stage import FLOOD_STEPS
from workers.command import LINES_PER_PASS
from workers.stage_process import StageProcess

FAKE = str(Path(__file__).with_name("fake_stage.py"))
WAIT_MS = 20_000


def start_fake(worker: StageProcess, mode: str) -> None:
    worker.start_program(sys.executable, [FAKE, mode])


@pytest.fixture
def worker(qtbot):
    w = StageProcess(stop_timeout_ms=1_000)
    yield w
    if w.is_running():
        w.kill()
        qtbot.waitSignal(w.finished, timeout=WAIT_MS)


def test_a_json_line_split_across_reads_arrives_as_one_metric(qtbot, worker):
    metrics, logs, finished = [], [], []
    worker.metric.connect(lambda *a: metrics.append(a))
    worker.log.connect(lambda *a: logs.append(a))
    worker.finished.connect(lambda *a: finished.append(a))
    with qtbot.waitSignals([worker.metric, worker.result, worker.finished], order="strict", timeout=WAIT_MS):
        start_fake(worker, "split")
    assert metrics == [("fake", "loss", 2.5, 7)]
    assert logs == []  # neither half was mistaken for a text line
    assert finished == [("finished", 0)]
    assert worker.state == "finished"
    assert worker.last_result == {"ok": True}


def test_a_child_that_exits_with_a_backlog_is_read_pass_by_pass_and_finishes_after_its_last_line(qtbot, worker):
    # A fast child can exit with thousands of lines still buffered; handling them all in the
    # `finished` slot froze the window for 100-250 ms on a fast machine. Each pass of the event
    # loop (one tick of a zero-interval timer) must handle a bounded number of lines.
    ticks = {"n": 0}
    per_tick: dict[int, int] = {}
    after_exit = {"n": 0}
    order = []

    def on_metric(*_args):
        per_tick[ticks["n"]] = per_tick.get(ticks["n"], 0) + 1
        if worker._proc.state() == QProcess.ProcessState.NotRunning:
            after_exit["n"] += 1
        order.append("metric")

    worker.metric.connect(on_metric)
    worker.result.connect(lambda *_a: order.append("result"))
    worker.finished.connect(lambda *_a: order.append("finished"))
    probe = QTimer()
    probe.setInterval(0)
    probe.timeout.connect(lambda: ticks.__setitem__("n", ticks["n"] + 1))
    probe.start()
    with qtbot.waitSignal(worker.finished, timeout=60_000) as blocker:
        start_fake(worker, "flood")
    probe.stop()
    assert blocker.args == ["finished", 0]
    assert order.count("metric") == FLOOD_STEPS
    assert order[-2:] == ["result", "finished"]
    assert after_exit["n"] > 1000, "the child should exit while most of its lines wait (the case under test)"
    assert max(per_tick.values()) <= 2 * LINES_PER_PASS


def test_non_json_lines_become_log_text_and_events_still_flow(qtbot, worker):
    logs, progress = [], []
    worker.log.connect(lambda *a: logs.append(a))
    worker.progress.connect(lambda *a: progress.append(a))
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        start_fake(worker, "nonjson")
    assert blocker.args == ["finished", 0]
    assert progress == [("fake", 1, 2, "step"), ("fake", 2, 2, "step")]
    texts = [msg for _stage, level, msg in logs if level == "stdout"]
    assert texts == ["loading weights ...", "{not json", '["a list", "not an event"]']


def test_a_worker_that_dies_without_a_final_event_is_reported_crashed_with_its_stderr(qtbot, worker):
    errors = []
    worker.error.connect(lambda *a: errors.append(a))
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        start_fake(worker, "die")
    assert blocker.args == ["crashed", 3]
    assert worker.state == "crashed"
    assert len(errors) == 1
    _stage, code, message, hint = errors[0]
    assert code == "crashed"
    assert "RuntimeError: something broke in the stage" in message
    assert "resume" in hint


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_worker_killed_from_outside_is_reported_killed(qtbot, worker):
    errors = []
    worker.error.connect(lambda *a: errors.append(a))
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        start_fake(worker, "selfkill")
    assert blocker.args == ["crashed", -1]
    assert [e[1] for e in errors] == ["killed"]


def test_cuda_oom_becomes_an_error_that_says_which_settings_to_lower(qtbot, worker):
    errors = []
    worker.error.connect(lambda *a: errors.append(a))
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        start_fake(worker, "oom")
    assert blocker.args == ["crashed", 1]
    (_stage, code, message, hint), = errors
    assert code == "cuda_oom"
    assert "CUDA out of memory" in message
    assert "batch_size" in hint and "max_length" in hint and "lora_rank" in hint


def test_an_error_event_ends_as_failed_not_crashed(qtbot, worker):
    errors = []
    worker.error.connect(lambda *a: errors.append(a))
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        start_fake(worker, "error")
    assert blocker.args == ["failed", 2]
    assert [e[1] for e in errors] == ["config"]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM semantics are POSIX")
def test_graceful_stop_lets_the_stage_write_its_emergency_checkpoint(qtbot, worker):
    checkpoints, finished = [], []
    worker.checkpoint.connect(lambda *a: checkpoints.append(a))
    worker.finished.connect(lambda *a: finished.append(a))
    with qtbot.waitSignal(worker.stage_state, timeout=WAIT_MS):
        start_fake(worker, "graceful")
    with qtbot.waitSignals([worker.checkpoint, worker.finished], order="strict", timeout=WAIT_MS):
        worker.stop(timeout_ms=10_000)
        assert worker.state == "stopping"
    assert checkpoints == [("fake", "ckpt-emergency", 5)]
    assert finished == [("stopped", 0)]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM semantics are POSIX")
def test_a_worker_that_ignores_stop_is_killed_after_the_timeout(qtbot, worker):
    states = []
    worker.state_changed.connect(states.append)
    with qtbot.waitSignal(worker.stage_state, timeout=WAIT_MS):
        start_fake(worker, "ignore_stop")
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        worker.stop(timeout_ms=300)
    assert blocker.args == ["killed", -1]
    assert states == ["running", "stopping", "killed"]
    assert not worker.is_running()


def test_a_program_that_cannot_start_fails_cleanly(qtbot, worker, tmp_path):
    with qtbot.waitSignal(worker.finished, timeout=WAIT_MS) as blocker:
        worker.start_program(str(tmp_path / "no-such-program"), [])
    assert blocker.args == ["failed", -1]


# -- the real so8t CLI as the child ---------------------------------------------------------------

PRETRAIN_TOML = """
[run]
name = "worker"
stages = ["pretrain"]

[pretrain]
corpus = "{corpus}"
hidden_size = 16
layers = 1
batch_size = 2
seq_len = 16
steps = {steps}
"""


def write_config(tmp_path, steps: int):
    corpus = tmp_path / "corpus.txt"
    corpus.write_text("The gate turns blocks of eight numbers. " * 20, encoding="utf-8")
    config = tmp_path / "run.toml"
    config.write_text(PRETRAIN_TOML.format(corpus=corpus, steps=steps), encoding="utf-8")
    return config


def test_a_real_so8t_run_streams_its_stages_into_signals(qtbot, worker, tmp_path):
    states, metrics, results = [], [], []
    worker.stage_state.connect(lambda *a: states.append(a))
    worker.metric.connect(lambda *a: metrics.append(a))
    worker.result.connect(lambda *a: results.append(a))
    with qtbot.waitSignal(worker.finished, timeout=120_000) as blocker:
        worker.start(["run", "--config", str(write_config(tmp_path, 4)), "--workspace", str(tmp_path / "ws")])
    assert blocker.args == ["finished", 0], worker.stderr_tail()
    assert ("pretrain", "started") in states and ("pretrain", "finished") in states
    assert [m[1] for m in metrics if m[0] == "pretrain"][:1] == ["pretrain_loss"]
    # One result per stage, then the command's own (stage "run") with the whole outcome.
    assert [stage for stage, _ in results] == ["pretrain", "run"]
    assert worker.last_result["state"] == "finished" and worker.last_result["ran"] == ["pretrain"]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM semantics are POSIX")
def test_stopping_a_real_run_leaves_it_interrupted_and_resumable(qtbot, worker, tmp_path):
    from so8t.store.runs import list_runs

    with qtbot.waitSignal(worker.progress, timeout=120_000):
        worker.start(["run", "--config", str(write_config(tmp_path, 100_000)), "--workspace", str(tmp_path / "ws")])
    with qtbot.waitSignal(worker.finished, timeout=60_000) as blocker:
        worker.stop(timeout_ms=30_000)
    assert blocker.args == ["stopped", 143], worker.stderr_tail()  # SIGTERM: 128 + 15
    (summary,) = list_runs(tmp_path / "ws")
    assert summary.state == "interrupted" and summary.stages == {"pretrain": "interrupted"}
