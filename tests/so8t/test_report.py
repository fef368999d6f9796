"""so8t.report: what a report gathers from a run folder, and the headless `so8t report` command."""

from __future__ import annotations

import json

import pytest

from so8t.errors import RunError
from so8t.report import SECTIONS, gather_report, thin_series
from tests.sample_run import write_sample_run
from tests.so8t.cli_checks import in_process


@pytest.fixture
def sample_run(tmp_path):
    return write_sample_run(tmp_path / "runs")


def test_gather_collects_every_section(sample_run):
    report = gather_report(sample_run)
    assert report.missing == [] and report.sections == list(SECTIONS)
    assert report.config["train"]["max_steps"] == 60
    assert report.stages["train"]["state"] == "finished"
    assert report.stages["bake"]["result"]["passed"] is True
    records = report.records
    assert records.bake.layers_baked == 2 and records.bake.passed is True
    assert [g.name for g in records.gguf] == ["tiny-Q8_0.gguf", "tiny-f16.gguf"]
    assert records.gguf[0].check.top1_agreement == 0.97 and records.gguf[1].check is None
    assert records.gguf[1].size == 4096
    assert records.triality.confusion[0] == [9, 1, 0]
    assert set(records.calibration.reliability()) == {"before", "after"}
    loss = report.plots["loss"].points
    assert len(loss) == 60 and loss[0][0] == 1 and loss[0][1] > loss[-1][1]
    assert report.plots["vram"].limit == 12288
    ckpts = {c["name"]: c for c in report.checkpoints}
    assert ckpts["ckpt-20"]["valid"] and ckpts["ckpt-40"]["valid"]
    assert not ckpts["ckpt-60"]["valid"] and ckpts["ckpt-60"]["reason"]


def test_gather_names_missing_sections_of_a_young_run(tmp_path):
    run = tmp_path / "r-young"
    run.mkdir()
    (run / "events.jsonl").write_text('{"kind":"metric","name":"loss","value":2.0,"step":1}\n')
    report = gather_report(run)
    assert "bake" in report.missing and "gguf" in report.missing and "plots" not in report.missing


def test_gather_refuses_a_folder_that_is_not_a_run(tmp_path):
    with pytest.raises(RunError, match="not a run folder"):
        gather_report(tmp_path)
    with pytest.raises(RunError, match="does not exist"):
        gather_report(tmp_path / "nope")


def test_thin_series_keeps_spikes_and_bounds_length():
    points = [(float(i), 1.0) for i in range(100_000)]
    points[54_321] = (54_321.0, 99.0)
    thin = thin_series(points, limit=1000)
    assert len(thin) <= 1000
    assert (54_321.0, 99.0) in thin
    assert [p[0] for p in thin] == sorted(p[0] for p in thin)


def test_cli_report_writes_a_pdf_and_a_bad_run_is_one_line(sample_run, tmp_path, capsys):
    pdf = tmp_path / "out.pdf"
    proc = in_process(["report", str(sample_run), "--pdf", str(pdf), "--json"], capsys)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["pages"] >= 2 and pdf.read_bytes().startswith(b"%PDF")
    assert result["missing"] == [] and result["size"] == pdf.stat().st_size
    html = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert result["html"] == str((tmp_path / "out.html").resolve())
    assert "GGUF files and fidelity" in html and "tiny-Q8_0.gguf" in html
    assert 'src="data:image/png;base64,' in html and "so8t-plot:" not in html  # plots inlined

    bad = in_process(["report", str(tmp_path / "nope"), "--pdf", str(pdf)], capsys)
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1 and "does not exist" in bad.stderr
    assert pdf.read_bytes().startswith(b"%PDF")  # the earlier report survives a failed one


