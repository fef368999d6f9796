"""The CLI as a user meets it: run ids from `so8t runs` work wherever a run folder does, relative paths
are the caller's, sizes read as sizes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.so8t.cli_checks import in_process, run_here

ROOT = Path(__file__).resolve().parents[2]
SFT_SAMPLE = ROOT / "resources" / "sft_sample" / "sft_sample.jsonl"

CONFIG = """
[run]
name = "ids"
preset = "demo"
stages = ["pretrain", "train", "report"]

[pretrain]
steps = 3
batch_size = 4
seq_len = 32

[train]
max_steps = 3
ckpt_every_steps = 1
kl_every_steps = 0
max_length = 64
"""


def _so8t(*args: str, cwd: Path, workspace: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SO8T_WORKSPACE": str(workspace), "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    return subprocess.run([sys.executable, "-m", "so8t", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=600)


@pytest.fixture
def so8t_here(monkeypatch, capsys):
    """`_so8t` in this process (the same folder and workspace variable): the commands' answers are what is
    checked, not the executable, and a child pays seconds of imports per call."""
    def run(*args: str, cwd: Path, workspace: Path) -> subprocess.CompletedProcess:
        with monkeypatch.context() as patch:
            patch.chdir(cwd)
            patch.setenv("SO8T_WORKSPACE", str(workspace))
            return in_process(list(args), capsys)
    return run


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory, one_torch_thread):
    """A finished `so8t run` (pretrain, train, report), run in this process: the tests read what it left,
    the executable is not what they test (a child pays seconds of imports)."""
    root = tmp_path_factory.mktemp("ids")
    workspace = root / "ws"
    (root / "run.toml").write_text(CONFIG, encoding="utf-8")
    proc = run_here(["run", "--config", "run.toml", "--json"], cwd=root, env={"SO8T_WORKSPACE": str(workspace)})
    assert proc.returncode == 0, proc.stderr
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    return outcome["run"], Path(outcome["path"]), workspace


def test_runs_prints_each_id_with_its_folder(finished_run, so8t_here, tmp_path):
    run_id, path, workspace = finished_run
    proc = so8t_here("runs", cwd=tmp_path, workspace=workspace)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if run_id in line)
    assert lines[at + 1].strip() == str(path)


def test_checkpoints_takes_the_run_id_and_prints_sizes(finished_run, so8t_here, tmp_path):
    run_id, path, workspace = finished_run
    proc = so8t_here("checkpoints", run_id, cwd=tmp_path, workspace=workspace)
    assert proc.returncode == 0, proc.stderr
    rows = [line for line in proc.stdout.splitlines() if line.startswith("ckpt-")]
    assert rows and all("valid" in row for row in rows)
    assert all(row.split()[5] in ("B", "KiB", "MiB", "GiB") for row in rows)  # "ckpt-3 3 <date> <time> 85.2 KiB"
    proc = so8t_here("checkpoints", run_id, "--json", cwd=tmp_path, workspace=workspace)
    sizes = [c["size"] for c in json.loads(proc.stdout.strip().splitlines()[-1])["checkpoints"]]
    assert all(isinstance(s, int) and s > 1024 for s in sizes)  # --json keeps bytes
    proc = so8t_here("checkpoints", "r-no-such-run", cwd=tmp_path, workspace=workspace)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "so8t runs" in proc.stderr


def test_report_by_id_lands_in_the_callers_folder(finished_run, so8t_here, tmp_path):
    run_id, path, workspace = finished_run
    caller = tmp_path / "elsewhere"
    caller.mkdir()
    proc = so8t_here("report", run_id, "--pdf", "rel.pdf", cwd=caller, workspace=workspace)
    assert proc.returncode == 0, proc.stderr
    assert (caller / "rel.pdf").is_file() and (caller / "rel.pdf").read_bytes()[:5] == b"%PDF-"
    assert not (ROOT / "rel.pdf").exists()


def test_resume_takes_the_run_id_from_any_folder(finished_run, so8t_here, tmp_path):
    run_id, path, workspace = finished_run
    proc = so8t_here("resume", run_id, "--json", cwd=tmp_path, workspace=workspace)
    assert proc.returncode == 0, proc.stderr
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    assert outcome["path"] == str(path) and outcome["state"] == "finished"
    assert set(outcome["skipped"]) == {"pretrain", "train", "report"}  # nothing to do: all finished


@pytest.mark.slow
def test_no_progress_bar_when_stderr_is_not_a_terminal(finished_run, tmp_path):
    run_id, path, workspace = finished_run
    proc = _so8t("report", run_id, "--pdf", "again.pdf", cwd=tmp_path, workspace=workspace)
    assert proc.returncode == 0 and "%|" not in proc.stderr


@pytest.mark.slow
@pytest.mark.skipif(os.name == "nt", reason="a pseudo-terminal is POSIX")
def test_train_on_a_terminal_shows_a_progress_bar_with_rate_and_eta(tiny_model_dirs, tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 160, 0, 0))  # a terminal has a size
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "so8t", "train", "--model", str(tiny_model_dirs["llama"]),
                             "--data", str(SFT_SAMPLE), "--out", str(tmp_path / "r"), "--max-steps", "4",
                             "--max-length", "32", "--kl-every-steps", "0"],
                            stdout=subprocess.PIPE, stderr=slave, cwd=tmp_path, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    out, _ = proc.communicate(timeout=600)
    os.close(master)
    err = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0, err
    assert "train: 100%|" in err and "4/4 steps" in err  # steps done / total
    assert "tokens/s" in err and "<00:00" in err  # throughput, elapsed<ETA
    assert b"%|" not in out  # stdout stays the summary


def test_bake_takes_the_gates_of_a_run_by_its_id(finished_run, so8t_here, tmp_path):
    run_id, path, workspace = finished_run
    out = tmp_path / "baked"
    from so8t.store.layout import RunLayout

    proc = so8t_here("bake", "--model", str(RunLayout(path).base_model), "--gates", run_id, "--out", str(out),
                     "--json", cwd=tmp_path, workspace=workspace)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["passed"] is True and str(path) in result["gate_source"]
