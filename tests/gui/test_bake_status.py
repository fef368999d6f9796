"""Bake status with a negative control: the window's Results, the PDF (pdftotext) and the HTML report all show the
bake record's verdict and figures, for a bake that passed (through the CLI) and one that failed (through the engine)."""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys

import pytest

from gui.results_views import ResultsView
from so8t.report import format_field, format_value
from so8t.store.layout import RunLayout
from so8t.store.records import read_bake_record
from so8t.store.runs import Run
from tests.so8t.cli_checks import in_process

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def so8t(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "so8t", *args], capture_output=True, text=True,
                          env={**os.environ, "HF_HUB_OFFLINE": "1"}, timeout=600)


def new_run(tmp_path, name: str) -> RunLayout:
    return RunLayout(Run.create(tmp_path / name, {"bake": {}}, stages=["bake"], name=name).path)


@pytest.fixture(scope="module")
def runs(tiny_model_dirs, tmp_path_factory):
    """(passing run, its `bake --json` object, failing run)."""
    root = tmp_path_factory.mktemp("bake-status")
    model = str(tiny_model_dirs["llama"])
    passing = new_run(root, "passing")
    proc = so8t("bake", "--model", model, "--random-gates", "--verify", "--out", str(passing.baked), "--json")
    assert proc.returncode == 0, proc.stderr
    bake_json = json.loads(proc.stdout.strip().splitlines()[-1])

    # The negative control, through the engine: the gates are taken off without being folded into
    # o_proj, so the "baked" model is the ungated one and verification must catch it.
    import so8t.bake.exact as bake_module
    from so8t.model.gates import detach_gates, gates_of

    def remove_gates_without_baking(model):
        gates = gates_of(model)
        detach_gates(model)
        return len(gates), sum(g.num_blocks for g in gates)

    failing = new_run(root, "failing")
    mp = pytest.MonkeyPatch()
    mp.setattr(bake_module, "bake_gates_into_model", remove_gates_without_baking)
    try:
        result = bake_module.bake(bake_module.BakeConfig(model=model, out=str(failing.baked), random_gates=True))
    finally:
        mp.undo()
    assert result.passed is False
    return passing, bake_json, failing


def shown_figures(record) -> list[str]:
    return [format_value(record.max_abs_err), format_value(record.kl), format_field("top1_agreement",
                                                                                     record.top1_agreement)]


@pytest.mark.parametrize("which, verdict", [("passing", "passed"), ("failing", "failed")])
def test_window_pdf_and_html_show_the_bake_record(qtbot, runs, tmp_path, which, verdict, capsys):
    passing, bake_json, failing = runs
    layout = passing if which == "passing" else failing
    record = read_bake_record(layout.baked)
    assert record.passed is (verdict == "passed")
    figures = shown_figures(record)

    view = ResultsView()
    qtbot.addWidget(view)
    view.show_run(layout.root)
    window_text = view.bake_label.text()
    assert f"Bake verification {verdict}" in window_text
    assert all(f in window_text for f in figures), (window_text, figures)

    pdf = tmp_path / f"{which}.pdf"
    # In process: the report's words are checked here, not the executable.
    proc = in_process(["report", str(layout.root), "--pdf", str(pdf), "--json"], capsys)
    assert proc.returncode == 0, proc.stderr
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
                    .stdout.split())
    assert f"Bake verification {verdict}" in text
    assert all(f in text for f in figures), figures
    page = html.unescape((tmp_path / f"{which}.html").read_text(encoding="utf-8"))
    assert f"Bake verification {verdict}" in page and all(f in page for f in figures)
    opposite = "failed" if verdict == "passed" else "passed"
    for shown in (window_text, text, page):
        assert f"Bake verification {opposite}" not in shown


def test_bake_json_is_the_record(runs):
    passing, bake_json, _failing = runs
    record = read_bake_record(passing.baked)
    assert bake_json["passed"] is True
    for key in ("layers_baked", "blocks", "max_abs_err", "kl", "top1_agreement", "noise_floor", "orth_err_max",
                "passed", "out"):
        assert bake_json[key] == getattr(record, key), key
