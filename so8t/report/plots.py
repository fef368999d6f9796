"""The report's plots, drawn once with matplotlib's Agg backend (no screen, no Qt) as PNG bytes for the PDF and the HTML."""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from pathlib import Path
from typing import Any

from so8t.report.gather import Plot, Report
from so8t.report.words import N_, tr
from so8t.store.metric_names import Metrics

#: Plot size in inches and resolution: sharp when printed at the A4 text width.
LINE_PLOT_SIZE = (7.0, 2.8)
RELIABILITY_SIZE = (5.2, 4.4)
DPI = 160
COLOURS = {"line": "#1a73e8", "limit": "#b3261e", "before": "#e67828", "after": "#1a73e8", "diagonal": "#888888"}

#: Title and axis labels of each curve, by plot key.
LINE_TITLES = {
    "loss": (N_("Training loss"), N_("step"), N_("loss")),
    "kl": (N_("KL(base ‖ now) on the probe batch"), N_("step"), N_("KL (nats)")),
    "vram": (N_("VRAM used"), N_("seconds since the run began"), N_("MiB")),
    "align_loss": (N_("Align loss (DPO / GRPO)"), N_("align step"), N_("loss")),
    "reward": (N_("Reward (weighted sum, mean over the group)"), N_("align step"), N_("reward")),
    "align_kl": (N_("KL to the starting policy (k3)"), N_("align step"), N_("KL (nats)")),
    "dpo_accuracy": (N_("Preference accuracy"), N_("align step"), N_("share of pairs")),
    "dpo_margin": (N_("Reward margin (chosen − rejected)"), N_("align step"), N_("β · log-ratio")),
    "tie_share": (N_("Groups whose rewards all tie"), N_("align step"), N_("share of groups")),
}


#: The reliability diagram's words; the window passes them in its own language.
RELIABILITY_WORDS = {"title": N_("Reliability diagram"), "x": N_("confidence (top label)"), "y": N_("accuracy"),
                     "diagonal": N_("perfectly calibrated"), "before": N_("before scaling"),
                     "after": N_("after scaling")}
#: Fonts with Japanese glyphs, tried after matplotlib's own (Linux, then Windows names).
CJK_FONTS = ("Noto Sans CJK JP", "Noto Sans CJK SC", "Yu Gothic", "Meiryo", "MS Gothic")
#: The files those fonts come in (Debian's fonts-noto-cjk, Windows' Fonts folder), registered with
#: matplotlib when its font cache was built before they were installed.
CJK_FONT_FILE = re.compile(r"^(NotoSans(Mono)?CJK|YuGoth|meiryo|msgothic)", re.IGNORECASE)
#: A missing glyph draws as a box; matplotlib also warns, which must not stop the window or a report.
MISSING_GLYPH_WARNING = r"Glyph \d+ .*missing from"
_no_cjk_font_files = False


def _cjk_fonts_known(manager: Any) -> list[str]:
    installed = {f.name for f in manager.ttflist}
    return [name for name in CJK_FONTS if name in installed]


def cjk_fonts() -> list[str]:
    """The fonts with Japanese glyphs matplotlib can use, in CJK_FONTS' order.

    matplotlib lists the system's fonts once, in a cache it reads on every later start: a font
    installed after the first start is missing from it. Those fonts' files are then found among
    the system's and registered (once per process; nothing is written to the cache).
    """
    global _no_cjk_font_files
    from matplotlib import font_manager

    manager = font_manager.fontManager
    known = _cjk_fonts_known(manager)
    if known or _no_cjk_font_files:
        return known
    files = [f for f in font_manager.findSystemFonts() if CJK_FONT_FILE.match(Path(f).name)]
    for file in files:
        with contextlib.suppress(Exception):  # an unreadable font file: the others may do
            manager.addfont(file)
    known = _cjk_fonts_known(manager)
    _no_cjk_font_files = not known
    return known


def _fonts() -> list[str]:
    """matplotlib's default font, then the installed fonts that have Japanese glyphs (so translated words show)."""
    return ["DejaVu Sans", *cjk_fonts()]


def _figure(size: tuple[float, float]) -> Any:
    import matplotlib
    from matplotlib.figure import Figure

    matplotlib.rcParams["font.family"] = _fonts()
    return Figure(figsize=size, dpi=DPI, layout="constrained")


def _png(fig: Any) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=MISSING_GLYPH_WARNING, category=UserWarning)
        FigureCanvasAgg(fig).print_png(buffer)
    return buffer.getvalue()


def line_plot(key: str, plot: Plot) -> bytes:
    """One curve against its step, with the card's limit as a dashed line where known, as PNG bytes."""
    return _png(line_figure(key, plot))


