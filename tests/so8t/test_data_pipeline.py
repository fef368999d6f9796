"""The data stage in a run: `so8t train --run RUN` trains on RUN/data/train.jsonl, and the demo prepares its data first (issue 27)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from so8t.resources import DEMO_DATA_FILES
from so8t.store.layout import RunLayout
from tests.so8t.cli_checks import assert_one_line_error, run_cli


@pytest.mark.usefixtures("one_torch_thread")
def test_train_run_trains_on_the_prepared_data(tiny_model_dirs, tmp_path, capsys):
    run = tmp_path / "run"
    code, _, err = run_cli(["data", *DEMO_DATA_FILES, "--out", run], capsys)
    assert code == 0, err
    code, out, err = run_cli(["train", "--run", run, "--model", tiny_model_dirs["llama"], "--device", "cpu",
                              "--max-steps", "2", "--max-length", "32", "--lora-rank", "1", "--kl-every-steps", "0",
                              "--json"], capsys)
    assert code == 0, err
    config = json.loads(RunLayout(run).train_config.read_text(encoding="utf-8"))
    assert Path(config["data"]) == RunLayout(run).data_train
    assert json.loads(out.splitlines()[-1])["final_step"] == 2
    # a trained run is resumed, not trained again
    code, _, err = run_cli(["train", "--run", run, "--model", tiny_model_dirs["llama"]], capsys)
    assert_one_line_error(code, err, "--resume")


def test_train_run_without_prepared_data_is_one_line(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, err = run_cli(["train", "--run", tmp_path / "empty", "--model", tmp_path], capsys)
    assert_one_line_error(code, err, "data/train.jsonl", "so8t data")


def test_a_pipeline_with_data_needs_no_train_data(tmp_path):
    from so8t.pipeline.runner import parse_config

    config = parse_config({"data": {"files": [str(p) for p in DEMO_DATA_FILES]},
                           "train": {"model": str(tmp_path)}}, cuda=False)
    assert config.stages[:2] == ["data", "train"]
    assert config.tables["data"]["files"] == [str(p) for p in DEMO_DATA_FILES]


@pytest.mark.slow  # the demo run, made once for the session
def test_the_demo_prepares_data_first_and_reports_it(demo_run):
    layout = RunLayout(demo_run)
    run = json.loads(layout.run_json.read_text(encoding="utf-8"))
    assert list(run["stages"])[0] == "data" and run["stages"]["data"]["state"] == "finished"
    record = json.loads(layout.data_record.read_text(encoding="utf-8"))
    assert record["dropped"]["exact_duplicate"] == 2 and record["dropped"]["near_duplicate"] == 1
    assert record["dropped"]["empty_turn"] == 2
    assert record["statistics"]["thinking"]["forms"]["malformed"] == 3
    train_config = json.loads(layout.train_config.read_text(encoding="utf-8"))
    assert Path(train_config["data"]) == layout.data_train
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(layout.report_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    section = text[text.index("samples read"):]
    assert f"samples read {record['samples_in']}" in " ".join(section.split())
    assert f"samples written {record['samples_out']}" in " ".join(section.split())
    assert "exact_duplicate" in section and "near_duplicate" in section and "token lengths" in section
    counts = record["histogram"]["counts"]
    rows = [line.split() for line in section.splitlines() if "–" in line]
    assert [int(r[-1]) for r in rows[: len(counts) - 1]] == counts[:-1]


def test_two_preparations_of_the_same_files_write_the_same_bytes(tmp_path, capsys):
    """The split and the dedupe depend on the files and the seed alone: a rerun (a resume after a kill) writes the same files."""
    outs = []
    for name in ("a", "b"):
        code, _, err = run_cli(["data", *DEMO_DATA_FILES, "--out", tmp_path / name, "--keep-duplicates"], capsys)
        assert code == 0, err
        outs.append({p.name: p.read_bytes() for p in (tmp_path / name / "data").glob("*.jsonl")})
    assert outs[0] == outs[1] and set(outs[0]) == {"train.jsonl", "val.jsonl"}
    code, _, err = run_cli(["data", *DEMO_DATA_FILES, "--out", tmp_path / "c", "--keep-duplicates", "--seed", "5"],
                           capsys)
    assert code == 0, err
    assert (tmp_path / "c" / "data" / "val.jsonl").read_bytes() != outs[0]["val.jsonl"]  # the seed does change it


@pytest.mark.slow  # two child processes over 60,000 samples
def test_a_killed_preparation_leaves_no_data_folder_and_a_rerun_clears_its_leftovers(tmp_path):
    """SIGKILL in the middle of the first pass: RUN/data/ does not exist; the same command again prepares it and
    removes the temporary folder the killed one left."""
    import os
    import signal
    import sys
    import time

    big = tmp_path / "big.jsonl"
    with open(big, "w", encoding="utf-8") as f:
        for i in range(60_000):
            f.write(json.dumps({"prompt": f"question {i} " * 20, "response": f"answer {i} " * 20}) + "\n")
    run = tmp_path / "run"
    run.mkdir()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, "-m", "so8t", "data", str(big), "--run", str(run)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not list(run.glob(".data.*.partial/.spool.jsonl")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert not (run / "data").exists()
    assert list(run.glob(".data.*.partial"))  # the kill left its temporary folder
    done = subprocess.run([sys.executable, "-m", "so8t", "data", str(big), "--run", str(run)], env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in run.iterdir()) == ["data"]
    assert sum(1 for _ in open(run / "data" / "train.jsonl", encoding="utf-8")) > 50_000


def test_data_files_in_a_config_are_taken_from_its_folder(tmp_path):
    from so8t.pipeline.runner import load_config

    shutil.copy(DEMO_DATA_FILES[0], tmp_path / "chat.jsonl")
    config_file = tmp_path / "run.toml"
    config_file.write_text('[run]\nstages = ["data"]\n[data]\nfiles = ["chat.jsonl"]\nval_share = 0.1\n', encoding="utf-8")
    config = load_config(config_file)
    assert config.stages == ["data"]
    assert config.tables["data"]["files"] == [str((tmp_path / "chat.jsonl").resolve())]
