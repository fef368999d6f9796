"""The data stage's record, RUN/data/data.json: counts, drops, duplicate clusters and statistics."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from so8t.data.shapes import KINDS
from so8t.store.layout import DATA_DIR, DATA_RECORD_FILE
from so8t.store.records import MemoryPeaks


@dataclass
class DataRecord(MemoryPeaks):
    """What the data stage prepared: counts, drops, duplicate clusters and the figures of the samples written."""

    KIND, FILE, FORMAT = "data", f"{DATA_DIR}/{DATA_RECORD_FILE}", 1

    kind: str = field(metadata={"label": "kind of samples", "values": KINDS})
    samples_in: int = field(metadata={"label": "samples read"})
    samples_out: int = field(metadata={"label": "samples written"})
    train: int = field(metadata={"label": "training samples"})
    val: int = field(metadata={"label": "validation samples"})
    kinds: dict[str, int] = field(metadata={"label": "samples by kind"})
    dropped: dict[str, int] = field(metadata={"label": "dropped, by reason"})
    files: list[dict[str, Any]] = field(default_factory=list, metadata={"label": "files and shapes"})
    duplicates_kept: bool = field(default=False, metadata={"label": "duplicates kept"})
    clusters: int = field(default=0, metadata={"label": "duplicate clusters"})
    cluster_list: list[dict[str, Any]] = field(default_factory=list)
    #: The first lines dropped as too_long_line, "file:line N" (over the line cap, `--max-line-mb`).
    too_long_lines: list[str] = field(default_factory=list)
    max_length: int | None = field(default=None, metadata={"label": "max_length (tokens)"})
    mean_tokens: float | None = field(default=None, metadata={"label": "mean tokens per sample"})
    trained_tokens: int | None = field(default=None, metadata={"label": "trained (assistant) tokens"})
    prompt_tokens: int | None = field(default=None, metadata={"label": "prompt tokens"})
    truncated_share: float | None = field(default=None, metadata={"label": "share cut at max_length"})
    tokens_lost: int | None = field(default=None, metadata={"label": "tokens lost at max_length"})
    compliant_share: float | None = field(default=None, metadata={"label": "thinking-format compliance"})
    #: Token lengths: {"edges": [...], "counts": [...]}, each bin [lo, hi) (the last takes the rest).
    histogram: dict[str, list[int]] | None = field(default=None, metadata={"label": "token lengths"})
    statistics: dict[str, Any] = field(default_factory=dict)
    safety: dict[str, Any] | None = None
    tokenizer: str | None = field(default=None, metadata={"label": "measured with"})
    seed: int = field(default=0, metadata={"label": "random seed"})
    val_share: float = field(default=0.0, metadata={"label": "validation share"})
    seconds: float = field(default=0.0, metadata={"label": "time (s)"})
