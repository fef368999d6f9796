"""Precomputed 3-class logits as JSONL {"logits": [a, b, c], "label": ..., "split"?: "calibration"|"test"}."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from so8t.errors import DataFileError
from so8t.jsonl import jsonl_records
from so8t.triality.data import LABELS, label_index

LOGIT_SPLITS = ("calibration", "test")


@dataclass
class LogitsSet:
    """Logits (N, 3), label indices (N,), and each item's split ('' where the file names none)."""

    logits: np.ndarray
    labels: np.ndarray
    splits: list[str]


def read_logits_jsonl(path: str | os.PathLike[str]) -> LogitsSet:
    """Every item of a logits file. NaN/Infinity (as Python's json writes them) are read and left for
    check_logits to refuse with the item number; unknown labels and malformed lines are refused here."""
    path = Path(path)
    hint = 'write one {"logits": [a, b, c], "label": "ALLOW"|"ESCALATION"|"DENY"} per line'
    rows, labels, splits = [], [], []
    for where, obj in jsonl_records(path, "logits file", hint):
        if not isinstance(obj, dict) or "logits" not in obj or "label" not in obj:
            raise DataFileError(f"{where} lacks \"logits\" or \"label\"", hint)
        values = obj["logits"]
        if (not isinstance(values, list) or len(values) != len(LABELS)
                or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)):
            raise DataFileError(f"{where} does not hold {len(LABELS)} numeric logits", hint)
        split = obj.get("split", "")
        if split not in ("", *LOGIT_SPLITS):
            raise DataFileError(f"{where} has unknown split {split!r}", f"use one of: {', '.join(LOGIT_SPLITS)}")
        rows.append([float(v) for v in values])
        labels.append(label_index(obj["label"], where))
        splits.append(split)
    if not rows:
        raise DataFileError(f"logits file {path} holds no items", hint)
    if len(set(labels)) < 2:
        raise DataFileError(
            f"{path} holds only one class ({LABELS[labels[0]]})",
            "add items of the other labels: " + ", ".join(n for i, n in enumerate(LABELS) if i != labels[0]),
        )
    named = {s for s in splits if s}
    if named and "" in splits:
        raise DataFileError(f"{path} gives a split for some items but not others",
                            'give every item a "split" or none of them')
    return LogitsSet(np.array(rows, dtype=np.float64), np.array(labels, dtype=np.int64), splits)


def split_logits(data: LogitsSet, *, calibration_share: float, seed: int) -> dict[str, np.ndarray]:
    """Indices of the calibration and test items: the file's own "split" fields if it has them,
    else a stratified seeded shuffle with `calibration_share` of each label for calibration."""
    if data.splits and data.splits[0]:
        return {name: np.array([i for i, s in enumerate(data.splits) if s == name], dtype=np.int64)
                for name in LOGIT_SPLITS}
    rng = np.random.default_rng(seed)
    cal, test = [], []
    for label in range(len(LABELS)):
        idx = np.flatnonzero(data.labels == label)
        idx = idx[rng.permutation(len(idx))]
        k = int(round(len(idx) * calibration_share))
        cal += idx[:k].tolist()
        test += idx[k:].tolist()
    return {"calibration": np.array(sorted(cal), dtype=np.int64), "test": np.array(sorted(test), dtype=np.int64)}
