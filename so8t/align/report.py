"""The align stage's report section: its record's figures and the align curves."""

from __future__ import annotations

from typing import Any


def report_blocks(record: Any) -> list[Any]:
    """The align section's blocks: the record as a table (figures are drawn from events.jsonl by so8t.report.plots)."""
    from so8t.report.content import _kv, record_rows

    return [_kv(record_rows(record))]
