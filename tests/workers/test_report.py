"""workers.report: the Qt-rendered PDF opens, every page renders, and every section is in it."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from so8t.report import gather_report
from tests.sample_run import write_sample_run
from workers.report import SECTION_TITLES, format_size, format_value, render_pdf


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, qapp):
    root = tmp_path_factory.mktemp("report")
    run = write_sample_run(root / "runs")
    pdf = root / "report.pdf"
    pages = render_pdf(gather_report(run), pdf)
    return pdf, pages


def _page_texts(pdf):
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    assert doc.load(str(pdf)) == QPdfDocument.Error.None_
    texts = []
    for i in range(doc.pageCount()):
        image = doc.render(i, doc.pagePointSize(i).toSize())
        assert not image.isNull()
        # A rendered page is not blank: some pixels are not white.
        assert len({image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}) > 1
        texts.append(doc.getAllText(i).text())
    doc.close()
    return texts


def test_every_page_renders_and_every_section_is_there(rendered):
    pdf, pages = rendered
    texts = _page_texts(pdf)
    assert len(texts) == pages >= 2
    whole = " ".join(" ".join(texts).split())
    for title in SECTION_TITLES.values():
        assert " ".join(title.split()) in whole, title
    for needle in ("tiny-Q8_0.gguf", "ckpt-40", "ESCALATION", "Verification: passed", "top1_agreement"):
        assert needle in whole
    assert "No data" not in whole


def test_a_young_run_says_which_sections_have_no_data(tmp_path, qapp):
    run = tmp_path / "r-young"
    run.mkdir()
    (run / "events.jsonl").write_text('{"kind":"metric","name":"loss","value":2.0,"step":1}\n')
    pdf = tmp_path / "young.pdf"
    assert render_pdf(gather_report(run), pdf) >= 1
    assert "No data" in " ".join(_page_texts(pdf))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_poppler_renders_every_page(rendered, tmp_path):
    pdf, pages = rendered
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "p")], check=True, timeout=120)
    assert len(list(tmp_path.glob("p-*.png"))) == pages


def test_value_formatting():
    assert format_value(None) == "—" and format_value(True) == "yes"
    assert format_value(2.1e-6) == "2.100e-06" and format_value(0.123456) == "0.1235"
    assert format_value(list(range(20))) == "20 values"
    assert format_size(3 * 1024 * 1024) == "3.0 MiB" and format_size(10) == "10 B"
