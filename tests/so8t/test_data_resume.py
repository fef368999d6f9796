"""A pipeline whose first stage is data, SIGKILLed inside that stage, then `so8t resume`: every file under RUN/data/
is byte-identical to an uninterrupted run's, and no half-written data/ ever shows (issue 27, acceptance 8)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from so8t.resources import DEMO_DATA_FILES, TINY_MODEL_DIR
from so8t.store.layout import RunLayout
from tests.so8t.cli_checks import sigkill_when

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")]

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
WAIT_S = 240
#: Fields of data.json that measure the process (time, memory), not the data: equal runs differ in them.
MEASURED = ("seconds", "peak_rss_mib", "peak_gpu_allocated_mib", "peak_gpu_reserved_mib", "peak_nvml_mib")

CONFIG = """
[run]
name = "data-kill"
stages = ["data"]

[data]
files = [{files}]
model = "{model}"
max_length = 48
val_share = 0.2
"""


def _so8t(*args: str) -> dict:
    proc = subprocess.run([sys.executable, "-m", "so8t", *args, "--json"], capture_output=True, text=True,
                          cwd=ROOT, env=ENV, timeout=WAIT_S)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _killed_at(point: str, tmp_path: Path, *args: str) -> None:
    """Run `so8t ARGS`, SIGKILL it once the data stage has paused at `point` (a test hook in so8t.data.prepare)."""
    marker = tmp_path / f"paused-{point}"
    env = {**ENV, "SO8T_TEST_DATA_PAUSE": str(marker), "SO8T_TEST_DATA_PAUSE_AT": point,
           "SO8T_TEST_DATA_PAUSE_S": "120"}
    proc = subprocess.Popen([sys.executable, "-m", "so8t", *args], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    sigkill_when(proc, marker.exists, f"the data stage's {point}", WAIT_S)


def _data_files(run_dir: Path) -> dict[str, bytes]:
    """Every file under RUN/data/ as bytes; data.json without its measured fields (re-serialised the same way)."""
    data = RunLayout(run_dir).data_dir
    files = {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}
    record = json.loads(files["data.json"])
    assert "seconds" in record and "peak_rss_mib" in record
    for name in MEASURED:
        record.pop(name, None)
    files["data.json"] = json.dumps(record, sort_keys=True).encode()
    return files


def _run_dir(workspace: Path) -> Path:
    (run_dir,) = (workspace / "runs").iterdir()
    return run_dir


@pytest.fixture(scope="module")
def config_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("data-kill") / "run.toml"
    path.write_text(CONFIG.format(files=", ".join(json.dumps(str(f)) for f in DEMO_DATA_FILES),
                                  model=TINY_MODEL_DIR), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def uninterrupted(config_file, tmp_path_factory) -> dict[str, bytes]:
    ws = tmp_path_factory.mktemp("ws-whole")
    result = _so8t("run", "--config", str(config_file), "--workspace", str(ws))
    assert result["state"] == "finished" and result["ran"] == ["data"]
    files = _data_files(_run_dir(ws))
    assert {"train.jsonl", "val.jsonl", "data.json"} <= set(files) and files["val.jsonl"]
    return files


def test_killed_with_the_data_written_but_not_in_place_resumes_to_the_same_files(config_file, uninterrupted, tmp_path):
    ws = tmp_path / "ws"
    _killed_at("written", tmp_path, "run", "--config", str(config_file), "--workspace", str(ws))
    run_dir = _run_dir(ws)
    assert not RunLayout(run_dir).data_dir.exists()  # the complete files sit in the temporary folder only
    assert list(run_dir.glob(".data.*.partial"))

    result = _so8t("resume", str(run_dir))
    assert result["state"] == "finished" and result["ran"] == ["data"]
    assert _data_files(run_dir) == uninterrupted
    assert not list(run_dir.glob(".data.*"))  # the killed one's temporary folder is gone


def test_killed_after_the_rename_then_killed_again_mid_swap_resumes_to_the_same_files(config_file, uninterrupted,
                                                                                       tmp_path):
    """First kill: data/ in place, the stage not marked finished. The resume reruns the stage and is killed
    with that data/ moved aside and the new one not in place: the next resume puts it back, then replaces it."""
    ws = tmp_path / "ws"
    _killed_at("renamed", tmp_path, "run", "--config", str(config_file), "--workspace", str(ws))
    run_dir = _run_dir(ws)
    assert _data_files(run_dir) == uninterrupted
    journal = RunLayout(run_dir).generate_journal
    journal.write_bytes(b"")  # data-generate's journal lives in data/ and must outlive a rerun of the stage

    _killed_at("set-aside", tmp_path, "resume", str(run_dir))
    assert not RunLayout(run_dir).data_dir.exists() and list(run_dir.glob(".data.old-*"))

    result = _so8t("resume", str(run_dir))
    assert result["state"] == "finished" and result["ran"] == ["data"]
    files = _data_files(run_dir)
    assert files.pop(journal.name) == b""
    assert files == uninterrupted
    assert not list(run_dir.glob(".data.*"))
