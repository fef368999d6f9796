"""The triality stage's `STAGE`: the ALLOW / ESCALATION / DENY head on the baked model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from so8t.events import EventSink
from so8t.stage_contract import Stage, StageContext, result_dict
from so8t.store.layout import RunLayout
from so8t.store.records import TrialityResult


class TrialityStage(Stage):
    """The ALLOW / ESCALATION / DENY head on the baked model: RUN/triality.json (+ the head)."""

    name = "triality"
    title = "Triality safety head"
    record = TrialityResult
    module = "so8t.triality"
    needs = ("bake", "train", "pretrain")
    MANAGED = ("model", "gguf", "out", "head")

    def config_class(self) -> type:
        from so8t.triality.config import TrialityConfig

        return TrialityConfig

    def input_paths(self, ctx: StageContext) -> dict[str, Any]:
        return {"data": ctx.stage_options(self.name).get("data")}

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return [RunLayout(ctx.run_dir).triality]

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.triality.config import TrialityConfig
        from so8t.triality.run import run_triality

        values = {**ctx.stage_options(self.name), "model": ctx.baked_or_base(), "gguf": None,
                  "out": str(ctx.run_dir), "head": None}
        return result_dict(run_triality(TrialityConfig.from_dict(values), events))


STAGE = TrialityStage()
