"""The run report: gathered from the run folder, laid out once as sections, rendered as PDF and HTML (no Qt).

gather.py reads the run (records, events, checkpoints); content.py lays it out as text, tables and
figures with human labels; plots.py draws the figures (matplotlib Agg); pdf.py and html.py render
the same sections; writer.py writes both files. `STAGE` imports none of them (the pipeline's order
and `so8t --help` read it); the names below load their module on first use.
"""

import importlib
from typing import Any

from so8t.report.stage import STAGE

#: The package's names and the module each comes from, imported when first asked for.
_LAZY = {
    **{name: "so8t.report.content" for name in (
        "GGUF_COLUMNS", "SECTION_TITLES", "bake_summary", "gguf_fidelity_rows", "record_rows")},
    **{name: "so8t.report.format" for name in (
        "format_field", "format_size", "format_value", "label", "memory_summary", "verdict")},
    **{name: "so8t.report.gather" for name in (
        "SECTIONS", "Plot", "Report", "gather_report", "list_checkpoints", "thin_series")},
    "metric_series": "so8t.store.curves",
    "ReportResult": "so8t.report.writer", "write_report": "so8t.report.writer",
}

__all__ = ["STAGE", *sorted(_LAZY)]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'so8t.report' has no attribute {name!r}")
