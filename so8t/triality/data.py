"""Labelled safety data: JSONL {"text", "label"} with ALLOW / ESCALATION / DENY, split deterministically."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from so8t.errors import ConfigError, DataFileError
from so8t.jsonl import jsonl_records
from so8t.resources import RESOURCES_DIR

#: The three decisions, in the order of every logit vector, confusion row and head output.
LABELS = ("ALLOW", "ESCALATION", "DENY")
#: The labelled sample set shipped with the project (illustrative, see resources/safety/README.md).
SAMPLE_SET = RESOURCES_DIR / "safety" / "safety_samples.jsonl"
#: Default split: half trains the head, a quarter fits the temperature, a quarter is the test set
#: that no fit ever sees. On the 336-item sample set that is 168 / 84 / 84.
TRAIN_FRACTION = 0.5
CALIBRATION_FRACTION = 0.25
SPLITS = ("train", "calibration", "test")


def label_index(value: object, where: str) -> int:
    """Index of a label name in LABELS (case and surrounding spaces ignored); unknown is a DataFileError."""
    if isinstance(value, str):
        name = value.strip().upper()
        if name in LABELS:
            return LABELS.index(name)
    raise DataFileError(f"{where} has unknown label {value!r}", f"use one of: {', '.join(LABELS)}")


@dataclass(frozen=True)
class LabelledItem:
    """One request text and its decision (index into LABELS)."""

    text: str
    label: int

    @property
    def label_name(self) -> str:
        return LABELS[self.label]


def read_labelled_jsonl(path: str | os.PathLike[str]) -> list[LabelledItem]:
    """Every item of a labelled JSONL file; a missing file, bad line, empty text or unknown label is an error."""
    path = Path(path)
    items = []
    for where, obj in jsonl_records(path, "labelled data file", 'pass a JSONL file of {"text", "label"}'):
        if not isinstance(obj, dict) or "text" not in obj or "label" not in obj:
            raise DataFileError(f"{where} lacks \"text\" or \"label\"", 'write {"text": ..., "label": ...}')
        text = obj["text"]
        if not isinstance(text, str) or not text.strip():
            raise DataFileError(f"{where} has an empty or non-string text", "give each item its request text")
        items.append(LabelledItem(text, label_index(obj["label"], where)))
    if not items:
        raise DataFileError(f"labelled data file {path} holds no items", "add {\"text\", \"label\"} lines")
    present = sorted({item.label for item in items})
    if len(present) < 2:
        raise DataFileError(
            f"{path} holds only one class ({LABELS[present[0]]})",
            "add items of the other labels: " + ", ".join(n for i, n in enumerate(LABELS) if i not in present),
        )
    return items


def _stable_key(item: LabelledItem, seed: int) -> str:
    # sha256 of seed + text: the order does not depend on the file's line order or on Python's hash seed.
    return hashlib.sha256(f"{seed}\n{item.text}".encode()).hexdigest()


def split_items(
    items: list[LabelledItem],
    *,
    seed: int = 0,
    train_fraction: float = TRAIN_FRACTION,
    calibration_fraction: float = CALIBRATION_FRACTION,
) -> dict[str, list[LabelledItem]]:
    """Deterministic stratified split into train / calibration / test.

    Within each label the items are ordered by a hash of (seed, text) and cut by the fractions, so
    the split is the same on every machine, does not depend on line order, and keeps the label
    balance of the file in every part. train_fraction may be 0 (a scorer that needs no training).
    """
    if not (0.0 <= train_fraction < 1.0 and 0.0 < calibration_fraction < 1.0
            and train_fraction + calibration_fraction < 1.0):
        raise ConfigError(
            f"split fractions train={train_fraction}, calibration={calibration_fraction} are invalid",
            "use fractions in [0, 1) whose sum is below 1 (the rest is the test split)",
        )
    parts: dict[str, list[LabelledItem]] = {name: [] for name in SPLITS}
    for label in range(len(LABELS)):
        group = sorted((it for it in items if it.label == label), key=lambda it: _stable_key(it, seed))
        n = len(group)
        n_train = int(round(n * train_fraction))
        n_cal = int(round(n * calibration_fraction))
        parts["train"] += group[:n_train]
        parts["calibration"] += group[n_train:n_train + n_cal]
        parts["test"] += group[n_train + n_cal:]
    for name in SPLITS:
        parts[name].sort(key=lambda it: _stable_key(it, seed))
    return parts
