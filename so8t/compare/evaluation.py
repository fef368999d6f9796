"""A run's evaluation (A/B) table, read through the evaluate stage's own record type; None where it has none."""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from so8t.errors import RecordError
from so8t.stage_contract import all_stages
from so8t.store.layout import RunLayout
from so8t.store.records import read_record

#: The stage whose record holds the A/B table (its `ab` rows).
EVALUATE_STAGE = "evaluate"
#: The columns of an A/B row, in the order a table shows them.
AB_COLUMNS = ("metric", "base", "tuned", "delta", "ci_low", "ci_high", "p_value")


@dataclass(frozen=True)
class AbRow:
    """One row of an A/B table: a metric for the base and the tuned model, tuned − base, its 95 % interval."""

    metric: str
    higher_is_better: bool
    base: float | None
    tuned: float | None
    delta: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    p_value: float | None = None
    #: How a person reads the metric (the record's `label`; the metric's key where it has none).
    label: str = ""

    @property
    def name(self) -> str:
        return self.label or self.metric


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _row(item: Any) -> AbRow | None:
    data = dataclasses.asdict(item) if dataclasses.is_dataclass(item) and not isinstance(item, type) else item
    if not isinstance(data, dict) or not isinstance(data.get("metric"), str):
        return None
    label = data.get("label")
    return AbRow(metric=data["metric"], higher_is_better=bool(data.get("higher_is_better", True)),
                 label=label if isinstance(label, str) else "",
                 **{key: _number(data.get(key)) for key in AB_COLUMNS[1:]})


def evaluation_record(run_dir: str | os.PathLike[str]) -> Any | None:
    """The run's evaluation record, read through the evaluate stage's own record type; None where the run
    has none (or this installation no evaluate stage). One that cannot be read is a RecordError naming it."""
    stage = all_stages().get(EVALUATE_STAGE)
    record_type = getattr(stage, "record", None)
    if record_type is None or not getattr(record_type, "FILE", ""):
        return None
    path = RunLayout(run_dir).record(record_type)
    if not path.is_file():
        return None
    record = read_record(record_type, path)
    if not isinstance(getattr(record, "ab", None), list):
        raise RecordError(f"evaluation record {path} has no A/B table (no `ab` list)",
                          "run `so8t evaluate RUN` again to write a complete record")
    return record


def ab_rows(record: Any) -> list[AbRow]:
    """A record's A/B rows as numbers (for TensorBoard and --json); rows without a metric are left out."""
    return [row for row in (_row(item) for item in getattr(record, "ab", None) or []) if row is not None]


def evaluation_rows(run_dir: str | os.PathLike[str]) -> list[AbRow] | None:
    """The run's A/B rows; None where it has no evaluation."""
    record = evaluation_record(run_dir)
    return None if record is None else ab_rows(record)


def evaluation_cells(record: Any, tr: Any = str) -> tuple[list[str], list[list[str]]]:
    """(header, rows) of a record's A/B table as the evaluate stage itself writes it (rates in percent,
    deltas in points), in the language `tr` gives: the comparison shows each run's table as its Results do."""
    from so8t.evaluate.report import ab_cells

    return ab_cells(record, tr)
