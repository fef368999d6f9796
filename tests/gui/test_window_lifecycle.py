"""The window's death and the runs it does not own: a kill -9 of the window costs no step, "keep running in the
background" leaves no window process, a second window follows, pauses, and stops a run; a read-only workspace
says so; the Playground sees a stage's models at once; Run asks before a second heavy run."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import torch
from PySide6.QtWidgets import QMessageBox
from safetensors.torch import load_file

from so8t.store.checkpoints import MANIFEST, CheckpointStore
from so8t.store.event_log import read_events
from so8t.store.layout import RunLayout
from so8t.store.lock import RunLock, read_lock
from so8t.store.runs import Run, list_runs
from tests.sample_run import write_sample_run
from tests.so8t.test_stop_request import train_config

ROOT = Path(__file__).resolve().parents[2]
#: One thread: the same float summation order in every process (bitwise comparisons), fair to the machine.
ENV_SET = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT),
           "QT_QPA_PLATFORM": "offscreen"}


def child_env() -> dict[str, str]:
    """This process's environment as it is now (conftest's child_settings included), with ENV_SET."""
    return {**os.environ, **ENV_SET}
#: Steps of the run the bitwise comparison makes (a kill lands well before its end).
STEPS = 40
#: The window is killed once training has logged this many steps.
KILL_AFTER = 3


def _panel_command(*args: str) -> list[str]:
    """`so8t-panel …` as installed, else the same entry point through this interpreter."""
    script = shutil.which("so8t-panel")
    return [script, *args] if script else [sys.executable, "-m", "gui.app", *args]


def _train_steps(run_dir: Path) -> list[int]:
    try:
        return [e["done"] for e in read_events(RunLayout(run_dir).events) if e["kind"] == "progress"
                and e.stage == "train"]
    except FileNotFoundError:
        return []


def _wait(condition, what: str, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _the_run(workspace: Path) -> Path:
    found = list((workspace / "runs").glob("*/run.json"))
    return found[0].parent if found else Path()


def _losses(run_dir: Path) -> dict[int, set[float]]:
    out: dict[int, set[float]] = {}
    for e in read_events(RunLayout(run_dir).events):
        if e["kind"] == "metric" and e["name"] == "loss":
            out.setdefault(int(e["step"]), set()).add(e["value"])
    return out


def _bitwise_equal(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> bool:
    return a.keys() == b.keys() and all(
        a[k].dtype == b[k].dtype and torch.equal(a[k].view(torch.uint8), b[k].view(torch.uint8)) for k in a)


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _kill_quietly(pid: int) -> None:
    if pid:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


# -- acceptance 3: the window killed mid-run ---------------------------------------------------------------------

@pytest.mark.slow
def test_killing_the_window_mid_run_costs_no_step_and_resume_is_bitwise_identical(tiny_model_dirs, tmp_path,
                                                                                  make_window, qtbot):
    config = train_config(tmp_path, tiny_model_dirs["llama"], steps=STEPS)
    straight_ws = tmp_path / "straight"
    straight = subprocess.run([sys.executable, "-m", "so8t", "run", "--config", str(config), "--workspace",
                               str(straight_ws)], cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=600)
    assert straight.returncode == 0, straight.stderr[-2000:]

    workspace = tmp_path / "ws"
    window = subprocess.Popen(_panel_command("--workspace", str(workspace), "--run", str(config), "--language", "en"),
                              cwd=ROOT, env=child_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stage_pid = 0
    try:
        _wait(lambda: window.poll() is None and len(_train_steps(_the_run(workspace))) >= KILL_AFTER,
              "the window's run to train a few steps")
        run_dir = _the_run(workspace)
        stage_pid = read_lock(run_dir).pid
        assert stage_pid != window.pid and psutil.Process(stage_pid).ppid() == window.pid
        killed_at = max(_train_steps(run_dir))  # the last step logged before the kill
        window.send_signal(signal.SIGKILL)
        window.wait(30)
        # The stage outlives its window's pipes, notices at its next event, and stops at a step boundary.
        _wait(lambda: Run.open(run_dir).status() != "running", "the stage to stop", timeout=120)
    finally:
        _kill_quietly(window.pid if window.poll() is None else 0)
        err = window.stderr.read().decode("utf-8", "replace") if window.stderr else ""
        window.stderr.close()
    assert killed_at < STEPS

    run = Run.open(run_dir)
    assert run.status() == "interrupted" and run.stage("train")["state"] == "interrupted"
    assert run.stage("train").get("error") is None, run.stage("train")
    states = [e["state"] for e in read_events(RunLayout(run_dir).events) if e["kind"] == "stage"]
    assert "failed" not in states and states[-1] == "interrupted", err[-2000:]
    newest = CheckpointStore(run_dir).newest_valid()
    # No periodic checkpoint before the end (ckpt_every_steps 1000): this one is the stop's, at a step boundary
    # after the kill, so no step trained before the kill was lost.
    assert newest is not None and killed_at <= newest.step < STEPS
    assert json.loads((Path(newest.path) / MANIFEST).read_text())["emergency"] is True
    _wait(lambda: not _alive(stage_pid), "the stage process to exit", timeout=60)  # it ended: nothing left running

    # A restarted window offers it for resume, with a banner a person reads.
    restarted = make_window(workspace)
    restarted.show()
    qtbot.waitUntil(restarted.banner.isVisible, timeout=10_000)
    assert run_dir.name in restarted.banner.label.text() and "interrupted" in restarted.banner.label.text()

    resumed = subprocess.run([sys.executable, "-m", "so8t", "resume", str(run_dir)], cwd=ROOT, env=child_env(),
                             capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert Run.open(run_dir).status() == "finished"
    (reference,) = list_runs(straight_ws)
    want, got = _losses(Path(reference.path)), _losses(run_dir)
    assert sorted(got) == list(range(1, STEPS + 1))
    for step, values in got.items():
        assert values == want[step], f"step {step}: {values} != {want[step]}"
    for name in ("adapter_model.safetensors", "gates.safetensors"):
        a = load_file(str(RunLayout(reference.path).checkpoint(STEPS) / name))
        b = load_file(str(RunLayout(run_dir).checkpoint(STEPS) / name))
        assert _bitwise_equal(a, b), f"final {name} differs from the uninterrupted run's"


# -- keep running in the background, then a second window follows, pauses and stops it ------------------------

#: The real window with its telemetry thread: it starts a run, and closes with "Keep running in the background"
#: once training has done a few steps.
BACKGROUND_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from gui.main_window import MainWindow
from gui.window_questions import CloseChoice

app = QApplication(sys.argv[:1])
window = MainWindow(sys.argv[1], telemetry=True)
window.ask_close_choice = lambda: CloseChoice.BACKGROUND
window.show()
closing = []

def on_progress(stage, done, total, unit):
    if stage == "train" and done >= 3 and not closing:
        closing.append(done)
        QTimer.singleShot(0, window.close)

window.process.progress.connect(on_progress)
window.start_config(sys.argv[2])
sys.exit(app.exec())
"""


