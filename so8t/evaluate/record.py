"""The evaluation record: the A/B table, each model's figures and each item's result (RUN/evaluation.json).

Items keep final answers and sha256 hashes of whole outputs, never thinking text, so the table can be
recomputed from the record alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from so8t.store.layout import EVALUATION_FILE
from so8t.store.records import MemoryPeaks


@dataclass
class EvaluationResult(MemoryPeaks):
    """Base against tuned (and baked, each GGUF) on a held-out set."""

    KIND, FILE, FORMAT = "evaluation", EVALUATION_FILE, 1

    data: str = field(metadata={"label": "held-out set"})
    n_items: int = field(metadata={"label": "held-out items"})
    compared: str = field(metadata={"label": "compared"})
    summary: str = field(metadata={"label": "in plain words"})
    #: Rows {metric, label, higher_is_better, base, tuned, delta, ci_low, ci_high, p_value?, n}.
    ab: list[dict[str, Any]] = field(default_factory=list)
    #: Per model (base, tuned, baked, gguf:<file>): its figures.
    models: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Per item: its label, reference, and per model the final answer, its hash and its scores.
    items: list[dict[str, Any]] = field(default_factory=list)
    #: lm-evaluation-harness results per task (absent when no task folder was given).
    lm_eval: dict[str, Any] | None = None
    collapsed: list[str] = field(default_factory=list)
    seconds: float | None = field(default=None, metadata={"label": "seconds"})
    config: dict[str, Any] = field(default_factory=dict)

    def row(self, metric: str) -> dict[str, Any] | None:
        """The A/B row of `metric`, None when the table has none."""
        return next((r for r in self.ab if r.get("metric") == metric), None)
