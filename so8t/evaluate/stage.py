"""The evaluate stage's STAGE: an optional stage after the models exist; `so8t evaluate RUN` runs it on a run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from so8t.evaluate.config import EvaluateConfig
from so8t.evaluate.record import EvaluationResult
from so8t.events import EventSink
from so8t.stage_contract import EXISTING_RUN, Stage, StageContext
from so8t.store.layout import RunLayout


class EvaluateStage(Stage):
    """Base against tuned (and baked, each GGUF) on a held-out set: RUN/evaluation.json with the A/B table."""

    name = "evaluate"
    title = "Evaluate (A/B)"
    module = "so8t.evaluate"
    optional = True
    record = EvaluationResult
    arguments = EXISTING_RUN
    needs = ("pretrain", "train", "bake", "export", "quantize", "triality", "calibrate")
    report_block = "so8t.evaluate.report:report_blocks"
    results_view = "gui.evaluate_results:EvaluationView"
    MANAGED = ("run",)

    def config_class(self) -> type:
        return EvaluateConfig

    def input_paths(self, ctx: StageContext) -> dict[str, Any]:
        opts = ctx.stage_options(self.name)
        return {key: opts[key] for key in ("data", "lm_eval_tasks") if opts.get(key)}

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return [RunLayout(ctx.run_dir).evaluation]

    def summary(self, result: dict[str, Any]) -> str:
        return str(result.get("summary") or "")

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.evaluate.run import run_evaluate

        config = EvaluateConfig.from_dict({**ctx.stage_options(self.name), "run": str(ctx.run_dir)})
        return run_evaluate(config, events).to_dict()


STAGE = EvaluateStage()
