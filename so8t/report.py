"""Gather everything a run's report shows into a plain dict, and render it to PDF in a Qt subprocess."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import OutputPathError, RunError
from so8t.events import (
    KL_METRICS,
    LOSS_METRICS,
    VRAM_METRICS,
    ErrorEvent,
    Event,
    EventSink,
    MetricEvent,
    Metrics,
    ResultEvent,
    StageEvent,
    read_events,
)
from so8t.run_layout import MANIFEST_FILE, RunLayout, check_record_path, checkpoint_step

#: The sections a report holds, in print order: the outcome first, the full configuration last.
SECTIONS = (
    "stages",
    "plots",
    "bake",
    "gguf",
    "triality",
    "calibration",
    "reliability",
    "checkpoints",
    "config",
)

#: Curves a report plots, each matched by metric name (the first name found wins).
PLOT_SERIES = {
    "loss": (*LOSS_METRICS, Metrics.PRETRAIN_LOSS),
    "kl": KL_METRICS,
    "vram": VRAM_METRICS,
}


#: A long run streams hundreds of thousands of points; a printed plot needs a few thousand at most.
MAX_POINTS_PER_SERIES = 2000

#: Rendering a report of a long run (big events.jsonl) must still finish; past this, something hangs.
RENDER_TIMEOUT_S = 300


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


def _read_json(path: Path) -> Any:
    """A JSON file's content, or None when it is missing or unreadable (a report shows what exists)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None


