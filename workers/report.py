"""Render a run's report to PDF with Qt: QTextDocument tables plus QPainter-drawn plots, no browser.

Runnable as `python -m workers.report RUN --pdf FILE`; `so8t.report.write_report` runs it that way
because the engine never imports Qt.
"""

from __future__ import annotations

import argparse
import html
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, Signal

from so8t.report import GGUF_COLUMNS, SECTIONS, format_size, gather_report, gguf_fidelity_rows, memory_summary

#: Plot images are drawn at this size (pixels) and shown at PLOT_DISPLAY_WIDTH in the page.
PLOT_SIZE = (1400, 620)
PLOT_DISPLAY_WIDTH = 560
#: Nested lists longer than this print as "N values" so a table row stays one line.
MAX_INLINE_LIST = 8
#: A table never prints more rows than this (a report of a 1000-checkpoint run stays readable).
MAX_TABLE_ROWS = 200

SECTION_TITLES = {
    "config": "Configuration",
    "stages": "Stage results",
    "bake": "Bake verification",
    "gguf": "GGUF files: sizes and fidelity",
    "triality": "Triality safety head (ALLOW / ESCALATION / DENY)",
    "calibration": "Calibration",
    "reliability": "Reliability diagram",
    "plots": "Training and telemetry curves: loss, KL, VRAM",
    "checkpoints": "Checkpoints",
}

_CSS = """
body { font-family: sans-serif; font-size: 9pt; }
h1 { font-size: 16pt; margin-bottom: 2pt; }
h2 { font-size: 12pt; margin-top: 14pt; border-bottom: 1px solid #888; }
h3 { font-size: 10pt; margin-top: 8pt; }
table { border-collapse: collapse; }
th { background: #e8e8e8; text-align: left; }
td, th { padding: 2px 6px; }
.muted { color: #666; }
.pass { color: #137333; font-weight: bold; }
.fail { color: #b3261e; font-weight: bold; }
"""


# --------------------------------------------------------------------------- value formatting