def _processes_naming(text: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["status"] != psutil.STATUS_ZOMBIE and any(text in part for part in cmdline):
            found.append(proc)
    return found


@pytest.mark.slow
def test_keep_running_in_the_background_then_a_second_window_follows_pauses_and_stops_it(
        tiny_model_dirs, tmp_path, make_window, qtbot):
    config = train_config(tmp_path, tiny_model_dirs["llama"])
    workspace = tmp_path / "ws"
    window = subprocess.Popen([sys.executable, "-c", BACKGROUND_SCRIPT, str(workspace), str(config)], cwd=ROOT,
                              env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    background = 0
    try:
        out, err = window.communicate(timeout=300)
        assert window.returncode == 0, err[-3000:]
        run_dir = _the_run(workspace)
        _wait(lambda: (read_lock(run_dir) or RunLock(0, "", 0)).pid not in (0, window.pid)
              and Run.open(run_dir).status() == "running", "the run to go on in the background", timeout=60)
        background = read_lock(run_dir).pid
        # Counted by pid: the window process is gone, nothing runs its script, one process runs the run.
        assert not psutil.pid_exists(window.pid)
        assert _processes_naming("CloseChoice.BACKGROUND") == []
        runners = _processes_naming(str(run_dir))
        assert [p.pid for p in runners] == [background]
        assert "resume" in runners[0].cmdline() and runners[0].ppid() != window.pid
        assert os.getsid(background) == background  # a session of its own: no hang-up from the window's terminal
        stopped_at = run = None

        # A new window shows the truth: the run is running, and it follows it.
        follower = make_window(workspace, telemetry=True)
        follower.settings.demo_button.setChecked(True)
        follower.show()
        qtbot.waitUntil(lambda: follower.session.following, timeout=30_000)
        assert "following its events" in follower.state_label.text()
        assert follower.stop_button.isEnabled() and follower.pause_follow_button.isVisible()
        assert follower.run_button.isEnabled()  # it asks first (see below), it is not greyed
        shown = follower.shown
        qtbot.waitUntil(lambda: shown.series["loss"].n > 0 and shown.series["rss"].n > 0, timeout=60_000)

        # Pause following: nothing new comes in while the run goes on (and the window polls); resuming brings it.
        ticks = []
        follower._poll_timer.timeout.connect(lambda: ticks.append(1))
        follower.pause_follow_button.click()
        assert follower.pause_follow_button.text() == "Resume following"
        losses, readings = shown.series["loss"].n, shown.series["rss"].n
        paused_at = max(_train_steps(run_dir))
        qtbot.waitUntil(lambda: max(_train_steps(run_dir)) >= paused_at + 3 and len(ticks) >= 2, timeout=60_000)
        assert shown.series["loss"].n == losses and shown.series["rss"].n == readings
        follower.pause_follow_button.click()
        assert follower.pause_follow_button.text() == "Pause following"
        qtbot.waitUntil(lambda: shown.series["loss"].n > losses and shown.series["rss"].n > readings, timeout=30_000)

        # Stop from the following window: the run's stop file, an emergency checkpoint, interrupted.
        stopped_at = max(_train_steps(run_dir))
        follower.stop_button.click()
        assert not follower.stop_button.isEnabled()  # asked once
        qtbot.waitUntil(lambda: not follower.session.following, timeout=120_000)
        assert "ended: interrupted" in follower.state_label.text()
        assert follower.stage_list.state_of("train") == "interrupted"
        run = Run.open(run_dir)
    finally:
        _kill_quietly(background if background and psutil.pid_exists(background) else 0)
        # A failure before the runner was known must not leave it training on beside the later tests.
        for leftover in _processes_naming(str(workspace)):
            _kill_quietly(leftover.pid)
    assert run is not None and run.status() == "interrupted" and run.stage("train")["state"] == "interrupted"
    newest = CheckpointStore(run_dir).newest_valid()
    # The stop may be seen at the boundary right after the step last logged: its checkpoint is that step.
    assert newest is not None and newest.step >= stopped_at
    assert json.loads((Path(newest.path) / MANIFEST).read_text())["emergency"] is True
    assert not RunLayout(run_dir).stop_request.exists()


# -- D2, D3, the second run -----------------------------------------------------------------------------------

def _mount_read_only(path: Path) -> bool:
    """A read-only tmpfs at `path` (root on Linux); False where none can be mounted."""
    if sys.platform != "linux" or os.geteuid() != 0:
        return False
    path.mkdir(parents=True, exist_ok=True)
    return subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.mark.parametrize("how", ["mounted read-only", "injected"])
def test_a_read_only_workspace_says_so_in_one_line_in_a_dialog_and_under_the_field(make_window, qtbot, tmp_path,
                                                                                 how, monkeypatch, capfd):
    workspace = tmp_path / "ro"
    mounted = how == "mounted read-only" and _mount_read_only(workspace)
    if how == "mounted read-only" and not mounted:
        pytest.skip("cannot mount a read-only tmpfs here; the injected variant runs")
    try:
        window = make_window(workspace)
        window.show()
        if not mounted:
            def refuse(self, *args, **kwargs):
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

            monkeypatch.setattr(Path, "write_text", refuse)
        window.settings.demo_button.setChecked(True)
        assert window.run_button.isEnabled()
        window.run_button.click()
        monkeypatch.undo()
        box = window.findChild(QMessageBox, "workspaceErrorBox")
        assert box is not None and box.isVisible()
        line = box.text()
        assert "\n" not in line and str(workspace) in line and "(read-only file system)" in line
        assert "choose a folder you can write to" in line
        assert window.settings.workspace_error.isVisible() and window.settings.workspace_error.text() == line
        assert not window.process.is_running()
        assert "Traceback" not in capfd.readouterr().err
        box.close()
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(workspace)], check=False)


