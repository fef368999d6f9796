"""so8t.report renders: the PDF opens in poppler, every page has text, every section is there, with human labels."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from so8t.report import SECTION_TITLES, format_size, format_value, write_report
from tests.sample_run import write_sample_run

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def pdf_text(pdf) -> str:
    """The PDF's text as poppler reads it, whitespace collapsed."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True,
                         timeout=120).stdout
    return " ".join(out.split())


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("report")
    run = write_sample_run(root / "runs")
    result = write_report(run, root / "report.pdf")
    return root, result


def test_every_section_is_there_with_human_labels(rendered):
    root, result = rendered
    assert result.pages >= 2 and result.missing == []
    text = pdf_text(root / "report.pdf")
    for title in SECTION_TITLES.values():
        assert " ".join(title.split()) in text, title
    for needle in ("tiny-Q8_0.gguf", "ckpt-40", "ESCALATION", "Bake verification passed", "top-1 agreement 100.00%",
                   "max |Δlogit|, baked vs gated", "expected calibration error", "peak host memory (MiB) 812.5"):
        assert needle in text, needle
    for raw_key in ("top1_agreement", "max_abs_err", "orth_err_max", "n_calibration"):
        assert raw_key not in text  # fields read by their labels, never by their keys
    html = (root / "report.html").read_text(encoding="utf-8")
    assert "Bake verification passed" in html and 'src="data:image/png;base64,' in html


def test_poppler_renders_every_page(rendered, tmp_path):
    root, result = rendered
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(root / "report.pdf"), str(tmp_path / "p")], check=True,
                   timeout=120)
    assert len(list(tmp_path.glob("p-*.png"))) == result.pages


def test_a_young_run_omits_empty_sections_and_says_so(tmp_path):
    run = tmp_path / "r-young"
    run.mkdir()
    (run / "events.jsonl").write_text('{"kind":"metric","name":"loss","value":2.0,"step":1}\n')
    result = write_report(run, tmp_path / "young.pdf")
    text = pdf_text(tmp_path / "young.pdf")
    assert result.pages >= 1 and "Not in this run yet" in text and "Bake verification" in text
    assert "GGUF files and fidelity" in text  # named once in the note ...
    assert "2. " not in text.split("Not in this run yet")[0]  # ... and no empty numbered section


def test_value_formatting():
    assert format_value(None) == "—" and format_value(True) == "yes"
    assert format_value(2.1e-6) == "2.100e-06" and format_value(0.123456) == "0.1235"
    assert format_value(list(range(20))) == "20 values"
    assert format_size(3 * 1024 * 1024) == "3.0 MiB" and format_size(10) == "10 B"