def test_gguf_fidelity_rows_read_like_a_table():
    from so8t.report import GGUF_COLUMNS, gguf_fidelity_rows
    from so8t.store.records import CheckResult, GgufFile

    def check(**fields):
        return CheckResult(gguf="m.gguf", gguf_type="x", size_bytes=1, positions=200, ppl_tokens=100, **fields)

    files = [
        GgufFile("m-Q5_K_M.gguf", "m-Q5_K_M.gguf", 3 * 2**20, check(
            top1_agreement=0.955, ppl_gguf=12.5, ppl_rel_diff_reference=0.11, bound="perplexity within 5% of f16",
            passed=False, fallback_summary="13 of 21 tensors fell back (13 x q5_K->q5_1)")),
        GgufFile("m-f16.gguf", "m-f16.gguf", 512, check(top1_agreement=1.0, ppl_gguf=11.25, ppl_rel_diff_hf=0.0001,
                                                         passed=True)),
        GgufFile("m-Q8_0.gguf", "m-Q8_0.gguf", 100),
    ]
    rows = gguf_fidelity_rows(files)
    assert all(len(r) == len(GGUF_COLUMNS) for r in rows)
    assert rows[0] == ["m-Q5_K_M.gguf", "3.0 MiB", "95.50% of 200", "12.500 (+11.00% vs f16)",
                       "failed: perplexity within 5% of f16; 13 of 21 tensors fell back (13 x q5_K->q5_1)"]
    assert rows[1][3] == "11.250 (+0.010% vs HF)" and rows[1][4] == "passed" and rows[1][1] == "512 B"
    assert rows[2][4] == "not checked"


def _resumed_run(run, telemetry: bool = False):
    """A run trained to step 27, interrupted, resumed from ckpt-20 (steps 21-30 redone with other losses)."""
    run.mkdir()
    lines = [{"kind": "stage", "stage": "train", "state": "started", "t": 100.0}]
    lines += [{"kind": "metric", "stage": "train", "name": "loss", "value": 1.0, "step": s, "t": 100.0 + s}
              for s in range(1, 28)]
    lines += [{"kind": "stage", "stage": "train", "state": "interrupted", "t": 128.0},
              {"kind": "stage", "stage": "train", "state": "started", "t": 5000.0}]
    lines += [{"kind": "metric", "stage": "train", "name": "loss", "value": 2.0, "step": s, "t": 5000.0 + s}
              for s in range(21, 31)]
    (run / "events.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    if telemetry:  # the window's VRAM readings, by seconds since the run began, in both processes
        readings = [(t, 100.0 + t) for t in range(0, 28)] + [(t, 300.0 + t) for t in range(4900, 4930)]
        (run / "telemetry.jsonl").write_text("".join(
            json.dumps({"kind": "metric", "stage": "telemetry", "name": "vram_used_mb", "value": v, "step": float(t),
                        "t": 100.0 + t}) + "\n" for t, v in readings), encoding="utf-8")
    return run


def test_a_resumed_run_plots_each_step_once_with_its_later_value(tmp_path):
    from so8t.report.plots import line_figure

    report = gather_report(_resumed_run(tmp_path / "run"))
    points = report.plots["loss"].points
    assert [x for x, _ in points] == list(range(1, 31))  # never back to an earlier step
    assert {y for x, y in points if x >= 21} == {2.0} and {y for x, y in points if x < 21} == {1.0}
    # What the PDF draws: the figure's line runs forward only.
    xs, ys = line_figure("loss", report.plots["loss"]).axes[0].lines[0].get_data()
    assert list(xs) == list(range(1, 31)) and list(ys) == [y for _, y in points]


def test_the_vram_plot_draws_no_line_across_the_time_between_two_processes(tmp_path):
    import math

    from so8t.report.plots import line_figure

    report = gather_report(_resumed_run(tmp_path / "run", telemetry=True))
    points = report.plots["vram"].points
    gaps = [i for i, (_, y) in enumerate(points) if math.isnan(y)]
    assert len(gaps) == 1 and points[gaps[0] - 1][0] == 27 and points[gaps[0] + 1][0] == 4900
    _xs, ys = line_figure("vram", report.plots["vram"]).axes[0].lines[0].get_data()
    assert sum(math.isnan(y) for y in ys) == 1
    # The loss curve (by step) continues across the resume: no gap in it.
    assert not any(math.isnan(y) for _, y in report.plots["loss"].points)


def test_thin_series_keeps_a_gap_between_the_parts():
    nan = float("nan")
    points = [(float(i), 1.0) for i in range(3000)] + [(3000.0, nan)] + [(float(i), 2.0) for i in range(3000, 6000)]
    thin = thin_series(points, limit=1000)
    assert len(thin) <= 1001
    gaps = [i for i, (_, y) in enumerate(thin) if y != y]
    assert len(gaps) == 1 and {y for _, y in thin[: gaps[0]]} == {1.0} and {y for _, y in thin[gaps[0] + 1 :]} == {2.0}