#: A stand-in quantize stage: writes a GGUF into the run, says the stage finished, then keeps running.
GGUF_STAGE = (
    "import json, pathlib, sys, time\n"
    "gguf = pathlib.Path(sys.argv[1]) / 'gguf'\n"
    "say = lambda state: print(json.dumps({'v': 1, 'kind': 'stage', 'stage': 'quantize', 'state': state}), flush=True)\n"
    "say('started')\n"
    "(gguf / 'so8t-demo-Q4_K_M.gguf').write_bytes(b'GGUF')\n"
    "say('finished')\n"
    "time.sleep(60)\n"
)


def test_the_playground_lists_a_stages_gguf_as_soon_as_the_stage_finishes(make_window, qtbot, tmp_path):
    run = write_sample_run(tmp_path / "runs")
    window = make_window(tmp_path)
    window.run_list.select(str(run))
    picker = window.playground.model_picker

    def labels() -> list[str]:
        return [picker.itemText(i) for i in range(picker.count())]

    assert "gguf/so8t-demo-Q4_K_M.gguf" not in labels()
    with qtbot.waitSignal(window.process.stage_state, timeout=20_000,
                          check_params_cb=lambda stage, state: state == "finished"):
        window.process.start_program(sys.executable, ["-c", GGUF_STAGE, str(run)])
    assert window.process.is_running()  # the stage's process goes on; its model is offered already
    assert "gguf/so8t-demo-Q4_K_M.gguf" in labels()