def line_figure(key: str, plot: Plot) -> Any:
    """The matplotlib figure of `line_plot` (a gap point's NaN breaks the line)."""
    title, x_label, y_label = (tr(word) for word in LINE_TITLES.get(key, (key, "step", key)))
    if key == "vram" and plot.metric in (Metrics.PEAK_GPU_RESERVED_MB, Metrics.PEAK_GPU_ALLOCATED_MB):
        title, x_label = tr("Peak CUDA memory of the training process"), tr("step")
    fig = _figure(LINE_PLOT_SIZE)
    ax = fig.add_subplot()
    xs = [p[0] for p in plot.points]
    ys = [p[1] for p in plot.points]
    ax.plot(xs, ys, color=COLOURS["line"], linewidth=1.4)
    if plot.limit is not None:
        ax.axhline(plot.limit, color=COLOURS["limit"], linestyle="--", linewidth=1.2,
                   label=tr("card limit {0:.0f} MiB").format(plot.limit))
        ax.legend(loc="lower right", fontsize=8)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(x_label, fontsize=9)
    ax.set_ylabel(y_label, fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    return fig


def reliability_diagram(bins_by_label: dict[str, list[dict[str, float]]], words: dict[str, str] | None = None) -> bytes:
    """Accuracy per confidence bin against the diagonal, before and after scaling, each bar with its item count.

    `words` replaces RELIABILITY_WORDS' entries (the window draws the diagram in its language).
    """
    w = {**{k: tr(v) for k, v in RELIABILITY_WORDS.items()}, **(words or {})}
    fig = _figure(RELIABILITY_SIZE)
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], linestyle="--", color=COLOURS["diagonal"], linewidth=1, label=w["diagonal"])
    labels = [lab for lab in ("before", "after") if lab in bins_by_label] + [
        lab for lab in bins_by_label if lab not in ("before", "after")]
    share = 0.9 / max(1, len(labels))
    for idx, name in enumerate(labels):
        bins = bins_by_label[name]
        lefts, widths, heights = [], [], []
        for b in bins:
            lo, hi = float(b["lo"]), float(b["hi"])
            width = hi - lo if hi > lo else 1 / 15
            lefts.append((lo if hi > lo else float(b["confidence"]) - width / 2) + width * (0.05 + share * idx))
            widths.append(width * share)
            heights.append(float(b["accuracy"]))
        bars = ax.bar(lefts, heights, width=widths, align="edge", alpha=0.75, edgecolor="#333333", linewidth=0.4,
                      color=COLOURS.get(name, "#777777"), label=w.get(name, name))
        ax.bar_label(bars, labels=[str(int(b.get("count", 0))) for b in bins], fontsize=6, padding=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.08)
    ax.set_title(w["title"], fontsize=10)
    ax.set_xlabel(w["x"], fontsize=9)
    ax.set_ylabel(w["y"], fontsize=9)
    ax.tick_params(labelsize=8)
    ax.legend(loc="upper left", fontsize=8)
    ax.grid(True, color="#eeeeee", linewidth=0.6)
    return _png(fig)


def report_images(report: Report) -> dict[str, bytes]:
    """Every plot the report shows, as PNG bytes by figure key."""
    images = {key: line_plot(key, plot) for key, plot in report.plots.items()}
    calibration = report.records.calibration
    if calibration is not None and calibration.reliability():
        images["reliability"] = reliability_diagram(calibration.reliability())
    return images


#: Colours of overlaid runs, in order (a comparison of more runs cycles through them).
OVERLAY_COLOURS = ("#1a73e8", "#e67828", "#137333", "#b3261e", "#9334e6", "#5f6368")
#: An overlay's legend sits below its axes in rows of this many runs; the figure grows by a row's height each.
OVERLAY_LEGEND_COLUMNS = 2
OVERLAY_LEGEND_ROW_INCHES = 0.22


def overlay_plot(title: str, x_label: str, y_label: str, lines: list[tuple[str, list[float], list[float]]]) -> bytes:
    """Several curves on one axis, each with its label in the legend (a comparison of runs), as PNG bytes."""
    return _png(overlay_figure(title, x_label, y_label, lines))


def overlay_figure(title: str, x_label: str, y_label: str, lines: list[tuple[str, list[float], list[float]]]) -> Any:
    """The matplotlib figure of `overlay_plot`, before it is drawn (tests measure where its legend lies)."""
    columns = min(len(lines), OVERLAY_LEGEND_COLUMNS) or 1
    rows = -(-len(lines) // columns)
    fig = _figure((LINE_PLOT_SIZE[0], LINE_PLOT_SIZE[1] + OVERLAY_LEGEND_ROW_INCHES * rows))
    ax = fig.add_subplot()
    for i, (name, xs, ys) in enumerate(lines):
        ax.plot(xs, ys, color=OVERLAY_COLOURS[i % len(OVERLAY_COLOURS)], linewidth=1.4, label=name)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel(x_label, fontsize=9)
    ax.set_ylabel(y_label, fontsize=9)
    ax.tick_params(labelsize=8)
    ax.grid(True, color="#dddddd", linewidth=0.6)
    if lines:
        # Below the axes, never over the curves it names.
        fig.legend(fontsize=7, loc="outside lower center", ncols=columns, frameon=False)
    return fig
