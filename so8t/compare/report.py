"""A comparison of runs as a PDF, laid out and rendered by the report's own machinery (so8t.report)."""

from __future__ import annotations

import contextlib
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from so8t.compare.evaluation import evaluation_cells
from so8t.compare.gather import Comparison
from so8t.errors import OutputPathError
from so8t.fileio import replace_with_retries
from so8t.report.content import Section, Table, Text, stage_name
from so8t.report.format import format_value
from so8t.report.pdf import render_pdf
from so8t.report.plots import overlay_plot
from so8t.report.words import N_, speaking, tr

#: Each overlaid curve's title and axis labels, by curve key (so8t.compare.gather.CURVES), in English
#: (translated where drawn).
CURVE_TITLES = {
    "loss": (N_("Training loss"), N_("step"), N_("loss")),
    "kl": (N_("KL(base ‖ now) on the probe batch"), N_("step"), N_("KL (nats)")),
    "reward": (N_("Reward"), N_("step"), N_("mean reward")),
    "tokens_per_s": (N_("Training speed"), N_("step"), N_("tokens/s")),
}
#: The words of a run without an evaluation record (the window says the same).
NO_EVALUATION = N_("no evaluation")


@dataclass
class ComparisonResult:
    """What `so8t compare --pdf` wrote."""

    pdf: str
    pages: int
    runs: list[str] = field(default_factory=list)
    differences: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def curve_label(run_id: str, stage: str) -> str:
    """A curve's name in a legend: the run, and its stage when it is not the first training stage."""
    return run_id if stage == "train" else f"{run_id} ({stage})"


def setting_text(value: Any) -> str:
    """A setting's value in a config diff cell; an option a run lacks reads "(not set)"."""
    if value is None:
        return tr("(not set)")
    if isinstance(value, (list, tuple)):
        return ", ".join(format_value(v) for v in value) if value else tr("none")
    return format_value(value)


def comparison_images(comparison: Comparison) -> dict[str, bytes]:
    """One overlaid plot per curve any run has, as PNG bytes by curve key."""
    images = {}
    for key, (title, x_label, y_label) in CURVE_TITLES.items():
        lines = [(curve_label(run.id, stage), [p[0] for p in points], [p[1] for p in points])
                 for run in comparison.runs for stage, points in run.curves.get(key, {}).items()]
        if lines:
            images[f"compare-{key}"] = overlay_plot(tr(title), tr(x_label), tr(y_label), lines)
    return images


def comparison_sections(comparison: Comparison, images: dict[str, bytes]) -> list[Section]:
    """The comparison's sections: runs, curves, the options that differ, the evaluation tables."""
    from so8t.report.content import Figure

    runs = comparison.runs
    sections = [Section("runs", tr("Runs"), [Table([tr("run"), tr("folder")], [[r.id, r.path] for r in runs])])]
    figures = [Figure(key) for key in images]
    sections.append(Section("curves", tr("Curves overlaid"),
                            figures or [Text(tr("No curves in these runs yet."), "muted")]))
    if comparison.differences:
        rows = [[f"{stage_name(d.stage)} › {d.option.replace('_', ' ')}", *(setting_text(v) for v in d.values)]
                for d in comparison.differences]
        diff: list[Any] = [Table([tr("setting"), *(r.id for r in runs)], rows)]
    else:
        diff = [Text(tr("The runs ran every stage with the same options."), "muted")]
    sections.append(Section("config", tr("Settings that differ"), diff))
    blocks: list[Any] = []
    for run in runs:
        if run.evaluation:
            header, rows = evaluation_cells(run.evaluation, tr)
            blocks.append(Table(header, rows, caption=run.id))
        else:
            blocks.append(Text(f"{run.id}: {tr(NO_EVALUATION)}" + (f" ({run.evaluation_problem})"
                                                                 if run.evaluation_problem else ""), "muted"))
    sections.append(Section("evaluation", tr("Evaluation (A/B)"), blocks))
    return sections


def write_comparison_pdf(comparison: Comparison, pdf_path: str | os.PathLike[str], *,
                         force: bool = False, language: str = "en") -> ComparisonResult:
    """Write the comparison as `pdf_path` in `language` ("en" or "ja", as `so8t report --lang`); an existing file
    is replaced only with `force`, and only when complete."""
    with speaking(language):
        return _write_comparison_pdf(comparison, pdf_path, force)


def _write_comparison_pdf(comparison: Comparison, pdf_path: str | os.PathLike[str], force: bool) -> ComparisonResult:
    pdf_path = Path(pdf_path).absolute()
    if pdf_path.suffix.lower() != ".pdf":
        raise OutputPathError(f"--pdf {pdf_path} does not end in .pdf", "name the file X.pdf")
    if pdf_path.is_dir():
        raise OutputPathError(f"--pdf {pdf_path} is a folder", "pass a file name such as compare.pdf")
    if not pdf_path.parent.is_dir():
        raise OutputPathError(f"folder of --pdf {pdf_path} does not exist", "create the folder or pick another path")
    if (pdf_path.exists() or pdf_path.is_symlink()) and not force:
        raise OutputPathError(f"{pdf_path} already exists", "pass --force to replace it, or pick another --pdf name")
    images = comparison_images(comparison)
    sections = comparison_sections(comparison, images)
    title = tr("SO8T comparison — {0}").format(", ".join(r.id for r in comparison.runs))
    lead = [Text(tr("Runs: {0}. Settings that differ: {1}.").format(len(comparison.runs), len(comparison.differences)),
                 "muted")]
    tmp = pdf_path.with_name(f".{pdf_path.name}.{os.getpid()}.tmp")
    try:
        pages = render_pdf(title, lead, sections, images, tmp)
        replace_with_retries(tmp, pdf_path)
    except OSError as exc:
        raise OutputPathError(f"{pdf_path} cannot be written ({exc.strerror or exc})", "check the path is writable") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return ComparisonResult(pdf=str(pdf_path), pages=pages, runs=[r.id for r in comparison.runs],
                            differences=len(comparison.differences))