def _finite(value: Any) -> float | None:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def thin_series(points: list[tuple[float, float]], limit: int = MAX_POINTS_PER_SERIES) -> list[tuple[float, float]]:
    """At most `limit` points, keeping each bucket's min and max so spikes survive (peak downsampling)."""
    if len(points) <= limit:
        return points
    bucket = math.ceil(len(points) / (limit // 2))
    out: list[tuple[float, float]] = []
    for i in range(0, len(points), bucket):
        chunk = points[i : i + bucket]
        lo = min(chunk, key=lambda p: p[1])
        hi = max(chunk, key=lambda p: p[1])
        out.extend(sorted({lo, hi}, key=lambda p: p[0]))
    return out


def metric_series(events: list[Event]) -> dict[str, list[tuple[float, float]]]:
    """Every metric in an event list as {name: [(step, value), ...]} in arrival order (finite values only)."""
    series: dict[str, list[tuple[float, float]]] = {}
    for ev in events:
        if isinstance(ev, MetricEvent) and math.isfinite(ev.value) and math.isfinite(ev.step):
            series.setdefault(ev.name, []).append((ev.step, ev.value))
    return series


def _stage_results(events: list[Event]) -> dict[str, dict[str, Any]]:
    """The last result and last state of each stage in the event log."""
    stages: dict[str, dict[str, Any]] = {}
    for ev in events:
        stage = ev.stage or "?"
        if isinstance(ev, StageEvent):
            stages.setdefault(stage, {})["state"] = ev.state
        elif isinstance(ev, ResultEvent):
            stages.setdefault(stage, {})["result"] = ev.result
        elif isinstance(ev, ErrorEvent):
            stages.setdefault(stage, {})["error"] = " ".join(x for x in (ev.message, ev.hint) if x)
    return stages


def _stages_from_run_json(run_json: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Per-stage state from run.json, whichever of the two natural shapes it uses (list or mapping)."""
    if not isinstance(run_json, dict):
        return {}
    raw = run_json.get("stages")
    out: dict[str, dict[str, Any]] = {}
    if isinstance(raw, dict):
        for name, info in raw.items():
            out[str(name)] = dict(info) if isinstance(info, dict) else {"state": info}
    elif isinstance(raw, list):
        for info in raw:
            if isinstance(info, dict) and info.get("name"):
                out[str(info["name"])] = {k: v for k, v in info.items() if k != "name"}
    return out


def _gguf_files(run_dir: Path) -> list[dict[str, Any]]:
    files = []
    for gguf in RunLayout(run_dir).gguf_files():
        check = _read_json(check_record_path(gguf))
        files.append({"name": gguf.name, "size": gguf.stat().st_size, "check": check})
    return files


def list_checkpoints(run_dir: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The run's checkpoint list (dicts as `so8t checkpoints --json`); a plain folder scan if the store is absent."""
    run_dir = Path(run_dir)
    try:
        from so8t.checkpoints import CheckpointStore
    except ImportError:
        CheckpointStore = None  # noqa: N806 - the store lands with the training stage
    if CheckpointStore is not None:
        try:
            return [c.to_dict() for c in CheckpointStore(run_dir).list()]
        except Exception as exc:  # noqa: BLE001 - a report still prints when the store cannot read a folder
            return [{"name": "?", "valid": False, "reason": f"checkpoint list unreadable: {exc}"}]
    rows = []
    root = RunLayout(run_dir).checkpoints
    folders = sorted(p for p in root.iterdir() if checkpoint_step(p.name) is not None) if root.is_dir() else []
    for folder in folders:
        manifest = folder / MANIFEST_FILE
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        rows.append(
            {
                "name": folder.name,
                "path": str(folder),
                "step": checkpoint_step(folder.name),
                "time": manifest.stat().st_mtime if manifest.exists() else folder.stat().st_mtime,
                "size": size,
                "valid": manifest.exists(),
                "reason": "" if manifest.exists() else f"no {MANIFEST_FILE} (incomplete)",
            }
        )
    return rows


def reliability_bins(calibration: Any) -> dict[str, list[dict[str, float]]]:
    """Reliability-diagram bins from calibration.json as {label: [{lo, hi, confidence, accuracy, count}]}.

    Accepts the bins under `reliability` (a list, or {"before": [...], "after": [...]}) or under
    `before.reliability` / `after.reliability`; bins without a count are kept with count 0.
    """
    if not isinstance(calibration, dict):
        return {}
    found: dict[str, Any] = {}
    rel = calibration.get("reliability")
    if isinstance(rel, list):
        found["after"] = rel
    elif isinstance(rel, dict):
        found.update({k: v for k, v in rel.items() if isinstance(v, list)})
    for label in ("before", "after"):
        part = calibration.get(label)
        if isinstance(part, dict) and isinstance(part.get("reliability"), list):
            found.setdefault(label, part["reliability"])
    out: dict[str, list[dict[str, float]]] = {}
    for label, bins in found.items():
        clean = []
        for b in bins:
            if not isinstance(b, dict):
                continue
            conf = _finite(b.get("confidence", b.get("mean_confidence", b.get("conf"))))
            acc = _finite(b.get("accuracy", b.get("acc")))
            if conf is None or acc is None:
                continue
            clean.append(
                {
                    "lo": _finite(b.get("lo")) or 0.0,
                    "hi": _finite(b.get("hi")) or 0.0,
                    "confidence": conf,
                    "accuracy": acc,
                    "count": _finite(b.get("count", b.get("n"))) or 0.0,
                }
            )
        if clean:
            out[label] = clean
    return out


def memory_summary(result: Any) -> str:
    """The training stage's measured peaks beside its estimate, in one line ('' where nothing was measured)."""
    if not isinstance(result, dict) or not result.get("peak_gpu_allocated_mib"):
        return ""
    gib = 1024.0
    text = f"peak GPU memory {result['peak_gpu_allocated_mib'] / gib:.2f} GiB allocated"
    if result.get("peak_nvml_mib"):
        text += f", {result['peak_nvml_mib'] / gib:.2f} GiB on the card (NVML)"
    est = result.get("memory_estimate")
    if isinstance(est, dict) and est.get("peak_gib") is not None:
        text += f"; estimate {est['peak_gib']:.2f} GiB allocated, {est.get('nvml_gib', 0):.2f} GiB on the card"
        if est.get("offload"):
            text += " (activations offloaded)"
    return text


def bake_verification(record: Any) -> dict[str, Any] | None:
    """The verification figures of a baked/so8t_bake.json record: its `result` table (records of the first
    format held the figures at the top level), or None when the record is missing or not a table."""
    if not isinstance(record, dict):
        return None
    result = record.get("result")
    return result if isinstance(result, dict) else record


def read_results(run_dir: str | os.PathLike[str]) -> dict[str, Any]:
    """The result files of a run's later stages (each None / empty where the stage has not run)."""
    layout = RunLayout(run_dir)
    calibration = _read_json(layout.calibration)
    train = _stages_from_run_json(_read_json(layout.run_json)).get("train", {})
    return {
        "train_memory": memory_summary(train.get("result")),
        "bake": bake_verification(_read_json(layout.bake_record)),
        "gguf": _gguf_files(layout.root),
        "triality": _read_json(layout.triality),
        "calibration": calibration,
        "reliability": reliability_bins(calibration),
    }


#: Columns of the GGUF fidelity table, shared by the window and the PDF.
GGUF_COLUMNS = ("file", "size", "top-1 vs HF", "perplexity", "result")


def gguf_fidelity_rows(files: list[dict[str, Any]]) -> list[list[str]]:
    """One readable row per GGUF: what llama.cpp measured against HF and the f16 reference, and the verdict."""
    rows = []
    for f in files:
        check = f.get("check") if isinstance(f.get("check"), dict) else None
        if check is None:
            rows.append([f["name"], format_size(f.get("size")), "—", "—", "not checked"])
            continue
        top1 = check.get("top1_agreement")
        ppl = check.get("ppl_gguf")
        perplexity = f"{ppl:.3f}" if isinstance(ppl, (int, float)) else "—"
        if check.get("ppl_rel_diff_reference") is not None:
            perplexity += f" ({check['ppl_rel_diff_reference']:+.2%} vs f16)"
        elif check.get("ppl_rel_diff_hf") is not None:
            perplexity += f" ({check['ppl_rel_diff_hf']:+.3%} vs HF)"
        result = "passed" if check.get("passed") else "FAILED"
        if check.get("bound"):
            result += f": {check['bound']}"
        fallbacks = check.get("fallback_summary") or ""
        if fallbacks and not fallbacks.startswith("no fallbacks"):
            result += f"; {fallbacks}"
        rows.append([
            f["name"],
            format_size(f.get("size")),
            f"{top1:.2%} of {check.get('positions', '?')}" if isinstance(top1, (int, float)) else "—",
            perplexity,
            result,
        ])
    return rows


def format_size(size: Any) -> str:
    """Bytes as B / KiB / MiB / GiB ("—" when unknown)."""
    if not isinstance(size, (int, float)):
        return "—"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def gather_report(run_dir: str | os.PathLike[str], events: list[Event] | None = None) -> dict[str, Any]:
    """Everything the report shows, read from the run folder (JSON-able; no Qt).

    `events` replaces reading events.jsonl (the GUI passes what it already holds). Sections with
    no data are listed under `missing` so the PDF can say so instead of silently leaving them out.
    """
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunError(f"run folder {run_dir} does not exist", "pass the folder of a run (it holds run.json)")
    layout = RunLayout(run_dir)
    run_json = _read_json(layout.run_json)
    events_path = layout.events
    if events is None:
        events = read_events(events_path) if events_path.is_file() else []
    if not isinstance(run_json, dict) and not events and not layout.checkpoints.is_dir():
        raise RunError(
            f"{run_dir} is not a run folder (no run.json, events.jsonl or checkpoints/)",
            "pass the folder of a run under <workspace>/runs/",
        )

    stages = _stages_from_run_json(run_json)
    for name, info in _stage_results(events).items():
        merged = stages.setdefault(name, {})
        for key, value in info.items():
            merged.setdefault(key, value)

    telemetry_path = layout.telemetry
    telemetry = read_events(telemetry_path) if telemetry_path.is_file() else []
    all_series = metric_series(events + telemetry)
    plots = {}
    for label, names in PLOT_SERIES.items():
        for name in names:
            if all_series.get(name):
                plots[label] = {"metric": name, "points": thin_series(all_series[name])}
                break
    # The card's limit drawn on the VRAM plot: the largest total any telemetry event reported.
    totals = [v for n in (Metrics.VRAM_TOTAL_MB, "vram_total") for _, v in all_series.get(n, [])]
    if "vram" in plots and totals:
        plots["vram"]["limit"] = max(totals)

    config = None
    if isinstance(run_json, dict):
        config = run_json.get("config", {k: v for k, v in run_json.items() if k != "stages"})
    report = {
        "run": {
            "id": (run_json or {}).get("id") or run_dir.name,
            "path": str(run_dir.resolve()),
            "generated": time.strftime("%Y-%m-%d %H:%M:%S"),
            "events": len(events),
        },
        "config": config,
        "stages": stages,
        **read_results(run_dir),
        "plots": plots,
        "checkpoints": list_checkpoints(run_dir),
    }
    report["missing"] = [s for s in SECTIONS if not report.get(s)]
    return report


def _render_command(run_dir: Path, pdf_path: Path) -> list[str]:
    return [sys.executable, "-m", "workers.report", str(run_dir), "--pdf", str(pdf_path), "--json"]


def write_report(
    run_dir: str | os.PathLike[str], pdf_path: str | os.PathLike[str], events: EventSink | None = None
) -> ReportResult:
    """Write the run's report as a PDF; Qt renders it in a child process because the engine never imports Qt.

    The PDF is written beside its final name and renamed into place, so an old report survives a
    failed render.
    """
    events = events or EventSink()
    # Absolute before the renderer starts in another folder: relative paths are the caller's.
    run_dir = Path(run_dir).absolute()
    pdf_path = Path(pdf_path).absolute()
    gather_report(run_dir)  # fail fast, in this process, with the run's own error message
    if pdf_path.is_dir():
        raise OutputPathError(f"--pdf {pdf_path} is a folder", "pass a file name such as report.pdf")
    if not pdf_path.parent.exists():
        raise OutputPathError(f"folder of --pdf {pdf_path} does not exist", "create the folder or pick another path")
    started = time.monotonic()
    events.progress(0, 1, "report")
    events.log(f"rendering {pdf_path}")
    # The project root goes on the child's path so `workers` resolves from an uninstalled checkout too.
    root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    try:
        proc = subprocess.run(
            _render_command(run_dir, pdf_path),
            shell=False,
            capture_output=True,
            text=True,
            timeout=RENDER_TIMEOUT_S,
            env=env,
            cwd=root,
        )
    except subprocess.TimeoutExpired as exc:
        raise OutputPathError(
            f"rendering {pdf_path} took more than {RENDER_TIMEOUT_S} s", "retry; report a bug if it persists"
        ) from exc
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or not lines:
        detail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        raise OutputPathError(f"report for {run_dir} could not be written to {pdf_path} ({detail})",
                              "check the path is writable and the run folder is readable")
    data = json.loads(lines[-1])
    result = ReportResult(
        pdf=data["pdf"],
        pages=int(data["pages"]),
        size=int(data["size"]),
        html=data.get("html", ""),
        sections=list(data.get("sections", [])),
        missing=list(data.get("missing", [])),
        seconds=round(time.monotonic() - started, 3),
    )
    events.progress(1, 1, "report")
    return result
