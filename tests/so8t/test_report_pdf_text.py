"""The PDF as a person reads it (pdftotext): human labels only, no heading at the foot of a page, and a
section exactly when its stage ran."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from so8t.report import write_report
from so8t.store.layout import RunLayout
from tests.sample_run import write_sample_run

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler's pdftotext")

#: A snake_case word standing alone (not inside a path or a file name) is a raw key name.
RAW_KEY = re.compile(r"(?<![\w./\\-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w.-])")
#: A section heading as the PDF prints it: "3. Bake verification".
HEADING = re.compile(r"^\d+\. [A-Z]")

ALL_TITLES = ("Summary", "Configuration", "Training curves: loss, KL", "Bake verification",
              "GGUF files and fidelity", "Triality safety head", "Calibration and reliability diagram",
              "Checkpoints", "Memory peaks per stage")


def pdf_pages(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in out.split("\f") if page.strip()]


def headings(pages: list[str]) -> list[str]:
    return [line.strip() for page in pages for line in page.splitlines() if HEADING.match(line.strip())]


def test_a_full_run_reads_in_words_with_every_section_and_no_orphan_heading(tmp_path):
    run = write_sample_run(tmp_path / "runs")
    pdf = tmp_path / "report.pdf"
    write_report(run, pdf)
    pages = pdf_pages(pdf)
    text = "\n".join(pages).replace(str(run), " ")
    raw = sorted(set(RAW_KEY.findall(text)))
    assert raw == [], raw
    found = [h.split(". ", 1)[1] for h in headings(pages)]
    for title in ALL_TITLES:
        assert any(h.startswith(title) for h in found), (title, found)
    assert any(h == "Training curves: loss, KL, VRAM" for h in found)  # this run has GPU readings
    for number, page in enumerate(pages, 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert not HEADING.match(lines[-1]), f"page {number} ends with the heading {lines[-1]!r}"
    words = " ".join(text.split())
    assert "Train gates" in words and "peak host" in words  # stage names and memory labels in words


def test_a_section_appears_exactly_when_its_stage_ran(tmp_path):
    run = write_sample_run(tmp_path / "runs")
    layout = RunLayout(run)
    # Only training ran: no bake, GGUF, triality or calibration records, and no GPU readings.
    for path in (layout.baked, layout.gguf_dir):
        shutil.rmtree(path)
    layout.triality.unlink()
    layout.calibration.unlink()
    events = layout.events.read_text(encoding="utf-8").splitlines()
    layout.events.write_text("\n".join(e for e in events if '"vram_' not in e and '"stage":"bake"' not in e) + "\n",
                             encoding="utf-8")
    pdf = tmp_path / "train-only.pdf"
    write_report(run, pdf)
    pages = pdf_pages(pdf)
    found = [h.split(". ", 1)[1] for h in headings(pages)]
    assert found == ["Summary", "Configuration", "Training curves: loss, KL", "Checkpoints"], found
    body = "\n".join(pages).split("1. Summary", 1)[1]  # after the note naming what the run does not have yet
    assert "VRAM" not in body  # a CPU run promises no VRAM curve
    assert "reliability" not in body.lower() and "ALLOW" not in body
