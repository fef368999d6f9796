"""The training stage's `STAGE`: SO(8) gates + (Q)LoRA adapters, checkpointed and resumable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from so8t.events import EventSink
from so8t.stage_contract import Stage, StageContext, result_dict
from so8t.store.layout import MANIFEST_FILE, RunLayout
from so8t.store.records import TrainResult


class TrainStage(Stage):
    """SO(8) gates + (Q)LoRA adapters; checkpoints in RUN/checkpoints, resumable from the newest valid one."""

    name = "train"
    title = "Train gates (QLoRA)"
    module = "so8t.train"
    needs = ("data", "pretrain")
    record = TrainResult
    resumable = True
    PATHS = ("model", "data")

    def config_class(self) -> type:
        from so8t.train.config import TrainConfig

        return TrainConfig

    def required_options(self, stage_names: list[str]) -> tuple[str, ...]:
        # A run cannot train without data (its own, or the data stage's data/train.jsonl), nor without a
        # model unless it pretrains its own.
        needed = () if "data" in stage_names else ("data",)
        return needed if "pretrain" in stage_names else (*needed, "model")

    def check(self, table: dict[str, Any]) -> None:
        from so8t.train.config import TrainConfig

        # The model may come from the pretrain stage, which has not run yet: any name passes here.
        TrainConfig.from_dict({**table, "model": table.get("model") or "(made by pretrain)"})

    def check_inputs(self, table: dict[str, Any]) -> None:
        if table.get("data"):
            from so8t.train.data import read_sft_file

            read_sft_file(table["data"])

    def checkpoint_dir(self, run_dir: Path) -> Path:
        return RunLayout(run_dir).checkpoints

    def model_dir(self, ctx: StageContext) -> str:
        return ctx.trained_model()

    def input_paths(self, ctx: StageContext) -> dict[str, Any]:
        opts = ctx.stage_options(self.name)
        paths = {key: opts.get(key) for key in self.PATHS if opts.get(key)}
        if not opts.get("model"):
            paths.pop("model", None)  # produced by pretrain: covered by its output fingerprint
        return paths

    def output_paths(self, ctx: StageContext) -> list[Path]:
        newest = self._newest(ctx)
        return [Path(newest.path) / MANIFEST_FILE] if newest is not None else [RunLayout(ctx.run_dir).checkpoints()]

    def _newest(self, ctx: StageContext) -> Any:
        from so8t.store.checkpoints import CheckpointStore

        return CheckpointStore(ctx.run_dir).newest_valid()

    def can_continue(self, ctx: StageContext) -> bool:
        return self._newest(ctx) is not None

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.train.config import TrainConfig
        from so8t.train.distributed import train  # one process, or N ranks for --nproc N

        values = {**ctx.stage_options(self.name), "model": self.model_dir(ctx)}
        if ctx.has_stage("data"):
            # A run that prepares its data trains on it, whatever file [train] data (or its preset) names.
            prepared = str(RunLayout(ctx.run_dir).data_train)
            if values.get("data") and values["data"] != prepared:
                events.log(f"training on the data stage's {RunLayout(ctx.run_dir).relative(prepared)}, "
                           f"not [train] data {values['data']}")
            values["data"] = prepared
        config = TrainConfig.from_dict(values)
        resume = None
        if ctx.checkpoint is not None:
            resume = ctx.checkpoint
            events.log(f"continuing train from the chosen checkpoint {ctx.checkpoint}")
        elif ctx.interrupted:
            newest = self._newest(ctx)
            if newest is not None:
                resume = newest.name
                events.log(f"continuing train from checkpoint {newest.name} (step {newest.step})")
        return result_dict(train(config, ctx.run_dir, events, resume=resume))


STAGE = TrainStage()
