"""Checks on a calibration set before any fit: enough items, more than one class (the logits: triality.metrics)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from so8t.errors import DataFileError

#: Below this many items a fitted temperature mostly follows noise (a handful of items can push T to
#: a bound); 30 is the usual floor for a one-parameter fit with a usable standard error.
MIN_CALIBRATION_ITEMS = 30


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
