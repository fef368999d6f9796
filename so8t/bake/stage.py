"""The bake stage's `STAGE`: the trained gates folded into o_proj, RUN/baked a plain HF folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from so8t.events import EventSink
from so8t.stage_contract import Stage, StageContext, result_dict
from so8t.store.layout import RunLayout
from so8t.store.records import BakeResult


class BakeStage(Stage):
    """Fold the trained gates into o_proj: RUN/baked, a plain HF folder."""

    name = "bake"
    title = "Bake gates into weights"
    module = "so8t.bake.exact"
    record = BakeResult
    needs = ("align", "train", "pretrain")
    requires_stages = ("train",)
    # A run bakes the gates it trained: `so8t bake --random-gates`'s angle and seed are refused by name.
    MANAGED = ("model", "out", "gates", "random_gates", "force", "angle", "seed")

    def config_class(self) -> type:
        from so8t.bake.config import BakeConfig

        return BakeConfig

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return [RunLayout(ctx.run_dir).baked]

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.bake.config import BakeConfig
        from so8t.bake.exact import bake

        values = {**ctx.stage_options(self.name), "model": ctx.trained_model(), "out": str(RunLayout(ctx.run_dir).baked),
                  "gates": str(ctx.run_dir), "random_gates": False, "force": True}
        return result_dict(bake(BakeConfig.from_dict(values), events))


STAGE = BakeStage()
