"""The report stage's `STAGE`: RUN/report.pdf with the plots and tables of every stage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from so8t.events import EventSink
from so8t.stage_contract import EXISTING_RUN, Stage, StageContext, all_stages, result_dict
from so8t.store.layout import RunLayout


class ReportStage(Stage):
    """RUN/report.pdf with the plots and tables of every stage."""

    name = "report"
    title = "Report"
    module = "so8t.report"
    arguments = EXISTING_RUN

    @property
    def needs(self) -> tuple[str, ...]:  # type: ignore[override]
        """Every other stage: the report shows them all, so a change in any makes it stale."""
        return tuple(name for name in all_stages() if name != self.name)

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return [RunLayout(ctx.run_dir).report_pdf]

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.report.writer import write_report

        return result_dict(write_report(ctx.run_dir, RunLayout(ctx.run_dir).report_pdf, events=events, force=True))


STAGE = ReportStage()
