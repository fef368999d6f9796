"""The run store: run.json, the pid + boot-id lock, the startup scan, and refusing what is not a run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from so8t.errors import RunError
from so8t.store.lock import RunLock, current_boot_id, read_lock
from so8t.store.runs import (
    LOCK_FILE,
    RUN_FILE,
    Run,
    default_workspace,
    find_run,
    interrupted_runs,
    list_runs,
    resolve_workspace,
)
from tests.so8t.cli_checks import in_process

ROOT = Path(__file__).resolve().parents[2]
STAGES = ["train", "bake", "export"]


def make_run(workspace: Path, name: str = "t") -> Run:
    return Run.create(workspace, {"run": {"name": name}}, stages=STAGES, name=name)


def dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def write_lock(run: Run, **fields) -> None:
    lock = RunLock.mine().to_dict()
    lock.update(fields)
    (run.path / LOCK_FILE).write_text(json.dumps(lock), encoding="utf-8")


def test_a_new_run_has_its_folder_run_json_and_pending_stages(tmp_path):
    run = make_run(tmp_path)
    assert run.path.parent == tmp_path / "runs"
    data = json.loads((run.path / RUN_FILE).read_text())
    assert data["id"] == run.id == run.path.name
    assert data["stages"] == {s: {"state": "pending"} for s in STAGES}
    assert run.status() == "pending"
    reopened = Run.open(run.path)
    reopened.set_stage("train", state="finished", inputs="abc")
    assert Run.open(run.path).stage("train") == {"state": "finished", "inputs": "abc"}
    assert not list(run.path.glob(".*.tmp"))  # the atomic write left no temp file


def test_run_json_is_replaced_not_rewritten_in_place(tmp_path):
    run = make_run(tmp_path)
    before = os.stat(run.path / RUN_FILE).st_ino
    run.set_stage("train", state="running")
    assert os.stat(run.path / RUN_FILE).st_ino != before  # a new file renamed over the old one


def test_the_lock_is_held_while_running_and_removed_after(tmp_path):
    run = make_run(tmp_path)
    with run.locked("run") as mine:
        lock = read_lock(run.path)
        assert (lock.pid, lock.boot_id) == (os.getpid(), current_boot_id())
        assert mine.is_live()
        assert run.status() == "running"
        assert [s.state for s in list_runs(tmp_path)] == ["running"]
    assert read_lock(run.path) is None


@pytest.mark.parametrize(
    "lock_fields",
    [
        pytest.param({"pid": None}, id="dead process"),
        pytest.param({"boot_id": "an-earlier-boot"}, id="earlier boot, same pid"),
        pytest.param({"started": 0.0}, id="pid reused by a newer process"),
    ],
)
def test_a_lock_of_a_gone_process_means_interrupted_and_can_be_taken_over(tmp_path, lock_fields):
    run = make_run(tmp_path)
    run.set_stage("train", state="running")
    if lock_fields.get("pid", 1) is None:
        lock_fields = {"pid": dead_pid()}
    write_lock(run, **lock_fields)
    assert run.status() == "interrupted"
    (summary,) = interrupted_runs(tmp_path)
    # The stage, too, says what is true now (run.json still says running; nothing runs it).
    assert summary.id == run.id and summary.interrupted and summary.stages["train"] == "interrupted"
    with run.locked("resume"):
        assert read_lock(run.path).pid == os.getpid()
    assert not list(run.path.glob(".lock*"))  # the stale lock was moved aside and removed


def test_a_torn_events_line_is_closed_before_more_events_are_appended(tmp_path):
    from so8t.events import EventSink, read_events

    run = make_run(tmp_path)
    run.events_path.write_text('{"v":1,"kind":"log","msg":"ok"}\n{"v":1,"kind":"met', encoding="utf-8")
    run.repair_events_log()
    EventSink(log_path=run.events_path).log("after the restart")
    assert [e["msg"] for e in read_events(run.events_path)] == ["ok", "after the restart"]


def test_a_torn_lock_counts_as_interrupted(tmp_path):
    run = make_run(tmp_path)
    (run.path / LOCK_FILE).write_text('{"pid": 12', encoding="utf-8")
    assert run.status() == "interrupted"


def test_startup_scan_lists_only_interrupted_runs(tmp_path):
    done, stopped, fresh = make_run(tmp_path, "done"), make_run(tmp_path, "stopped"), make_run(tmp_path, "fresh")
    for stage in STAGES:
        done.set_stage(stage, state="finished")
    stopped.set_stage("train", state="finished")
    stopped.set_stage("bake", state="interrupted")  # stopped gracefully: no lock left, state says it
    (tmp_path / "runs" / "not-a-run").mkdir()
    (tmp_path / "runs" / "stray.txt").write_text("x")
    states = {s.id.split("-")[0]: s.state for s in list_runs(tmp_path)}
    assert states == {"done": "finished", "stopped": "interrupted", "fresh": "pending"}
    assert [s.id for s in interrupted_runs(tmp_path)] == [stopped.id]
    assert fresh.status() == "pending"


def test_a_folder_that_is_not_a_run_is_refused_by_name(tmp_path):
    with pytest.raises(RunError, match=r"is not a run \(it has no run.json\)") as err:
        Run.open(tmp_path)
    assert str(tmp_path) in err.value.message and err.value.hint
    with pytest.raises(RunError, match="does not exist"):
        Run.open(tmp_path / "nope")
    (tmp_path / RUN_FILE).write_text("[1, 2]")
    with pytest.raises(RunError, match="is damaged: it does not hold a JSON object"):
        Run.open(tmp_path)


def test_resume_of_a_folder_that_is_not_a_run_is_one_line_on_stderr(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("not a run")
    proc = in_process(["resume", str(tmp_path)], capsys)
    assert proc.returncode == 2
    assert proc.stderr == (f"so8t resume: error: {tmp_path} is not a run (it has no run.json): pass a folder from "
                           "`so8t runs`; `so8t run --config FILE` starts a new one\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # nothing written into it


def test_a_workspace_that_cannot_hold_runs_is_named(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(RunError, match="cannot hold a new run") as err:
        make_run(blocker)
    assert str(blocker) in err.value.message and "--workspace" in err.value.hint


def test_a_run_is_found_by_id_in_the_workspace(tmp_path):
    run = make_run(tmp_path)
    assert find_run(run.id, tmp_path).path == run.path
    assert find_run(str(run.path)).path == run.path


def test_workspace_defaults_to_the_user_data_folder_and_can_be_overridden(tmp_path, monkeypatch):
    from platformdirs import user_data_path

    monkeypatch.delenv("SO8T_WORKSPACE", raising=False)
    assert default_workspace().is_relative_to(user_data_path("SO8T Control Panel", appauthor=False))
    monkeypatch.setenv("SO8T_WORKSPACE", str(tmp_path / "env"))
    assert resolve_workspace(None) == tmp_path / "env"
    assert resolve_workspace(tmp_path / "arg") == tmp_path / "arg"


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from so8t.store.runs import Run
    run = Run.open(sys.argv[1])
    with run.locked("run"):
        print("locked", flush=True)
        time.sleep(60)
    """
)


