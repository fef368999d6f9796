"""The align stage's STAGE: a training stage on the shared session, after train, optional."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from so8t.align.record import AlignResult
from so8t.events import EventSink
from so8t.stage_contract import Stage, StageContext
from so8t.store.layout import MANIFEST_FILE, RunLayout

NAME = "align"


class AlignStage(Stage):
    """DPO or GRPO from the run's newest training checkpoint; checkpoints in RUN/align/checkpoints."""

    name = NAME
    title = "Align (DPO / GRPO)"
    module = "so8t.align.run"
    optional = True
    needs = ("data", "train", "pretrain")
    requires_stages = ("train",)
    record = AlignResult
    resumable = True
    report_block = "so8t.align.report:report_blocks"
    #: The pipeline starts align from the run's own training checkpoint: no other model, no new run.
    MANAGED = ("run", "model", "out")

    def config_class(self) -> type:
        from so8t.align.config import AlignConfig

        return AlignConfig

    def check(self, table: dict[str, Any]) -> None:
        from so8t.align.config import AlignConfig

        AlignConfig.from_dict(table)

    def checkpoint_dir(self, run_dir: Path) -> Path:
        return RunLayout(run_dir).checkpoints(NAME)

    def input_paths(self, ctx: StageContext) -> dict[str, Any]:
        data = ctx.stage_options(self.name).get("data")
        return {"data": data} if data else {}

    def _newest(self, ctx: StageContext) -> Any:
        from so8t.store.checkpoints import CheckpointStore

        return CheckpointStore(ctx.run_dir, stage=NAME).newest_valid()

    def output_paths(self, ctx: StageContext) -> list[Path]:
        newest = self._newest(ctx)
        return [Path(newest.path) / MANIFEST_FILE] if newest is not None else [RunLayout(ctx.run_dir).checkpoints(NAME)]

    def can_continue(self, ctx: StageContext) -> bool:
        return self._newest(ctx) is not None

    def summary(self, result: dict[str, Any]) -> str:
        from so8t.align.run import summary_line

        return summary_line(result)

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.align.config import AlignConfig
        from so8t.align.run import align

        values = {**ctx.stage_options(self.name), "run": str(ctx.run_dir), "model": "", "out": ""}
        config = AlignConfig.from_dict(values, source=f"[{self.name}]")
        resume = None
        if ctx.checkpoint is not None:
            resume = ctx.checkpoint
            events.log(f"continuing align from the chosen checkpoint {ctx.checkpoint}")
        elif ctx.interrupted and self.can_continue(ctx):
            resume = "newest"
        if resume is not None:
            # A resume loads no reward code from the run's stored options: a run with FILE.py rewards is
            # refused by name (`so8t align --resume RUN --reward …` continues it).
            config = config.replace(reward=[])
        return align(config, ctx.run_dir, events, resume=resume).to_dict()


STAGE = AlignStage()
