"""Write a run's report: the PDF and, beside it, the same report as HTML; each replaces its file only when complete."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import OutputPathError
from so8t.events import EventSink
from so8t.fileio import atomic_write_bytes, replace_with_retries
from so8t.report.content import preamble, report_sections
from so8t.report.gather import gather_report
from so8t.report.html import render_html
from so8t.report.pdf import render_pdf
from so8t.report.plots import report_images
from so8t.report.words import speaking, tr


@dataclass
class ReportResult:
    """What `so8t report` hands back."""

    pdf: str
    pages: int
    size: int
    html: str = ""  # the same report as one self-contained HTML file beside the PDF
    sections: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def report_paths(pdf_path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """The PDF and the HTML a report writes: `X.pdf` and `X.html` beside it (a --pdf of another ending is refused,
    since `--pdf out.html` replaced the PDF with HTML)."""
    pdf_path = Path(pdf_path).absolute()  # relative paths are the caller's
    if pdf_path.suffix.lower() != ".pdf":
        raise OutputPathError(f"--pdf {pdf_path} does not end in .pdf",
                              "name the file X.pdf; the same report is written beside it as X.html")
    return pdf_path, pdf_path.with_suffix(".html")


def write_report(run_dir: str | os.PathLike[str], pdf_path: str | os.PathLike[str],
                 events: EventSink | None = None, *, language: str = "en", force: bool = False) -> ReportResult:
    """Write the run's report as `pdf_path` and `pdf_path` with .html, in `language` ("en" or "ja"); an old
    report survives a failed write.

    An existing PDF or HTML file is replaced only with `force` (the window and the pipeline replace
    their own report): `--pdf X.pdf` used to overwrite an X.html it never mentioned.
    """
    with speaking(language):
        return _write_report(run_dir, pdf_path, events or EventSink(), language, force)


def _write_report(run_dir: str | os.PathLike[str], pdf_path: str | os.PathLike[str], events: EventSink,
                  language: str, force: bool) -> ReportResult:
    pdf_path, html_path = report_paths(pdf_path)
    report = gather_report(run_dir)  # fails first, with the run's own message
    if pdf_path.is_dir():
        raise OutputPathError(f"--pdf {pdf_path} is a folder", "pass a file name such as report.pdf")
    if not pdf_path.parent.exists():
        raise OutputPathError(f"folder of --pdf {pdf_path} does not exist", "create the folder or pick another path")
    if not force:
        for path in (pdf_path, html_path):
            if path.exists() or path.is_symlink():
                raise OutputPathError(f"{path} already exists",
                                      "pass --force to replace it, or pick another --pdf name")
    started = time.monotonic()
    events.progress(0, 3, "phase")
    events.log(f"rendering {pdf_path}")
    title = tr("SO8T report — {0}").format(report.run_id)
    sections = report_sections(report)
    lead = preamble(report)
    images = report_images(report)
    events.progress(1, 3, "phase")
    tmp = pdf_path.with_name(f".{pdf_path.name}.{os.getpid()}.tmp")
    try:
        pages = render_pdf(title, lead, sections, images, tmp)
        replace_with_retries(tmp, pdf_path)
    except OSError as exc:
        raise OutputPathError(f"report {pdf_path} cannot be written ({exc.strerror or exc})",
                              "check the path is writable") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    events.progress(2, 3, "phase")
    try:
        atomic_write_bytes(html_path, render_html(title, lead, sections, images, language).encode("utf-8"))
    except OSError as exc:
        raise OutputPathError(f"report {html_path} cannot be written ({exc.strerror or exc})",
                              "check the path is writable") from None
    events.progress(3, 3, "phase")
    return ReportResult(
        pdf=str(pdf_path.resolve()), pages=pages, size=pdf_path.stat().st_size, html=str(html_path.resolve()),
        sections=report.sections, missing=report.missing, seconds=round(time.monotonic() - started, 3),
    )
