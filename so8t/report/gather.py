"""Gather what a run's report shows: stage states, curves, result records and checkpoints (no Qt, no plotting)."""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from so8t.errors import RunError
from so8t.events import ErrorEvent, Event, ResultEvent, StageEvent
from so8t.store.curves import GAP, metric_series
from so8t.store.event_log import read_events
from so8t.store.layout import RunLayout
from so8t.store.metric_names import ALIGN_STAGE, KL_METRICS, LOSS_METRICS, VRAM_METRICS, Metrics, align_curve
from so8t.store.records import RunRecords, read_run_records
from so8t.store.run_model import TIME_GAP_S

#: The sections a report holds, in print order: what happened, how it was set up, then each stage's
#: results (the calibration section carries its reliability diagram), the checkpoints and the memory peaks.
SECTIONS = ("stages", "config", "plots", "bake", "gguf", "triality", "calibration", "checkpoints", "memory")

#: The key prefix of a stage's own section ("stage:echo"): the record of a stage without a built-in section.
STAGE_SECTION = "stage:"

#: Curves a report plots, each matched by metric name (the first name found wins).
PLOT_SERIES = {
    "loss": (*LOSS_METRICS, Metrics.PRETRAIN_LOSS),
    "kl": KL_METRICS,
    "vram": VRAM_METRICS,
}

#: The align stage's curves the report plots (so8t.store.metric_names.ALIGN_CURVES keys), in its align section.
ALIGN_PLOTS = ("align_loss", "reward", "align_kl", "dpo_accuracy", "dpo_margin", "tie_share")

#: A long run streams hundreds of thousands of points; a printed plot needs a few thousand at most.
MAX_POINTS_PER_SERIES = 2000


@dataclass
class Plot:
    """One curve of the report: which metric it shows, its (step, value) points (a NaN value breaks the
    line: `so8t.store.curves.GAP`), and a limit line."""

    metric: str
    points: list[tuple[float, float]]
    limit: float | None = None


@dataclass
class Report:
    """Everything one report shows, read from a run folder; PDF, HTML and the window render it."""

    run_id: str
    path: str
    generated: str
    events: int
    config: dict[str, Any] | None
    stages: dict[str, dict[str, Any]]
    records: RunRecords
    plots: dict[str, Plot] = field(default_factory=dict)
    checkpoints: list[dict[str, Any]] = field(default_factory=list)

    def has(self, section: str) -> bool:
        """Whether a section has anything to show."""
        r = self.records
        if section.startswith(STAGE_SECTION):
            return section.removeprefix(STAGE_SECTION) in r.others
        present = {
            "stages": bool(self.stages), "plots": bool(self.plots), "bake": r.bake is not None,
            "gguf": bool(r.gguf), "triality": r.triality is not None, "calibration": r.calibration is not None,
            "checkpoints": bool(self.checkpoints), "config": bool(self.config),
            "memory": bool(r.memory_peaks()),
        }
        return present[section]

    @property
    def sections(self) -> list[str]:
        """The sections with data, in print order: a stage's own section (one from outside so8t) after calibration."""
        order = list(SECTIONS)
        at = order.index("calibration") + 1
        order[at:at] = [STAGE_SECTION + name for name in self.records.others]
        return [s for s in order if self.has(s)]

    @property
    def missing(self) -> list[str]:
        return [s for s in SECTIONS if not self.has(s)]


def _read_json(path: Path) -> Any:
    """run.json's content, or None when it is missing or unreadable (a report shows what exists)."""
    from so8t.errors import So8tError
    from so8t.fileio import read_plain_bytes

    try:
        return json.loads(read_plain_bytes(path, what="run record", follow_links=False).decode("utf-8"))
    except (OSError, ValueError, RecursionError, So8tError):
        return None


