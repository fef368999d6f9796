"""Acceptance 1 of the evaluate stage: `so8t demo` ends with an A/B table, read from the record, the window's
Results and the PDF; a planted collapsed model is flagged, the demo's tuned model and its base are not."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from so8t.evaluate.record import EvaluationResult
from so8t.store.record_file import read_record
from tests.so8t.cli_checks import run_real

#: The rows the issue names for the demo's table: loss, answer match, format compliance, refusals, collapse.
DEMO_ROWS = ("loss", "answer_match", "format_compliance", "refusal_on_deny", "false_refusal_on_allow", "collapsed")


@pytest.fixture(scope="module")
def demo_run(demo_command):
    """The session's `so8t demo` (workspace, run folder, what it printed), shared with the other demo tests."""
    return demo_command


@pytest.mark.slow  # the whole demo
def test_the_demo_ends_with_the_ab_table_in_the_record_results_and_pdf(demo_run, make_window, qtbot):
    from so8t.evaluate.report import ab_cells, summary_line
    from so8t.report.words import tr

    workspace, run_dir, stdout = demo_run
    record = read_record(EvaluationResult, run_dir)
    data_lines = [line for line in open(record.data, encoding="utf-8") if line.strip()]
    assert record.n_items == len(data_lines) and record.compared == "base → tuned"
    assert [m for m in DEMO_ROWS if record.row(m) is None] == []
    assert record.row("loss")["base"] == record.models["base"]["loss"]
    # The command's last lines are the table and its words.
    tail = stdout.strip().splitlines()
    assert tail[-1] == record.summary and any(line.startswith("held-out loss") for line in tail[-16:])

    header, rows = ab_cells(record, tr)
    window = make_window(workspace)
    window.refresh_runs()
    window.run_list.select(str(run_dir))
    window.show_run(str(run_dir))
    qtbot.waitUntil(lambda: "evaluate" in window.results.stage_views, timeout=10_000)
    view = window.results.stage_views["evaluate"]
    assert view.table.objectName() == "abTable" and not view.isHidden()
    assert view.texts() == [header, *rows]
    assert view.summary.text() == summary_line(record, tr) == record.summary

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(run_dir / "report.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    for label, base, tuned, *_rest in rows:
        assert " ".join(f"{label} {base} {tuned}".split()) in flat, label
    assert " ".join(record.summary.split()[:6]) in flat


@pytest.mark.slow
def test_a_planted_collapse_is_flagged_and_the_demo_is_not(demo_run):
    from transformers import AutoTokenizer

    from so8t.evaluate.config import EvaluateConfig
    from so8t.evaluate.data import read_held_out
    from so8t.evaluate.models import Answers
    from so8t.evaluate.run import evaluate_outputs

    _workspace, run_dir, _stdout = demo_run
    record = read_record(EvaluationResult, run_dir)
    assert record.collapsed == [] and not record.models["tuned"]["collapsed"] and not record.models["base"]["collapsed"]
    assert record.row("collapsed")["tuned"] == 0.0

    # The same held-out set, the demo base's own answers, and a model that repeats a 3-token phrase.
    items = read_held_out(record.data)
    base = [item["models"]["base"]["final"] or "" for item in record.items]
    tokenizer = AutoTokenizer.from_pretrained(str(run_dir / "base_model"), local_files_only=True)
    phrase = tokenizer.decode(tokenizer("The cates.", add_special_tokens=False)["input_ids"][:3])
    planted = [" ".join([phrase] * 10) for _ in items]
    assert len(tokenizer(phrase, add_special_tokens=False)["input_ids"]) == 3
    _records, models, rows, _compared, words = evaluate_outputs(
        items, {"base": Answers(base), "tuned": Answers(planted)}, {"base": [None] * len(items), "tuned": [None] * len(items)},
        lambda text: tokenizer(text, add_special_tokens=False)["input_ids"], None, EvaluateConfig(run=str(run_dir)))
    assert models["tuned"]["collapsed"] and not models["base"]["collapsed"]
    assert next(r for r in rows if r["metric"] == "collapsed")["tuned"] == 1.0
    assert "collapsed" in words
    # Negative control: the demo base's answers given as the tuned model's are not flagged.
    _r, again, _rows, _c, _w = evaluate_outputs(
        items, {"base": Answers(base), "tuned": Answers(list(base))}, {"base": [None] * len(items), "tuned": [None] * len(items)},
        lambda text: tokenizer(text, add_special_tokens=False)["input_ids"], None, EvaluateConfig(run=str(run_dir)))
    assert not again["tuned"]["collapsed"]


@pytest.mark.slow
def test_each_gguf_of_the_demo_has_its_llama_cpp_speed(demo_run):
    _workspace, run_dir, _stdout = demo_run
    record = read_record(EvaluationResult, run_dir)
    ggufs = sorted(p.name for p in (run_dir / "gguf").glob("*.gguf"))
    assert sorted(n.removeprefix("gguf:") for n, f in record.models.items() if f.get("speed")) == ggufs
    for name in ggufs:
        speed = record.models[f"gguf:{name}"]["speed"]
        # The same calls, counted by us and by llama.cpp's own performance counters (the times are
        # compared in bench/evaluate_speed.py: timings do not belong in tests).
        assert speed["prompt_tokens"] == speed["llama_prompt_tokens"] > 0
        assert speed["gen_tokens"] == speed["llama_gen_tokens"] > 0
        assert speed["prompt_tokens_per_s"] > 0 and speed["gen_tokens_per_s"] > 0
    json.dumps(record.to_dict())  # the record is plain JSON


@pytest.mark.slow
def test_so8t_evaluate_on_the_demo_run_replaces_the_record_and_prints_it(demo_run, tmp_path):
    _workspace, demo_dir, _stdout = demo_run
    run_dir = tmp_path / "runs" / demo_dir.name  # a copy: the other tests read the demo's own record
    shutil.copytree(demo_dir, run_dir)
    before = read_record(EvaluationResult, run_dir)
    done = run_real(["evaluate", run_dir, "--models", "base,tuned", "--max-new-tokens", "8", "--json"], timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    printed = json.loads(done.stdout.splitlines()[-1])
    after = read_record(EvaluationResult, run_dir)
    assert sorted(after.models) == ["base", "tuned"] and sorted(before.models) != sorted(after.models)
    assert printed["ab"] == after.ab and printed["models"].keys() == after.models.keys()
    assert {"metric", "higher_is_better", "base", "tuned", "delta", "ci_low", "ci_high"} <= set(after.ab[0])
    assert "p_value" in after.row("answer_match")
