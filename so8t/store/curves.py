"""A run's metric curves from its events, as the window draws them and the report plots them: a step that
a resumed run redoes replaces the old points, and a pause between processes breaks a curve by time."""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence

from so8t.events import Event, MetricEvent

#: The value of a point that breaks a curve (plotters draw no line across a NaN).
GAP = math.nan


def redone_from(steps: Sequence[float], n: int, step: float) -> int:
    """How many of the first `n` points (steps ascending) a new point at `step` keeps.

    A run resumed from an earlier checkpoint redoes the steps after it: a step at or before the last
    one replaces the points from that step on, so the later value of a repeated step wins and the
    curve stays a function of the step. The window's curves and the report's plots both follow it.
    """
    if n and step <= steps[n - 1]:
        return bisect.bisect_left(steps, step, 0, n)
    return n


def metric_series(events: Iterable[Event], gap: float | None = None) -> dict[str, list[tuple[float, float]]]:
    """Every metric as {name: [(step, value), …]} (finite values), a redone step's later value winning
    (`redone_from`); with `gap`, a point (step, GAP) breaks a curve where its step grows by more than
    `gap` between two readings (curves by time: a pause between processes, as the window draws them)."""
    series: dict[str, list[tuple[float, float]]] = {}
    steps: dict[str, list[float]] = {}
    for ev in events:
        if not (isinstance(ev, MetricEvent) and math.isfinite(ev.value) and math.isfinite(ev.step)):
            continue
        points, xs = series.setdefault(ev.name, []), steps.setdefault(ev.name, [])
        keep = redone_from(xs, len(xs), ev.step)
        del points[keep:], xs[keep:]
        if gap is not None and xs and ev.step - xs[-1] > gap:
            points.append((xs[-1], GAP))
            xs.append(xs[-1])
        points.append((ev.step, ev.value))
        xs.append(ev.step)
    return series


def stage_metric_series(events: Iterable[Event]) -> dict[tuple[str, str], list[tuple[float, float]]]:
    """Every metric as {(stage, name): [(step, value), …]}, non-finite values kept (a NaN loss is a fact
    to show, not a gap), a redone step's later value winning (`redone_from`); a non-finite step is no point."""
    series: dict[tuple[str, str], list[tuple[float, float]]] = {}
    steps: dict[tuple[str, str], list[float]] = {}
    for ev in events:
        if not (isinstance(ev, MetricEvent) and math.isfinite(ev.step)):
            continue
        key = (ev.stage, ev.name)
        points, xs = series.setdefault(key, []), steps.setdefault(key, [])
        keep = redone_from(xs, len(xs), ev.step)
        del points[keep:], xs[keep:]
        points.append((ev.step, ev.value))
        xs.append(ev.step)
    return series
