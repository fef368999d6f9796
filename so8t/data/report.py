"""The data stage's report section: its counts, the token-length histogram, the drops and the thinking forms."""

from __future__ import annotations

from typing import Any

from so8t.data.record import DataRecord
from so8t.report.content import Table, _kv, record_rows
from so8t.report.format import format_value
from so8t.report.words import tr
from so8t.store.records import field_labels


def data_blocks(record: DataRecord) -> list[Any]:
    """The record's figures as a table, then the histogram, the drops and the thinking forms (the report's data section)."""
    labels = field_labels(DataRecord)
    blocks: list[Any] = [_kv(record_rows(record))]
    histogram = record.histogram
    if histogram and histogram.get("counts"):
        edges, counts = histogram["edges"], histogram["counts"]
        rows = [[f"{lo}–{hi - 1}" if i < len(counts) - 1 else f"{lo}+", str(n)]
                for i, (lo, hi, n) in enumerate(zip(edges[:-1], edges[1:], counts, strict=True))]
        blocks.append(Table([tr(labels["histogram"]), tr("support")], rows, caption=tr(labels["histogram"])))
    drops = [[reason, str(n)] for reason, n in record.dropped.items() if n]
    blocks.append(Table([tr(labels["dropped"]), tr("support")], drops or [[tr("none"), "0"]],
                        caption=tr(labels["dropped"])))
    forms = (record.statistics.get("thinking") or {}).get("forms") or {}
    if forms:
        blocks.append(Table([tr(labels["compliant_share"]), tr("support")],
                            [[form, format_value(n)] for form, n in forms.items()],
                            caption=tr(labels["compliant_share"])))
    return blocks
