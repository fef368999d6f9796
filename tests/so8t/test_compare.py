"""`so8t compare`: two runs that differ only in the learning rate, their curves, settings and evaluation tables."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from so8t.cli import main
from so8t.compare.gather import compare_runs
from so8t.store.curves import stage_metric_series
from so8t.store.event_log import read_events
from tests.compared_runs import ab_row, evaluated_copies, make_learning_rate_runs, stand_in_evaluation

pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def lr_runs(tiny_model_dirs, tmp_path_factory):
    return make_learning_rate_runs(tmp_path_factory.mktemp("compare") / "workspace", tiny_model_dirs["llama"])


def pdf_text(path) -> str:
    """The PDF as a person reads it; the test is skipped where poppler's pdftotext is missing (.ci/run installs it)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler's pdftotext")
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def test_curves_are_each_runs_own_events(lr_runs):
    comparison = compare_runs(lr_runs)
    for run, folder in zip(comparison.runs, lr_runs, strict=True):
        want = stage_metric_series(read_events(folder / "events.jsonl"))
        assert run.curves["loss"]["train"] == want[("train", "loss")]
        assert run.curves["kl"]["train"] == want[("train", "kl_to_base")]
        assert [s for s, _ in run.curves["tokens_per_s"]["train"]] == [1, 2, 3, 4]
    assert comparison.runs[0].curves["loss"] != comparison.runs[1].curves["loss"]  # the learning rate did change them


def test_the_config_diff_holds_exactly_the_learning_rate(lr_runs):
    comparison = compare_runs(lr_runs)
    assert [(d.stage, d.option, d.values) for d in comparison.differences] == [("train", "learning_rate", (2e-4, 5e-3))]
    # Negative control: a run against itself differs in nothing, though ids, names and times do.
    assert compare_runs([lr_runs[0], lr_runs[0]]).differences == []


def test_compare_pdf_reads_back(lr_runs, tmp_path, capsys):
    pdf = tmp_path / "compare.pdf"
    assert main(["compare", str(lr_runs[0]), str(lr_runs[1]), "--pdf", str(pdf), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [d["option"] for d in result["differences"]] == ["learning_rate"]
    text = pdf_text(pdf)
    for folder in lr_runs:
        assert folder.name in text
    assert "learning rate" in text and "2.000e-04" in text and "0.005" in text
    assert text.count("no evaluation") == 2
    assert "Training loss" not in text  # the curves are drawn (images), not text; their section is
    assert "Curves overlaid" in text


def test_evaluation_tables_side_by_side(lr_runs, tmp_path, monkeypatch, capsys):
    from so8t.compare.evaluation import ab_rows

    stand_in_evaluation(monkeypatch, {lr_runs[0]: [ab_row("answer_match", 0.40, 0.52)],
                                      lr_runs[1]: [ab_row("answer_match", 0.40, 0.31)]})
    comparison = compare_runs(lr_runs)
    assert [ab_rows(r.evaluation)[0].tuned for r in comparison.runs] == [0.52, 0.31]
    pdf = tmp_path / "compare.pdf"
    assert main(["compare", str(lr_runs[0]), str(lr_runs[1]), "--pdf", str(pdf), "--json"]) == 0
    result = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [r["evaluation"][0]["tuned"] for r in result["runs"]] == [0.52, 0.31]
    text = pdf_text(pdf)
    # Each run's table as the evaluate stage writes it: rates in percent, the delta in points.
    assert text.count("answer match") == 2 and "no evaluation" not in text
    assert "52.0 %" in text and "+12.0" in text and "31.0 %" in text and "-9.0" in text


def test_compare_pdf_in_japanese(lr_runs, tmp_path, monkeypatch, capsys):
    """`--lang ja`, as `so8t report --lang ja`: the A/B headers, row names and section titles read back in Japanese,
    and none of their English is left; without it the same PDF is English."""
    stand_in_evaluation(monkeypatch, {lr_runs[0]: [ab_row("answer_match", 0.40, 0.52)],
                                      lr_runs[1]: [ab_row("answer_match", 0.40, 0.31)]})
    pdf = tmp_path / "compare-ja.pdf"
    assert main(["compare", str(lr_runs[0]), str(lr_runs[1]), "--pdf", str(pdf), "--lang", "ja"]) == 0
    text = pdf_text(pdf)
    header = ["指標", "ベース", "チューニング後", "差", "差の 95 % 信頼区間", "McNemar p 値"]
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert sum(all(h in line for h in header) for line in lines) == 2  # one header row per run's table
    assert text.count("回答一致") == 2 and "52.0 %" in text and "+12.0" in text
    for title in ("SO8T 比較", "実行 2 件、異なる設定 1 件。", "曲線の重ね描き", "異なる設定", "評価 (A/B)", "設定項目"):
        assert title in text, title
    assert "ゲートの学習 (QLoRA) › learning rate" in text  # the stage's name translated; the option is the run's own
    for english in ("95 % CI of the delta", "metric", "tuned", "delta", "answer match", "Settings that differ",
                    "Curves overlaid", "SO8T comparison", "Evaluation (A/B)"):
        assert english not in text, english
    assert main(["compare", str(lr_runs[0]), str(lr_runs[1]), "--pdf", str(tmp_path / "en.pdf")]) == 0
    english = pdf_text(tmp_path / "en.pdf")
    assert "95 % CI of the delta" in english and "指標" not in english


def test_an_unknown_compare_language_is_refused(lr_runs, tmp_path, capsys):
    from tests.so8t.cli_checks import run_cli

    code, _, err = run_cli(["compare", lr_runs[0], lr_runs[1], "--pdf", tmp_path / "x.pdf", "--lang", "fr"], capsys)
    assert code == 2 and "--lang" in err and "'fr'" in err
    assert not (tmp_path / "x.pdf").exists()


def test_compare_pdf_holds_both_real_evaluation_tables(lr_runs, tmp_path):
    """`so8t evaluate` on copies of both runs, then `so8t compare --pdf`: each run's table as the evaluate stage
    writes it, read back with pdftotext."""
    from so8t.evaluate.record import EvaluationResult
    from so8t.evaluate.report import ab_cells
    from so8t.report.words import tr
    from so8t.store.record_file import read_record

    runs = evaluated_copies(lr_runs, tmp_path / "evaluated")
    pdf = tmp_path / "compare.pdf"
    assert main(["compare", str(runs[0]), str(runs[1]), "--pdf", str(pdf)]) == 0
    text = pdf_text(pdf)
    assert "no evaluation" not in text
    for run in runs:
        assert run.name in text
        _header, rows = ab_cells(read_record(EvaluationResult, run), tr)
        held_out_loss = rows[0]
        assert held_out_loss[0].startswith("held-out loss")
        assert held_out_loss[2] in text  # the tuned model's loss on this run's table
    assert text.count("answer match") == 2 and text.count("format compliance") == 2


def test_bad_inputs_are_one_line(lr_runs, tmp_path, capsys):
    assert main(["compare", str(lr_runs[0])]) == 2
    assert "at least 2 runs" in capsys.readouterr().err
    assert main(["compare", str(lr_runs[0]), str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is not a run" in err[0]
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"mine")
    assert main(["compare", str(lr_runs[0]), str(lr_runs[1]), "--pdf", str(pdf)]) == 2
    assert "already exists" in capsys.readouterr().err and pdf.read_bytes() == b"mine"