def format_value(value: Any) -> str:
    """One cell's text: short floats, lists summarised, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value == 0 or 1e-3 <= abs(value) < 1e6:
            return f"{value:.4g}"
        return f"{value:.3e}"
    if isinstance(value, (list, tuple)):
        if len(value) <= MAX_INLINE_LIST and all(not isinstance(v, (list, dict)) for v in value):
            return "[" + ", ".join(format_value(v) for v in value) + "]"
        return f"{len(value)} values"
    if isinstance(value, dict):
        return f"{len(value)} fields"
    return str(value)


def flatten(obj: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """Nested dicts as dotted key/value rows (matrices stay whole: they are printed as their own table)."""
    rows: list[tuple[str, Any]] = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict) and value:
                rows.extend(flatten(value, name))
            else:
                rows.append((name, value))
    else:
        rows.append((prefix or "value", obj))
    return rows


def _is_matrix(value: Any) -> bool:
    return (
        isinstance(value, list)
        and 0 < len(value) <= 16
        and all(isinstance(r, list) and len(r) == len(value[0]) and len(r) <= 16 for r in value)
    )


def _cell(value: Any) -> str:
    text = html.escape(format_value(value))
    if isinstance(value, bool):
        return f'<span class="{"pass" if value else "fail"}">{text}</span>'
    return text


def kv_table(rows: list[tuple[str, Any]]) -> str:
    body = "".join(
        f"<tr><td>{html.escape(k)}</td><td>{_cell(v)}</td></tr>" for k, v in rows[:MAX_TABLE_ROWS]
    )
    more = f'<p class="muted">{len(rows) - MAX_TABLE_ROWS} more rows not shown</p>' if len(rows) > MAX_TABLE_ROWS else ""
    return f'<table border="1" cellspacing="0">{body}</table>{more}'


def grid_table(header: list[str], rows: list[list[Any]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>" for row in rows[:MAX_TABLE_ROWS]
    )
    more = f'<p class="muted">{len(rows) - MAX_TABLE_ROWS} more rows not shown</p>' if len(rows) > MAX_TABLE_ROWS else ""
    return f'<table border="1" cellspacing="0"><tr>{head}</tr>{body}</table>{more}'


def matrix_tables(obj: Any, prefix: str = "") -> str:
    """Every matrix-shaped value (e.g. a confusion matrix) in `obj` as its own grid."""
    out = []
    if isinstance(obj, dict):
        labels = obj.get("labels") or obj.get("classes")
        for key, value in obj.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if _is_matrix(value):
                cols = [str(c) for c in labels] if isinstance(labels, list) and len(labels) == len(value[0]) else [
                    str(i) for i in range(len(value[0]))
                ]
                rows_labels = cols if len(value) == len(cols) else [str(i) for i in range(len(value))]
                out.append(f"<h3>{html.escape(name)}</h3>")
                out.append(grid_table(["true \\ predicted", *cols], [[r, *row] for r, row in zip(rows_labels, value, strict=True)]))
            elif isinstance(value, dict):
                out.append(matrix_tables(value, name))
    return "".join(out)


def scalar_rows(obj: Any) -> list[tuple[str, Any]]:
    return [(k, v) for k, v in flatten(obj) if not _is_matrix(v)]


# --------------------------------------------------------------------------- plots (QPainter)


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / count
    mag = 10 ** math.floor(math.log10(raw))
    step = min((m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw), default=raw)
    first = math.ceil(lo / step) * step
    ticks = []
    v = first
    while v <= hi + step * 1e-9:
        ticks.append(round(v, 10))
        v += step
    return ticks



def _canvas(size: tuple[int, int], title: str, margins: tuple[int, int, int, int]):
    """A white QImage with a painter (antialiased, 22 px sans-serif), the title drawn, and the plot area.

    `margins` are (left, right, top, bottom) in pixels; returns (image, painter, plot rectangle).
    """
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    img = QImage(size[0], size[1], QImage.Format.Format_RGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont("sans-serif")
    font.setPixelSize(22)
    p.setFont(font)
    left, right, top, bottom = margins
    plot = QRectF(left, top, size[0] - left - right, size[1] - top - bottom)
    p.drawText(QRectF(0, 8, size[0], 40), Qt.AlignmentFlag.AlignHCenter, title)
    return img, p, plot

def draw_line_plot(
    points: list[tuple[float, float]],
    title: str,
    x_label: str,
    y_label: str,
    *,
    limit: float | None = None,
    limit_label: str = "",
    size: tuple[int, int] = PLOT_SIZE,
):
    """A line plot with axes, ticks and an optional horizontal limit line, drawn into a QImage."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QPen, QPolygonF

    img, p, plot = _canvas(size, title, (130, 40, 60, 90))
    xs = [x for x, _ in points] or [0.0, 1.0]
    ys = [y for _, y in points] or [0.0, 1.0]
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    if limit is not None:
        y0, y1 = min(y0, limit), max(y1, limit)
    if x1 <= x0:
        x1 = x0 + 1.0
    pad = (y1 - y0) * 0.05 or abs(y0) * 0.05 or 1.0
    y0, y1 = y0 - pad, y1 + pad

    def to_px(x: float, y: float) -> QPointF:
        return QPointF(
            plot.left() + (x - x0) / (x1 - x0) * plot.width(),
            plot.bottom() - (y - y0) / (y1 - y0) * plot.height(),
        )

    grid = QPen(QColor("#dddddd"))
    axis = QPen(QColor("#333333"), 2)
    for t in _nice_ticks(y0, y1):
        pt = to_px(x0, t)
        p.setPen(grid)
        p.drawLine(QPointF(plot.left(), pt.y()), QPointF(plot.right(), pt.y()))
        p.setPen(axis)
        p.drawText(QRectF(0, pt.y() - 14, plot.left() - 10, 28), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                   f"{t:.4g}")
    for t in _nice_ticks(x0, x1):
        pt = to_px(t, y0)
        p.setPen(grid)
        p.drawLine(QPointF(pt.x(), plot.top()), QPointF(pt.x(), plot.bottom()))
        p.setPen(axis)
        p.drawText(QRectF(pt.x() - 60, plot.bottom() + 6, 120, 28), Qt.AlignmentFlag.AlignHCenter, f"{t:.6g}")
    p.setPen(axis)
    p.drawRect(plot)
    p.drawText(QRectF(plot.left(), size[1] - 44, plot.width(), 36), Qt.AlignmentFlag.AlignHCenter, x_label)
    p.save()
    p.translate(24, plot.center().y())
    p.rotate(-90)
    p.drawText(QRectF(-plot.height() / 2, -18, plot.height(), 36), Qt.AlignmentFlag.AlignHCenter, y_label)
    p.restore()
    if limit is not None:
        p.setPen(QPen(QColor("#b3261e"), 3, Qt.PenStyle.DashLine))
        ly = to_px(x0, limit).y()
        p.drawLine(QPointF(plot.left(), ly), QPointF(plot.right(), ly))
        p.drawText(QRectF(plot.left() + 10, ly - 32, plot.width() - 20, 28), Qt.AlignmentFlag.AlignRight,
                   limit_label or f"limit {limit:.4g}")
    if points:
        p.setPen(QPen(QColor("#1a73e8"), 3))
        p.drawPolyline(QPolygonF([to_px(x, y) for x, y in points]))
    else:
        p.setPen(axis)
        p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "no data")
    p.end()
    return img


