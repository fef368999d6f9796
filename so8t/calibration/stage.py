"""The calibrate stage's `STAGE`: temperature scaling of the safety head, with ECE, Brier and NLL before/after."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from so8t.events import EventSink
from so8t.stage_contract import Stage, StageContext, result_dict
from so8t.store.layout import RunLayout
from so8t.store.records import CalibrationResult


class CalibrateStage(Stage):
    """Temperature scaling of the safety head: RUN/calibration.json with ECE, Brier, NLL before/after."""

    name = "calibrate"
    title = "Calibrate"
    record = CalibrationResult
    module = "so8t.calibration.run"
    needs = ("triality", "bake", "train", "pretrain")
    MANAGED = ("model", "gguf", "logits", "out", "head")

    def config_class(self) -> type:
        from so8t.triality.config import CalibrationConfig

        return CalibrationConfig

    def input_paths(self, ctx: StageContext) -> dict[str, Any]:
        return {"data": ctx.stage_options(self.name).get("data")}

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return [RunLayout(ctx.run_dir).calibration]

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.calibration.run import run_calibration
        from so8t.triality.config import CalibrationConfig

        opts = ctx.stage_options(self.name)
        head = None
        if ctx.has_stage("triality") and opts.get("scorer", "auto") in ("auto", "head"):
            head_path = (ctx.run.stage("triality").get("result") or {}).get("head_path")
            if head_path:  # run.json keeps the path the stage returned: re-based if the run was moved
                head_path = RunLayout(ctx.run_dir).resolve(head_path)
            head = str(head_path) if head_path and Path(head_path).is_file() else None
        values = {**opts, "model": ctx.baked_or_base(), "gguf": None, "logits": None,
                  "out": str(ctx.run_dir), "head": head}
        return result_dict(run_calibration(CalibrationConfig.from_dict(values), events))


STAGE = CalibrateStage()
