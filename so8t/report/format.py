"""How a report value reads: numbers, sizes, and a human label for every record field (window, PDF and HTML alike)."""

from __future__ import annotations

import math
from dataclasses import fields
from typing import Any

from so8t.report.words import tr
from so8t.store.records import record_types

#: Nested lists longer than this print as "N values" so a table row stays one line.
MAX_INLINE_LIST = 8

#: What each record field is called where a person reads it: the labels the record types give their
#: fields (`metadata["label"]`); a field without one reads as its key with spaces ("gate_source" -> "gate source").
FIELD_LABELS = {f.name: f.metadata["label"] for record_type in record_types() for f in fields(record_type)
                if f.metadata.get("label")}


def label(key: str) -> str:
    """The human label of a record field."""
    return tr(FIELD_LABELS[key]) if key in FIELD_LABELS else key.replace("_", " ")


def format_value(value: Any) -> str:
    """One cell's text: short floats, lists summarised, None as a dash."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value == 0 or 1e-3 <= abs(value) < 1e6:
            return f"{value:.4g}"
        return f"{value:.3e}"
    if isinstance(value, (list, tuple)):
        if len(value) <= MAX_INLINE_LIST and all(not isinstance(v, (list, dict)) for v in value):
            return "[" + ", ".join(format_value(v) for v in value) + "]"
        return tr("{0} values").format(len(value))
    if isinstance(value, dict):
        return tr("{0} fields").format(len(value))
    return str(value)


#: Significant figures of a relative change under 1 %: "+0.0042%", never a "+0.00%" that hides it.
CHANGE_FIGURES = 2
#: Below this many percent a change is shown as zero (far under any bound a check applies).
CHANGE_FLOOR_PERCENT = 1e-6


def format_relative_change(value: float) -> str:
    """A relative change as a signed percentage: two decimals from 1 % on, two significant figures under it."""
    percent = float(value) * 100
    if abs(percent) >= 1:
        return f"{percent:+.2f}%"
    if abs(percent) < CHANGE_FLOOR_PERCENT:
        return "+0%"
    decimals = CHANGE_FIGURES - 1 - math.floor(math.log10(abs(percent)))
    return f"{percent:+.{decimals}f}%"


def format_size(size: Any) -> str:
    """Bytes as B / KiB / MiB / GiB ("—" when unknown)."""
    if not isinstance(size, (int, float)) or isinstance(size, bool):
        return "—"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


#: Fields that are shares of a whole: shown as percentages.
PERCENT_FIELDS = ("top1_agreement", "top1_agreement_reference", "tokenizer_agreement")


def format_field(key: str, value: Any) -> str:
    """A record field's text: verdicts as passed/failed, agreements as percentages, sizes in bytes units."""
    if key == "passed" and isinstance(value, bool):
        return verdict(value)
    if key in PERCENT_FIELDS and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:.2%}"
    if key == "size_bytes":
        return format_size(value)
    return format_value(value)


def verdict(passed: bool) -> str:
    """How a verification outcome reads: "passed" or "failed"."""
    return tr("passed") if passed else tr("failed")


def memory_summary(result: Any) -> str:
    """The training stage's measured peaks beside its estimate, in one line ('' where no GPU peak was measured).

    `result` is the train record (a TrainResult) or the run.json copy of it (a dict).
    """
    get = result.get if isinstance(result, dict) else (lambda key: getattr(result, key, None))
    if result is None or not get("peak_gpu_allocated_mib"):
        return ""
    gib = 1024.0
    text = tr("peak GPU memory {0:.2f} GiB allocated").format(get("peak_gpu_allocated_mib") / gib)
    if get("peak_nvml_mib"):
        text += tr(", {0:.2f} GiB on the card (NVML)").format(get("peak_nvml_mib") / gib)
    est = get("memory_estimate")
    if isinstance(est, dict) and est.get("peak_gib") is not None:
        text += tr("; estimate {0:.2f} GiB allocated, {1:.2f} GiB on the card").format(est["peak_gib"],
                                                                                      est.get("nvml_gib", 0))
        if est.get("offload"):
            text += tr(" (activations offloaded)")
    return text