def test_a_second_process_cannot_resume_a_run_that_is_running(tmp_path):
    run = make_run(tmp_path)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(run.path)], stdout=subprocess.PIPE,
                              text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "locked"
        assert run.status() == "running"
        proc = subprocess.run([sys.executable, "-m", "so8t", "resume", str(run.path)], capture_output=True,
                              text=True, cwd=ROOT, timeout=120)
        assert proc.returncode == 2
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, proc.stderr
        assert lines[0].startswith("so8t resume: error: run ") and "is already running" in lines[0]
        assert f"process {holder.pid}" in lines[0]
        assert read_lock(run.path).pid == holder.pid  # the running process keeps its lock
        assert Run.open(run.path).data["stages"] == {s: {"state": "pending"} for s in STAGES}
    finally:
        holder.kill()
        holder.wait()
    # Its process is gone now (as after a crash): the run is interrupted, no longer refused.
    assert run.status() == "interrupted"


def test_runs_command_marks_interrupted_runs(tmp_path, capsys):
    run = make_run(tmp_path)
    run.set_stage("train", state="running")
    write_lock(run, pid=dead_pid())
    proc = in_process(["runs", "--workspace", str(tmp_path), "--json"], capsys)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["interrupted"] == [run.id]
    assert result["runs"][0]["stages"]["train"] == "interrupted"  # its process is gone: not "running"
    text = in_process(["runs", "--workspace", str(tmp_path)], capsys).stdout
    assert f"! {run.id}" in text and "so8t resume" in text
    assert "train:interrupted" in text and "train:running" not in text


def test_run_ids_sort_by_creation_time(tmp_path):
    first = make_run(tmp_path, "b")
    second = make_run(tmp_path, "a")  # created later, though its id would sort first by name
    assert [s.id for s in list_runs(tmp_path)] == [first.id, second.id]


def test_boot_times_that_jitter_are_one_boot_but_a_reboot_is_not():
    from so8t.store.lock import same_boot

    assert same_boot("9f1c-boot-id", "9f1c-boot-id")
    assert same_boot("boot-1764000000", "boot-1764000001")  # Windows: uptime-derived, jitters
    assert not same_boot("boot-1764000000", "boot-1764003600")  # rebooted an hour later
    assert not same_boot("9f1c-boot-id", "a0b2-boot-id")
    assert not same_boot("boot-x", "boot-1764000000")
