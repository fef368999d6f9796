"""Calibration of 3-class safety scores: metrics (ECE, Brier, NLL …) and temperature scaling."""

from so8t.calibration.temperature import T_MAX, T_MIN, fit_temperature
from so8t.triality.metrics import (
    ECE_BINS,
    brier_score,
    expected_calibration_error,
    negative_log_likelihood,
    reliability_bins,
    score_report,
    softmax,
)

__all__ = [
    "ECE_BINS", "T_MAX", "T_MIN", "brier_score", "expected_calibration_error", "fit_temperature",
    "negative_log_likelihood", "reliability_bins", "score_report", "softmax",
]