def draw_reliability(bins_by_label: dict[str, list[dict[str, float]]], size: tuple[int, int] = (900, 820)):
    """Reliability diagram: accuracy per confidence bin against the diagonal, one bar set per label."""
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QPen

    colours = {"before": QColor(230, 120, 40, 150), "after": QColor(26, 115, 232, 170)}
    img, p, plot = _canvas(size, "Reliability diagram", (110, 40, 60, 100))

    def to_px(x: float, y: float) -> QPointF:
        return QPointF(plot.left() + x * plot.width(), plot.bottom() - y * plot.height())

    axis = QPen(QColor("#333333"), 2)
    for i in range(6):
        t = i / 5
        p.setPen(QPen(QColor("#dddddd")))
        p.drawLine(to_px(0, t), to_px(1, t))
        p.setPen(axis)
        p.drawText(QRectF(0, to_px(0, t).y() - 14, plot.left() - 10, 28),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{t:.1f}")
        p.drawText(QRectF(to_px(t, 0).x() - 40, plot.bottom() + 6, 80, 28), Qt.AlignmentFlag.AlignHCenter, f"{t:.1f}")
    p.drawRect(plot)
    p.setPen(QPen(QColor("#888888"), 2, Qt.PenStyle.DashLine))
    p.drawLine(to_px(0, 0), to_px(1, 1))
    labels = [lab for lab in ("before", "after") if lab in bins_by_label] + [
        lab for lab in bins_by_label if lab not in ("before", "after")
    ]
    for idx, label in enumerate(labels):
        colour = colours.get(label, QColor(120, 120, 120, 150))
        p.setPen(QPen(colour.darker(140), 1))
        p.setBrush(colour)
        for b in bins_by_label[label]:
            lo, hi = b["lo"], b["hi"]
            if hi <= lo:  # bins given by their mean confidence only: draw a fixed-width bar around it
                lo, hi = max(0.0, b["confidence"] - 1 / 30), min(1.0, b["confidence"] + 1 / 30)
            width = hi - lo
            x = lo + width * (0.05 + 0.45 * idx) if len(labels) > 1 else lo + width * 0.05
            w = width * (0.45 if len(labels) > 1 else 0.9)
            top_left = to_px(x, b["accuracy"])
            p.drawRect(QRectF(top_left.x(), top_left.y(), w * plot.width(), to_px(0, 0).y() - top_left.y()))
        sw = QRectF(plot.left() + 20 + idx * 220, size[1] - 40, 26, 26)
        p.drawRect(sw)
        p.setPen(axis)
        p.drawText(QRectF(sw.right() + 8, sw.top() - 2, 180, 30), Qt.AlignmentFlag.AlignLeft, f"{label}")
    p.setPen(axis)
    p.drawText(QRectF(plot.left(), plot.bottom() + 34, plot.width(), 30), Qt.AlignmentFlag.AlignHCenter,
               "confidence (top label)")
    p.save()
    p.translate(24, plot.center().y())
    p.rotate(-90)
    p.drawText(QRectF(-plot.height() / 2, -18, plot.height(), 36), Qt.AlignmentFlag.AlignHCenter, "accuracy")
    p.restore()
    p.end()
    return img


# --------------------------------------------------------------------------- document


#: Result fields worth a place in the one-line summary of a stage, in order of preference.
HEADLINE_KEYS = (
    "final_step", "max_steps", "final_loss", "loss_first", "loss_last", "resumed_from", "passed", "max_abs_err",
    "top1_agreement", "accuracy", "macro_f1", "ece_before", "ece_after", "temperature", "pages", "out_type",
    "types", "ppl_ratio",
)
MAX_HEADLINE = 5
#: Stages whose results have a section of their own.
DETAIL_SECTIONS = {"bake": "bake", "export": "gguf", "quantize": "gguf", "check": "gguf", "triality": "triality",
                   "calibrate": "calibration"}
#: Metrics compared before and after temperature scaling.
CALIBRATION_METRICS = ("accuracy", "nll", "ece", "brier", "macro_f1")


def _headline(result: Any) -> str:
    if not isinstance(result, dict):
        return ""
    parts = []
    for key in HEADLINE_KEYS:
        value = result.get(key)
        if value is None or isinstance(value, dict) or (isinstance(value, list) and len(value) > 4):
            continue
        if key == "resumed_from":
            value = Path(str(value)).name
        parts.append(f"{key} {format_value(value)}")
        if len(parts) == MAX_HEADLINE:
            break
    return ", ".join(parts)


def _stages_body(data: dict[str, Any]) -> str:
    rows, notes = [], []
    for stage, info in data.items():
        error = info.get("error")
        if isinstance(error, dict):
            error = " — ".join(str(error[k]) for k in ("message", "hint") if error.get(k))
        headline = _headline(info.get("result"))
        if stage in DETAIL_SECTIONS and headline:
            headline += f" (§ {SECTIONS.index(DETAIL_SECTIONS[stage]) + 1})"
        state = info.get("state", "—")
        if stage == "report" and state == "running":
            state = "writing this report"
        rows.append([stage, state, info.get("attempts"), info.get("seconds"),
                     headline or (str(error) if error else "")])
        if error:
            notes.append(f'<p class="fail">{html.escape(stage)}: {html.escape(str(error))}</p>')
        if stage == "train" and memory_summary(info.get("result")):
            notes.append(f"<p>train: {html.escape(memory_summary(info.get('result')))}</p>")
    return grid_table(["stage", "state", "attempts", "seconds", "result"], rows) + "".join(notes)


def _triality_body(data: dict[str, Any]) -> str:
    scalars = [(k, v) for k, v in data.items() if k not in ("config", "labels") and not isinstance(v, (dict, list))]
    parts = [kv_table(scalars)]
    per_class = data.get("per_class")
    if isinstance(per_class, dict) and per_class:
        cols = sorted({k for v in per_class.values() if isinstance(v, dict) for k in v})
        parts.append("<h3>per class</h3>")
        parts.append(grid_table(["class", *cols], [[c, *[(v or {}).get(k) for k in cols]] for c, v in per_class.items()]))
    parts.append(matrix_tables({k: v for k, v in data.items() if k in ("confusion", "labels")}))
    return "".join(parts)


def _calibration_body(data: dict[str, Any]) -> str:
    before, after = data.get("before"), data.get("after")
    parts = []
    if isinstance(before, dict) and isinstance(after, dict):
        rows = [[m, before.get(m), after.get(m)] for m in CALIBRATION_METRICS if m in before or m in after]
        parts.append(grid_table(["metric", "before", "after temperature scaling"], rows))
    scalars = [(k, v) for k, v in data.items()
               if k not in ("config", "before", "after", "reliability") and not isinstance(v, (dict, list))
               and not any(k.startswith(m + "_") for m in CALIBRATION_METRICS)]
    parts.append(kv_table(scalars))
    return "".join(parts)


def _config_body(data: dict[str, Any]) -> str:
    """One compact table per stage table: key/value pairs two to a row."""
    parts = []
    tables = data.items() if all(isinstance(v, dict) for v in data.values()) else [("", data)]
    for table, values in tables:
        rows = flatten(values)
        if table:
            parts.append(f"<h3>[{html.escape(str(table))}]</h3>")
        half = (len(rows) + 1) // 2
        paired = [[*rows[i], *(rows[i + half] if i + half < len(rows) else ("", ""))] for i in range(half)]
        parts.append(grid_table(["key", "value", "key", "value"], paired))
    return "".join(parts)


def _section_body(name: str, report: dict[str, Any], images: dict[str, Any]) -> str:
    data = report.get(name)
    if not data:
        return '<p class="muted">No data: this stage has not run in this run yet.</p>'
    if name == "config":
        return _config_body(data)
    if name == "stages":
        return _stages_body(data)
    if name == "bake":
        verdict = data.get("passed") if isinstance(data, dict) else None
        head = ""
        if isinstance(verdict, bool):
            head = f'<p>Verification: <span class="{"pass" if verdict else "fail"}">{"passed" if verdict else "FAILED"}</span></p>'
        return head + kv_table([(k, v) for k, v in scalar_rows(data) if not k.startswith("config.")])
    if name == "gguf":
        return grid_table(list(GGUF_COLUMNS), gguf_fidelity_rows(data))
    if name == "triality" and isinstance(data, dict):
        return _triality_body(data)
    if name == "calibration" and isinstance(data, dict):
        return _calibration_body(data)
    if name == "reliability":
        return f'<p><img src="so8t-plot:reliability" width="{int(PLOT_DISPLAY_WIDTH * 0.7)}"></p>'
    if name == "plots":
        body = "".join(
            f'<p><img src="so8t-plot:{key}" width="{PLOT_DISPLAY_WIDTH}"></p>' for key in ("loss", "kl", "vram")
            if key in images
        )
        if "vram" not in images:
            body += ('<p class="muted">VRAM: no GPU readings in this run (it ran on the CPU, or headless '
                     'without CUDA memory metrics).</p>')
        return body
    if name == "checkpoints":
        rows = [
            [
                c.get("name"),
                c.get("step"),
                time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(c["time"])) if c.get("time") else "—",
                format_size(c.get("size")),
                c.get("valid"),
                c.get("reason") or "",
                "pinned" if c.get("pinned") else "",
            ]
            for c in data
        ]
        return grid_table(["name", "step", "time", "size", "valid", "why not", "pinned"], rows)
    return kv_table(flatten(data))


