"""The data stage's `STAGE`: an optional first stage that prepares RUN/data/ for training and the later stages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from so8t.data.record import DataRecord
from so8t.stage_contract import Stage, StageContext
from so8t.store.layout import RunLayout


class DataStage(Stage):
    """Import, clean, dedupe, measure and split data files into RUN/data/ (train.jsonl, val.jsonl, data.json)."""

    name = "data"
    title = "Prepare data"
    module = "so8t.data.prepare"
    optional = True
    record = DataRecord
    report_block = "so8t.data.report:data_blocks"

    def config_class(self) -> type:
        from so8t.data.config import DataConfig

        return DataConfig

    def required_options(self, stage_names: list[str]) -> tuple[str, ...]:
        return ("files",)

    def check_options(self, values: dict[str, Any], *, source: str, base_dir: Path | None,
                      stage_names: list[str]) -> dict[str, Any]:
        checked = super().check_options(values, source=source, base_dir=base_dir, stage_names=stage_names)
        # Relative file names are taken from the config's folder, as every other path of a config.
        if base_dir is not None:
            checked["files"] = [str((base_dir / Path(f).expanduser()).resolve()) for f in checked.get("files", [])]
        return checked

    def check(self, table: dict[str, Any]) -> None:
        from so8t.data.config import DataConfig

        DataConfig.from_dict(table)

    def check_inputs(self, table: dict[str, Any]) -> None:
        from so8t.data.config import DataConfig
        from so8t.data.prepare import check_data_files

        check_data_files(DataConfig.from_dict(table))

    def input_paths(self, ctx: StageContext) -> dict[str, Any]:
        opts = ctx.stage_options(self.name)
        return {f"file{i}": f for i, f in enumerate(opts.get("files") or [])}

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return [RunLayout(ctx.run_dir).data_record]

    def summary(self, result: dict[str, Any]) -> str:
        dropped = result.get("dropped") or {}
        drops = ", ".join(f"{k} {v}" for k, v in dropped.items() if v) or "none"
        return (f"{result.get('samples_in')} samples read, {result.get('samples_out')} written "
                f"({result.get('train')} train, {result.get('val')} validation); dropped: {drops}")

    def run(self, ctx: StageContext, events: Any) -> dict[str, Any]:
        from so8t.data.config import DataConfig
        from so8t.data.prepare import prepare_data

        config = DataConfig.from_dict(ctx.stage_options(self.name))
        train = ctx.stage_options("train")
        model = train.get("model") or ctx.stage_options("pretrain").get("tokenizer")
        if model is None and ctx.has_stage("pretrain"):
            from so8t.resources import TINY_MODEL_DIR

            model = str(TINY_MODEL_DIR)  # the demo's tokenizer: what pretrain's model is given
        return prepare_data(config, ctx.run_dir, events, model=model, max_length=train.get("max_length")).to_dict()


STAGE = DataStage()
