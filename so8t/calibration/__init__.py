"""Calibration of 3-class safety scores: metrics (ECE, Brier, NLL …) and temperature scaling.

`STAGE` imports without numpy (the pipeline's order and `so8t --help` read it); the metrics and the
fit load on first use.
"""

import importlib
from typing import Any

from so8t.calibration.stage import STAGE

#: The package's names and the module each comes from, imported when first asked for.
_LAZY = {
    "T_MAX": "so8t.calibration.temperature", "T_MIN": "so8t.calibration.temperature",
    "fit_temperature": "so8t.calibration.temperature",
    **{name: "so8t.triality.metrics" for name in (
        "ECE_BINS", "brier_score", "expected_calibration_error", "negative_log_likelihood", "reliability_bins",
        "score_report", "softmax")},
}

__all__ = ["STAGE", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'so8t.calibration' has no attribute {name!r}")
