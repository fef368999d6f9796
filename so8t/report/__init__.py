"""The run report: gathered from the run folder, laid out once as sections, rendered as PDF and HTML (no Qt).

gather.py reads the run (records, events, checkpoints); content.py lays it out as text, tables and
figures with human labels; plots.py draws the figures (matplotlib Agg); pdf.py and html.py render
the same sections; writer.py writes both files.
"""

from so8t.report.content import GGUF_COLUMNS, SECTION_TITLES, bake_summary, gguf_fidelity_rows, record_rows
from so8t.report.format import format_field, format_size, format_value, label, memory_summary, verdict
from so8t.report.gather import (
    SECTIONS,
    Plot,
    Report,
    gather_report,
    list_checkpoints,
    metric_series,
    thin_series,
)
from so8t.report.writer import ReportResult, write_report

__all__ = [
    "GGUF_COLUMNS", "SECTIONS", "SECTION_TITLES", "Plot", "Report", "ReportResult", "bake_summary", "format_field",
    "format_size",
    "format_value", "gather_report", "gguf_fidelity_rows", "label", "list_checkpoints", "memory_summary", "metric_series",
    "record_rows", "thin_series", "verdict", "write_report",
]
