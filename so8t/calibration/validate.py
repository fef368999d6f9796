"""Checks on logits and labels before any fit: finite values, enough items, more than one class."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from so8t.errors import DataFileError

#: Below this many items a fitted temperature mostly follows noise (a handful of items can push T to
#: a bound); 30 is the usual floor for a one-parameter fit with a usable standard error.
MIN_CALIBRATION_ITEMS = 30


def check_logits(logits: np.ndarray, source: str, n_classes: int) -> np.ndarray:
    """The logits as a float64 (N, n_classes) array; NaN/inf or a wrong shape is a DataFileError."""
    arr = np.asarray(logits, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != n_classes:
        raise DataFileError(
            f"logits from {source} have shape {tuple(arr.shape)}, expected (items, {n_classes})",
            f"give exactly {n_classes} logits per item",
        )
    bad = np.flatnonzero(~np.isfinite(arr).all(axis=1))
    if bad.size:
        kind = "NaN" if np.isnan(arr[bad[0]]).any() else "inf"
        raise DataFileError(
            f"logits from {source} are not finite ({bad.size} item(s), first: item {int(bad[0]) + 1} has {kind})",
            "re-score those items or drop them; a model that outputs NaN/inf needs fixing first",
        )
    return arr


def check_calibration_set(labels: np.ndarray, source: str, class_names: Sequence[str]) -> None:
    """A calibration set needs at least MIN_CALIBRATION_ITEMS items and at least two labels."""
    labels = np.asarray(labels)
    if len(labels) < MIN_CALIBRATION_ITEMS:
        raise DataFileError(
            f"{source} has {len(labels)} calibration item(s), fewer than {MIN_CALIBRATION_ITEMS}",
            f"add labelled items so that the calibration split holds at least {MIN_CALIBRATION_ITEMS}",
        )
    present = sorted(set(int(x) for x in labels))
    if len(present) < 2:
        raise DataFileError(
            f"{source} holds only one class ({class_names[present[0]]}) in its calibration items",
            "add items of the other labels: " + ", ".join(n for i, n in enumerate(class_names) if i not in present),
        )