def thin_series(points: list[tuple[float, float]], limit: int = MAX_POINTS_PER_SERIES) -> list[tuple[float, float]]:
    """At most about `limit` points, keeping each bucket's min and max so spikes survive (peak downsampling);
    a gap point (value NaN, `so8t.store.curves.GAP`) stays between the parts it separates."""
    if len(points) <= limit:
        return points
    parts: list[list[tuple[float, float]]] = [[]]
    for p in points:
        if math.isnan(p[1]):
            parts.append([])
        else:
            parts[-1].append(p)
    out: list[tuple[float, float]] = []
    for part in parts:
        if out and part:
            out.append((part[0][0], GAP))
        out.extend(_thin(part, max(2, limit * len(part) // len(points))))
    return out


def _thin(points: list[tuple[float, float]], limit: int) -> list[tuple[float, float]]:
    if len(points) <= limit:
        return points
    bucket = math.ceil(len(points) / max(1, limit // 2))
    out: list[tuple[float, float]] = []
    for i in range(0, len(points), bucket):
        chunk = points[i : i + bucket]
        lo = min(chunk, key=lambda p: p[1])
        hi = max(chunk, key=lambda p: p[1])
        out.extend(sorted({lo, hi}, key=lambda p: p[0]))
    return out


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
    """Per-stage state from run.json's `stages` mapping."""
    if not isinstance(run_json, dict) or not isinstance(run_json.get("stages"), dict):
        return {}
    return {str(name): dict(info) if isinstance(info, dict) else {"state": info}
            for name, info in run_json["stages"].items()}


def list_checkpoints(run_dir: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The run's checkpoint list (dicts as `so8t checkpoints --json`)."""
    from so8t.store.checkpoints import training_stores

    try:
        return [c.to_dict() for store in training_stores(run_dir) for c in store.list()]
    except Exception as exc:  # noqa: BLE001 - a report still prints when the store cannot read a folder
        return [{"name": "?", "valid": False, "reason": f"checkpoint list unreadable: {exc}"}]


#: The memory fields of a record, in the order a table shows them.
def _plots(events: list[Event], telemetry: list[Event]) -> dict[str, Plot]:
    # Curves by step: a resumed run's redone steps replace the old ones. Curves by time (the window's
    # readings): no line across a pause between processes. Both as the window draws them.
    # The align stage's steps count again from 1: its curves are its own, never redoing training's.
    train_events = [e for e in events if align_curve(e) is None and getattr(e, "stage", "") != ALIGN_STAGE]
    all_series = {**metric_series(train_events), **metric_series(telemetry, gap=TIME_GAP_S)}
    plots = {}
    align = {}
    for e in events:
        key = align_curve(e)
        if key is not None and key in ALIGN_PLOTS:
            align.setdefault(key, []).append(e)
    for key, curve_events in align.items():
        points = metric_series(curve_events).get(curve_events[0].name)
        if points:
            plots[key] = Plot(metric=curve_events[0].name, points=thin_series(points))
    for key, names in PLOT_SERIES.items():
        for name in names:
            if all_series.get(name):
                plots[key] = Plot(metric=name, points=thin_series(all_series[name]))
                break
    # The card's limit drawn on the VRAM plot: the largest total any telemetry event reported.
    totals = [v for _, v in all_series.get(Metrics.VRAM_TOTAL_MB, []) if not math.isnan(v)]
    if "vram" in plots and totals:
        plots["vram"].limit = max(totals)
    return plots


def gather_report(run_dir: str | os.PathLike[str], events: list[Event] | None = None) -> Report:
    """Everything the report shows, read from the run folder (no Qt, no plotting).

    `events` replaces reading events.jsonl (a caller that already holds them passes them).
    """
    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunError(f"run folder {run_dir} does not exist", "pass the folder of a run (it holds run.json)")
    layout = RunLayout(run_dir)
    run_json = _read_json(layout.run_json)
    if events is None:
        events = read_events(layout.events) if layout.events.is_file() else []
    if not isinstance(run_json, dict) and not events and not layout.checkpoints().is_dir():
        raise RunError(f"{run_dir} is not a run folder (no run.json, events.jsonl or checkpoints/)",
                       "pass the folder of a run under <workspace>/runs/")
    stages = _stages_from_run_json(run_json)
    for name, info in _stage_results(events).items():
        merged = stages.setdefault(name, {})
        for key, value in info.items():
            merged.setdefault(key, value)
    telemetry = read_events(layout.telemetry) if layout.telemetry.is_file() else []
    config = run_json.get("config") if isinstance(run_json, dict) else None
    return Report(
        run_id=str((run_json or {}).get("id") or run_dir.name),
        path=str(run_dir.resolve()),
        generated=time.strftime("%Y-%m-%d %H:%M:%S"),
        events=len(events),
        config=config if isinstance(config, dict) else None,
        stages=stages,
        records=read_run_records(run_dir),
        plots=_plots(events, telemetry),
        checkpoints=list_checkpoints(run_dir),
    )
