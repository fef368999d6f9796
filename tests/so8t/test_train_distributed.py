"""`so8t train --nproc 2` on CPU (gloo): the same adapters as one process, exact resume after a killed rank,
and one line when a rank fails. Real `so8t train` subprocesses on the tiny model."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import torch
from safetensors.torch import load_file

from so8t.store.checkpoints import CheckpointStore
from so8t.store.event_log import read_events
from so8t.store.layout import RunLayout
from so8t.train.data import SFT_SAMPLE
from tests.so8t.test_train_resume import ENV, _bitwise_equal, _last_step, _losses, _wait_for_step

pytestmark = pytest.mark.slow

STEPS = 6
CKPT_EVERY = 2
#: Acceptance: the 2-process adapters equal the 1-process ones within this (relative L2, per tensor).
REL_TOL = 1e-5
FILES = ("adapter_model.safetensors", "gates.safetensors")


def _args(model: Path, *more: str) -> list[str]:
    # batch 4: each rank takes 2 samples of every micro-batch; dropout 0 so both runs draw no masks.
    return [sys.executable, "-m", "so8t", "train", "--model", str(model), "--data",
            str(SFT_SAMPLE), "--max-steps", str(STEPS),
            "--ckpt-every-steps", str(CKPT_EVERY), "--ckpt-every-seconds", "0", "--max-length", "96",
            "--batch-size", "4", "--lora-rank", "4", "--lr", "2e-3", "--lora-dropout", "0", "--device", "cpu",
            "--deterministic", "--kl-every-steps", "3", "--alpha-warmup-steps", "2", "--warmup-steps", "2", *more]


def _final(run: Path, name: str, step: int = STEPS) -> dict[str, torch.Tensor]:
    return load_file(str(run / "checkpoints" / f"ckpt-{step}" / name))


def _relative(a: dict[str, torch.Tensor], b: dict[str, torch.Tensor]) -> float:
    """max over tensors of ‖a − b‖ / ‖b‖ (a tensor of zeros in both counts 0)."""
    assert a.keys() == b.keys()
    worst = 0.0
    for k in a:
        num, den = float((a[k].double() - b[k].double()).norm()), float(b[k].double().norm())
        worst = max(worst, num / den if den else num)
    return worst


@pytest.fixture(scope="module")
def two_ranks(tiny_model_dirs, tmp_path_factory) -> Path:
    run = tmp_path_factory.mktemp("ranks") / "straight"
    done = subprocess.run([*_args(tiny_model_dirs["llama"], "--nproc", "2"), "--out", str(run), "--json"],
                          env=ENV, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["final_step"] == STEPS and len(result["rank_peaks"]) == 2
    return run


def test_two_ranks_train_the_same_adapters_as_one_process(two_ranks, tiny_model_dirs, tmp_path):
    one = tmp_path / "one"
    subprocess.run([*_args(tiny_model_dirs["llama"]), "--out", str(one)], env=ENV, check=True,
                   capture_output=True, timeout=600)
    figures = {name: _relative(_final(two_ranks, name), _final(one, name)) for name in FILES}
    print(f"2 ranks vs 1 process after {STEPS} steps, relative difference: "
          + ", ".join(f"{n} {v:.2e}" for n, v in figures.items()))
    assert all(v < REL_TOL for v in figures.values()), figures
    # Control: the adapters moved far more than that during the run, so the match is not trivial.
    moved = _relative(_final(one, FILES[0]), _final(one, FILES[0], CKPT_EVERY))
    assert moved > 1e-2, moved
    # Rank 0 alone wrote the run: one event stream (no duplicated steps), the losses of one process.
    straight, single = _losses(two_ranks), _losses(one)
    assert sorted(straight) == list(range(1, STEPS + 1)) and all(len(v) == 1 for v in straight.values())
    for step, values in straight.items():
        assert abs(next(iter(values)) - next(iter(single[step]))) < 1e-4 * abs(next(iter(single[step])))
    assert {e["state"] for e in read_events(two_ranks / "events.jsonl") if e["kind"] == "stage"} == {
        "started", "finished"}
    assert (two_ranks / "checkpoints" / f"ckpt-{STEPS}" / "rng-rank1.safetensors").is_file()


def _rank(proc: subprocess.Popen, rank: int) -> psutil.Process:
    for child in psutil.Process(proc.pid).children(recursive=True):
        try:
            if child.environ().get("RANK") == str(rank) and "so8t.train.distributed" in child.cmdline():
                return child
        except psutil.Error:
            continue
    raise AssertionError(f"no rank {rank} under the launcher")


def _started_rank(proc: subprocess.Popen, rank: int, timeout: float = 240) -> psutil.Process:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return _rank(proc, rank)
        except AssertionError:
            assert proc.poll() is None and time.monotonic() < deadline, f"rank {rank} never started"
            time.sleep(0.02)


def _one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_sigkill_of_one_rank_stops_the_run_and_resume_is_bitwise_identical(two_ranks, tiny_model_dirs, tmp_path):
    run = tmp_path / "killed"
    proc = subprocess.Popen([*_args(tiny_model_dirs["llama"], "--nproc", "2"), "--out", str(run)], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        rank = _started_rank(proc, 1)  # found while it starts: the last steps can outrun a look for it
        _wait_for_step(proc, run, 3)
        rank.send_signal(signal.SIGKILL)
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode != 0
    line = _one_error_line(err)
    assert "training rank 1 of 2 was killed by SIGKILL" in line and "--resume" in line, line
    killed_at = _last_step(run)
    assert killed_at < STEPS, "the run finished before the kill"
    states = [e["state"] for e in read_events(run / "events.jsonl") if e["kind"] == "stage"]
    assert states == ["started", "failed"]
    newest = CheckpointStore(run).newest_valid()
    assert newest is not None and killed_at - newest.step <= CKPT_EVERY

    resumed = subprocess.run([sys.executable, "-m", "so8t", "train", "--resume", str(run), "--json"], env=ENV,
                             capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    result = json.loads(resumed.stdout.strip().splitlines()[-1])
    assert result["resumed_from"] == newest.name and result["final_step"] == STEPS
    straight, again = _losses(two_ranks), _losses(run)
    for step, values in again.items():
        assert values == straight[step], f"step {step} differs after the resume"
    for name in FILES:
        assert _bitwise_equal(_final(two_ranks, name), _final(run, name)), f"final {name} differs"


#: Put first on the ranks' path: rank 1 raises {error} as it starts step 3 (the loop's own code untouched).
FAILING_RANK = '''
import os
if os.environ.get("RANK") == "1":
    from so8t.errors import GPUMemoryError
    from so8t.train import loop

    _step = loop.Trainer._train_step

    def _train_step(self):
        if self.step == 2:
            raise {error}
        return _step(self)

    loop.Trainer._train_step = _train_step
'''


def _run_with_failing_rank(model: Path, tmp_path: Path, error: str) -> subprocess.CompletedProcess:
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(FAILING_RANK.format(error=error), encoding="utf-8")
    # The checkout too: sitecustomize runs before `-m` puts the working folder on the path.
    repo = Path(__file__).resolve().parents[2]
    env = {**ENV, "PYTHONPATH": os.pathsep.join([str(inject), str(repo), *filter(None, [ENV.get("PYTHONPATH")])])}
    return subprocess.run([*_args(model, "--nproc", "2"), "--out", str(tmp_path / "failing")], env=env,
                          capture_output=True, text=True, timeout=300)


def test_a_failing_rank_ends_the_run_in_one_line(tiny_model_dirs, tmp_path):
    run = tmp_path / "failing"
    started = time.monotonic()
    done = _run_with_failing_rank(tiny_model_dirs["llama"], tmp_path, 'GPUMemoryError("CUDA ran out of memory at '
                                  'step 3 (test)", "use a smaller --max-length")')
    assert done.returncode == 2, done.stderr
    line = _one_error_line(done.stderr)
    assert line.startswith("so8t train: error: training rank 1 of 2 failed: CUDA ran out of memory at step 3"), line
    assert time.monotonic() - started < 240
    # Nothing half-written: every checkpoint folder is complete, the event log parses to its last line.
    store = CheckpointStore(run)
    listed = store.list()
    assert [i.step for i in listed] == [CKPT_EVERY] and all(i.valid for i in listed)
    assert not [p.name for p in (run / "checkpoints").iterdir() if p.name.startswith(".")]
    lines = (run / "events.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(read_events(run / "events.jsonl")) == len(lines)
    assert [e["state"] for e in read_events(run / "events.jsonl") if e["kind"] == "stage"] == ["started", "failed"]
    assert not RunLayout(run).lock.exists()


def test_a_rank_that_fails_on_a_bug_is_named_with_its_log(tiny_model_dirs, tmp_path):
    """A bug's traceback goes to the rank's log in the run folder; the terminal gets one line naming it."""
    done = _run_with_failing_rank(tiny_model_dirs["llama"], tmp_path, 'RuntimeError("injected bug in rank 1")')
    assert done.returncode == 2, done.stderr
    line = _one_error_line(done.stderr)
    log = RunLayout(tmp_path / "failing").rank_log(1)
    assert line.startswith("so8t train: error: training rank 1 of 2 failed: RuntimeError: injected bug in rank 1") and str(log) in line, line
    text = log.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: injected bug in rank 1" in text, text


def test_the_multigpu_benchmark_runs_its_cpu_path(tmp_path):
    """bench/multigpu.py (made for two GPUs) on CPU with gloo: figures written, the resume exact."""
    bench = Path(__file__).resolve().parents[2] / "bench" / "multigpu.py"
    done = subprocess.run([sys.executable, str(bench), "--cpu", "--steps", "6", "--out", str(tmp_path)], env=ENV,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    out = json.loads((tmp_path / "multigpu_cpu.json").read_text(encoding="utf-8"))
    assert [r["nproc"] for r in out["rows"]] == [1, 2] and all(r["tokens_per_s"] > 0 for r in out["rows"])
    assert [len(r["per_gpu"]) for r in out["rows"]] == [1, 2] and out["rows"][1]["per_gpu"][1]["peak_rss_mib"] > 0
    assert out["speedup"] == pytest.approx(out["rows"][1]["tokens_per_s"] / out["rows"][0]["tokens_per_s"], rel=1e-2)
    resume = out["resume"]
    assert resume["bitwise_identical"] is True and resume["final_step"] == 6 and resume["launcher_exit"] != 0
    assert "speed-up with 2 processes" in done.stdout


def test_the_one_line_names_the_rank_that_failed_not_the_one_the_agent_stopped(tmp_path):
    """The agent SIGTERMs the other ranks when one fails; a rank still starting up dies of it (exit -15)."""
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError, ProcessFailure

    from so8t.train.distributed import _failure_line

    def failure(rank: int, exitcode: int, message: str | None = None) -> ProcessFailure:
        error_file = str(tmp_path / f"error-{rank}.json")
        if message is not None:
            (tmp_path / f"error-{rank}.json").write_text(json.dumps({"message": message, "timestamp": 100}))
        return ProcessFailure(local_rank=rank, pid=1000 + rank, exitcode=exitcode, error_file=error_file)

    layout = RunLayout(tmp_path / "run")
    stopped = failure(0, -int(signal.SIGTERM))
    failed = failure(1, 1, "so8t train: error: the rendezvous with rank 0 broke off")
    line, _hint = _failure_line(ChildFailedError("train", {0: stopped, 1: failed}), 2, layout)
    assert line.startswith("training rank 1 of 2 failed: so8t train: error: the rendezvous"), line
    alone = _failure_line(ChildFailedError("train", {0: stopped}), 2, layout)[0]
    assert alone.startswith("training rank 0 of 2 was killed by SIGTERM"), alone


def test_a_rank_ends_without_the_interpreters_teardown(tmp_path):
    """Native threads destroyed in the teardown's order could abort a finished rank (SIGABRT): it exits first."""
    script = ("import atexit, sys\n"
              "from so8t.train.distributed import exit_rank\n"
              "atexit.register(print, 'teardown ran')\n"
              "print('written before the exit', flush=False)\n"
              "sys.stderr.write('a line on stderr')\n"
              "exit_rank(3)\n")
    done = subprocess.run([sys.executable, "-c", script], env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    assert done.stdout == "written before the exit\n" and done.stderr == "a line on stderr"


#: Packed: 256 tokens hold 2 samples of the sample set per row on average (15 rows of its 32 samples),
#: so 2 rows per micro-batch give 8 micro-batches an epoch, the last with one row: 9 steps cross it.
PACKED = ("--packing", "on", "--max-length", "256", "--batch-size", "2", "--max-steps", "9")


def test_two_ranks_with_packing_learn_what_one_process_does(tiny_model_dirs, tmp_path):
    """Each rank takes its share of the packed rows (an empty row at the epoch's short end): the same adapters."""
    runs = {}
    for name, more in (("two", ("--nproc", "2")), ("one", ())):
        runs[name] = tmp_path / name
        done = subprocess.run([*_args(tiny_model_dirs["llama"], *PACKED, *more), "--out", str(runs[name])],
                              env=ENV, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
    logs = [e["msg"] for e in read_events(runs["one"] / "events.jsonl") if e["kind"] == "log"]
    assert any(m.startswith("packing on: 32 samples in 15 rows") for m in logs), logs
    figures = {name: _relative(_final(runs["two"], name, 9), _final(runs["one"], name, 9)) for name in FILES}
    print("packed, 2 ranks vs 1 process, relative difference: " + ", ".join(f"{n} {v:.2e}" for n, v in figures.items()))
    assert all(v < REL_TOL for v in figures.values()), figures
    moved = _relative(_final(runs["one"], FILES[0], 9), _final(runs["one"], FILES[0], CKPT_EVERY))
    assert moved > 1e-2, moved