def build_images(report: dict[str, Any]) -> dict[str, Any]:
    """The plot images the report needs, by resource key."""
    images = {}
    titles = {
        "loss": ("Training loss", "step", "loss"),
        "kl": ("KL(base ‖ now) on the probe batch", "step", "KL (nats)"),
        "vram": ("VRAM used", "seconds", "MiB"),
    }
    for key, plot in report.get("plots", {}).items():
        title, xl, yl = titles.get(key, (key, "step", key))
        if key == "vram" and plot.get("metric", "").startswith("peak_memory"):
            title, xl = "Peak CUDA memory of the training process", "step"
        limit = plot.get("limit")
        images[key] = draw_line_plot(
            [tuple(pt) for pt in plot["points"]], title, xl, yl,
            limit=limit, limit_label=f"card limit {limit:.0f} MiB" if limit else "",
        )
    if report.get("reliability"):
        images["reliability"] = draw_reliability(report["reliability"])
    return images


def build_html(report: dict[str, Any], images: dict[str, Any]) -> str:
    run = report["run"]
    parts = [
        f"<html><head><style>{_CSS}</style></head><body>",
        f"<h1>SO8T report — {html.escape(str(run['id']))}</h1>",
        f'<p class="muted">{html.escape(run["path"])}<br>generated {html.escape(run["generated"])}, '
        f'{run["events"]} events</p>',
    ]
    for i, name in enumerate(SECTIONS, 1):
        parts.append(f'<h2><a name="{name}"></a>{i}. {html.escape(SECTION_TITLES[name])}</h2>')
        parts.append(_section_body(name, report, images))
    parts.append("</body></html>")
    return "".join(parts)


