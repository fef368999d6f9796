"""The data stage's settings: the [data] table, the `so8t data` flags and the window's options form."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from so8t.config import StageConfig
from so8t.data.clean import NEAR_THRESHOLD
from so8t.errors import ConfigError

#: The held-out share when none is given: 5 % (at least one sample).
DEFAULT_VAL_SHARE = 0.05
#: Tokens per sample when neither --max-length nor the run's training settings give one.
DEFAULT_MAX_LENGTH = 1024
#: REVIEW replaces ALLOW or ESCALATION when the safety head's top probability is under this.
DEFAULT_REVIEW_BELOW = 0.6
#: Buckets `--drop` may move out of the SFT files.
DROPPABLE_BUCKETS = ("DENY", "REVIEW")


def _help(text: str, **extra: object) -> dict[str, object]:
    return {"help": text, **extra}


@dataclass
class DataConfig(StageConfig):
    """The [data] table: the files to prepare and how."""

    files: list[str] = field(default_factory=list, metadata=_help(
        "data files (JSONL, JSON, CSV, TSV, Parquet) or Hugging Face dataset folders, of one kind"))
    model: str | None = field(default=None, metadata=_help(
        "model folder whose tokenizer and chat template measure the samples (default: the run's model)",
        path=True))
    map: list[str] = field(default_factory=list, metadata=_help(
        "FIELD=COLUMN renames a column of every file to a field (prompt, response, answer, reasoning, …)"))
    val_share: float = field(default=DEFAULT_VAL_SHARE, metadata=_help(
        "share of the samples held out for validation (at least one)", max=0.9))
    max_length: int | None = field(default=None, metadata=_help(
        f"tokens a sample may have before training cuts it (default: the run's training value, else "
        f"{DEFAULT_MAX_LENGTH})", min=8))
    keep_duplicates: bool = field(default=False, metadata=_help(
        "keep exact and near duplicates (still counted, and never split across train and validation)"))
    near_threshold: float = field(default=NEAR_THRESHOLD, metadata=_help(
        "Jaccard similarity of word 5-grams at which two samples are near duplicates", min=0.5, max=1.0))
    strict_thinking: bool = field(default=False, metadata=_help(
        "drop samples whose thinking tags are malformed (counted as malformed_thinking)"))
    thinking_format: Literal["basic", "four-section"] | None = field(default=None, metadata=_help(
        "convert mapped columns to the thinking format: basic (reasoning, answer) or four-section "
        "(task, safety, policy, answer)"))
    label_with: str | None = field(default=None, metadata=_help(
        "a run with a safety head: score every prompt into ALLOW / ESCALATION / DENY / REVIEW", path=True))
    review_below: float = field(default=DEFAULT_REVIEW_BELOW, metadata=_help(
        "REVIEW when the head's top probability is under this (DENY stays DENY)", max=1.0))
    drop: list[Literal["DENY", "REVIEW"]] = field(default_factory=list, metadata=_help(
        "safety buckets moved out of the SFT files into data/held_out_by_safety.jsonl"))
    seed: int = field(default=0, metadata=_help("seed of the train / validation split"))

    def validate(self) -> None:
        if self.drop and not self.label_with:
            raise ConfigError("drop needs label_with", "give --label-with RUN (a run with a safety head)")
