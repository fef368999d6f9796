"""A run folder written by an older so8t (the demo at 019467c, committed as tests/fixtures/run-019467c) keeps
opening from another folder: `so8t runs` says finished, `so8t checkpoints` and `so8t report` show its figures,
and `so8t resume` adds no stage to it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from so8t.report.format import format_value
from tests.so8t.cli_checks import run_real

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "run-019467c"
STAGES = ["pretrain", "train", "bake", "export", "quantize", "check", "triality", "calibrate", "report"]


def _raw(path: Path) -> dict:
    """A record file as JSON (not through so8t's reader: the figures the test compares with)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return data.get("result", data) if path.name == "so8t_bake.json" else data


@pytest.fixture
def old_run(tmp_path) -> Path:
    """The fixture copied into a workspace of its own, under another folder name."""
    run = tmp_path / "ws" / "runs" / "moved-019467c"
    shutil.copytree(FIXTURE, run)
    return run


@pytest.mark.slow  # starts so8t in a child process
def test_an_old_run_lists_as_finished_with_its_checkpoints(old_run):
    listed = run_real(["runs", "--workspace", old_run.parents[1], "--json"])
    assert listed.returncode == 0, listed.stderr
    runs = json.loads(listed.stdout.splitlines()[-1])["runs"]
    assert [(r["state"], list(r["stages"])) for r in runs] == [("finished", STAGES)]
    assert set(runs[0]["stages"].values()) == {"finished"}
    shown = run_real(["checkpoints", old_run, "--json"])
    rows = json.loads(shown.stdout.splitlines()[-1])["checkpoints"]
    assert [(r["name"], r["step"], r["valid"]) for r in rows] == [("ckpt-40", 40, True), ("ckpt-50", 50, True),
                                                                  ("ckpt-60", 60, True)]
    assert rows[-1]["step"] == _raw(old_run / "train_result.json")["final_step"]


@pytest.mark.slow  # starts so8t in a child process
def test_an_old_run_reports_the_figures_of_its_records(old_run, tmp_path):
    from so8t.store.records import read_run_records

    records = read_run_records(old_run)
    assert records.problems == {}
    calibration, triality = _raw(old_run / "calibration.json"), _raw(old_run / "triality.json")
    train, bake = _raw(old_run / "train_result.json"), _raw(old_run / "baked" / "so8t_bake.json")
    check = _raw(old_run / "gguf" / "so8t-demo-Q8_0.check.json")
    assert records.calibration.temperature == calibration["temperature"]
    assert records.triality.accuracy == triality["accuracy"] and records.train.final_loss == train["final_loss"]
    assert records.bake.max_abs_err == bake["max_abs_err"]
    assert [f.check.ppl_gguf for f in records.gguf if f.name == "so8t-demo-Q8_0.gguf"] == [check["ppl_gguf"]]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = run_real(["report", old_run, "--pdf", tmp_path / "old.pdf"])
    assert done.returncode == 0, done.stderr
    text = " ".join(subprocess.run(["pdftotext", str(tmp_path / "old.pdf"), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    for words in (f"temperature T {format_value(calibration['temperature'])}",
                  f"ECE before {format_value(calibration['ece_before'])}",
                  f"accuracy {format_value(triality['accuracy'])}",
                  f"final loss {format_value(train['final_loss'])}",
                  f"max |Δlogit|, baked vs gated {format_value(bake['max_abs_err'])}",
                  f"{check['ppl_gguf']:.3f}"):
        assert words in text, words
    # The same figures as the report the older so8t wrote into the run.
    before = " ".join(subprocess.run(["pdftotext", str(old_run / "report.pdf"), "-"], capture_output=True,
                                     text=True, check=True).stdout.split())
    assert f"temperature T {format_value(calibration['temperature'])}" in before


@pytest.mark.parametrize("with_new_stage", [False, True])
@pytest.mark.slow  # starts so8t in a child process
def test_resume_adds_no_stage_to_an_old_run(old_run, with_new_stage):
    """Nor does a stage installed since (the toy stage of tests/fixtures/stage_echo) join it."""
    from tests.so8t.test_stage_contract import _with_echo

    before = json.loads((old_run / "run.json").read_text())["stages"]
    done = run_real(["resume", old_run, "--json"], env=_with_echo() if with_new_stage else None)
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.splitlines()[-1])
    assert outcome["state"] == "finished" and outcome["ran"] == [] and outcome["skipped"] == STAGES
    after = json.loads((old_run / "run.json").read_text())["stages"]
    assert list(after) == list(before) == STAGES