def render_pdf(report: dict[str, Any], pdf_path: str | os.PathLike[str]) -> int:
    """Write the report dict as a PDF; returns the page count. Needs a QGuiApplication."""
    from PySide6.QtCore import QMarginsF, QUrl
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    images = build_images(report)
    doc = QTextDocument()
    for key, img in images.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"so8t-plot:{key}"), img)
    doc.setHtml(build_html(report, images))
    pdf_path = Path(pdf_path)
    tmp = pdf_path.with_name(f".{pdf_path.name}.{os.getpid()}.tmp")
    writer = QPdfWriter(str(tmp))
    writer.setTitle(f"SO8T report {report['run']['id']}")
    writer.setCreator("SO8T Control Panel")
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(15, 15, 15, 15),
                    QPageLayout.Unit.Millimeter)
    )
    writer.setResolution(300)
    doc.print_(writer)
    del writer  # closes the file
    from so8t.fileio import replace_with_retries

    replace_with_retries(tmp, pdf_path)
    return count_pdf_pages(pdf_path)


def write_html(report: dict[str, Any], html_path: str | os.PathLike[str]) -> None:
    """The same report as one self-contained HTML file (plots inlined as PNG data), for a browser or a wiki."""
    import base64

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    images = build_images(report)
    text = build_html(report, images)
    for key, img in images.items():
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        img.save(buffer, "PNG")
        buffer.close()
        encoded = base64.b64encode(bytes(data.data())).decode("ascii")
        text = text.replace(f'src="so8t-plot:{key}"', f'src="data:image/png;base64,{encoded}"')
    from so8t.fileio import atomic_write_bytes

    atomic_write_bytes(html_path, text.encode("utf-8"))