def test_run_asks_before_a_second_heavy_run_while_one_runs(make_window, qtbot, tmp_path, monkeypatch):
    other = Run.create(tmp_path, {}, stages=["train"], name="busy")
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        time.sleep(0.05)  # the lock is written after its process started, as a real run's is
        RunLayout(other.path).lock.write_text(json.dumps(RunLock(holder.pid, RunLock.mine().boot_id, time.time()).to_dict()))
        assert Run.open(other.path).status() == "running"
        window = make_window(tmp_path)
        window.settings.demo_button.setChecked(True)
        started = []
        monkeypatch.setattr(window, "_begin", lambda args, run_dir, **kw: started.append(args))
        asked = []
        window.confirm_second_run = lambda running: asked.append(running) or False
        assert window.run_button.isEnabled()
        window.run_button.click()
        assert asked == [[other.id]] and started == []
        assert "still running" in window.state_label.text()
        window.confirm_second_run = lambda running: asked.append(running) or True
        window.run_button.click()
        assert len(asked) == 2 and len(started) == 1 and started[0][0] == "run"
    finally:
        holder.kill()
        holder.wait()
    # Nothing running: no question.
    window.confirm_second_run = lambda running: pytest.fail("asked while no run runs")
    window.run_button.click()
    assert len(started) == 2