def count_pdf_pages(pdf_path: str | os.PathLike[str]) -> int:
    """Pages of a PDF as Qt's own PDF reader sees them (0 when it cannot open the file)."""
    from PySide6.QtPdf import QPdfDocument

    doc = QPdfDocument()
    status = doc.load(str(pdf_path))
    pages = doc.pageCount() if status == QPdfDocument.Error.None_ else 0
    doc.close()
    return pages


def main(argv: list[str] | None = None) -> int:
    """`python -m workers.report RUN --pdf FILE [--json]`."""
    parser = argparse.ArgumentParser(prog="python -m workers.report", description="Render a run's PDF report.")
    parser.add_argument("run", help="run folder")
    parser.add_argument("--pdf", required=True, help="PDF file to write")
    parser.add_argument("--json", action="store_true", help="print the result as one JSON object")
    args = parser.parse_args(argv)
    # Rendering needs no screen: offscreen works on a headless server and on a desktop alike.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    from so8t.errors import So8tError

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts need an application
    try:
        report = gather_report(args.run)
    except So8tError as exc:
        print(f"workers.report: error: {exc.one_line()}", file=sys.stderr)
        return 2
    pdf = Path(args.pdf)
    pages = render_pdf(report, pdf)
    html_path = pdf.with_suffix(".html")
    write_html(report, html_path)
    result = {
        "pdf": str(pdf.resolve()),
        "html": str(html_path.resolve()),
        "pages": pages,
        "size": pdf.stat().st_size,
        "sections": [s for s in SECTIONS if s not in report["missing"]],
        "missing": report["missing"],
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(f"wrote {result['pdf']}: {pages} pages")
    return 0 if pages > 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())



class ReportJob(QObject):
    """Renders a report in a child process (`python -m workers.report`) so the window never waits on it.

    Signal ``finished(ok: bool, pdf: str, message: str)``: message is "wrote … N pages" or the error line.
    """

    finished = Signal(bool, str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._proc: QProcess | None = None
        self._pdf = ""

    def is_running(self) -> bool:
        return self._proc is not None

    def start(self, run_dir: str | os.PathLike[str], pdf: str | os.PathLike[str]) -> None:
        if self._proc is not None:
            raise RuntimeError("a report is already being written")
        self._pdf = str(pdf)
        proc = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        # The project root on the child's path, so `workers` resolves from an uninstalled checkout too.
        root = str(Path(__file__).resolve().parent.parent)
        env.insert("PYTHONPATH", root + (os.pathsep + env.value("PYTHONPATH") if env.contains("PYTHONPATH") else ""))
        proc.setProcessEnvironment(env)
        proc.finished.connect(self._on_finished)
        proc.errorOccurred.connect(self._on_error)
        self._proc = proc
        proc.start(sys.executable, ["-m", "workers.report", str(run_dir), "--pdf", self._pdf, "--json"])

    def kill(self) -> None:
        """End the renderer now (the application quits); the PDF is written again on the next export."""
        if self._proc is not None:
            self._proc.kill()
            self._proc.waitForFinished(5000)

    def _done(self, ok: bool, message: str) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            proc.deleteLater()
        self.finished.emit(ok, self._pdf, message)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._proc is not None:
            self._done(False, f"could not start {sys.executable}: {self._proc.errorString()}")

    def _on_finished(self, exit_code: int, _status: QProcess.ExitStatus) -> None:
        if self._proc is None:
            return
        out = bytes(self._proc.readAllStandardOutput().data()).decode("utf-8", "replace").strip()
        err = bytes(self._proc.readAllStandardError().data()).decode("utf-8", "replace").strip()
        if exit_code == 0 and out:
            try:
                data = json.loads(out.splitlines()[-1])
                self._done(True, f"wrote {data['pdf']}: {data['pages']} pages")
                return
            except (ValueError, KeyError):
                pass
        self._done(False, (err.splitlines() or [f"exit code {exit_code}"])[-1])
