"""The pipeline's stages in order, each an adapter from a TOML table to the stage's own function."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from so8t.events import EventSink
from so8t.pipeline.fingerprint import path_fingerprint
from so8t.stage_contract import EXISTING_RUN, Stage, StageContext, plugin_stages, stage_title
from so8t.store.layout import MANIFEST_FILE, RunLayout
from so8t.store.records import BakeResult, CalibrationResult, CheckResult, TrainResult, TrialityResult

__all__ = ["STAGES", "Stage", "StageContext", "available_stages", "default_stages", "stage_order", "stage_title"]


def _to_dict(result: Any) -> dict[str, Any]:
    if hasattr(result, "to_dict"):
        return result.to_dict()
    if isinstance(result, dict):
        return result
    return {"value": result}


def _build(config_class: type, values: dict[str, Any]) -> Any:
    """A stage's config dataclass from checked values."""
    return config_class.from_dict(values)


class PretrainStage(Stage):
    """Full-parameter pretraining of the built-in tiny model on the demo corpus (demo runs only)."""

    name = "pretrain"
    title = "Pretrain demo model"
    module = "so8t.demo"
    optional = True
    MANAGED = ("out",)

    def config_class(self) -> type:
        from so8t.demo import PretrainConfig

        return PretrainConfig

    def input_paths(self, ctx: StageContext) -> dict[str, Any]:
        opts = ctx.stage_options(self.name)
        return {"corpus": opts.get("corpus"), "tokenizer": opts.get("tokenizer")}

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return [RunLayout(ctx.run_dir).base_model]

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.demo import PretrainConfig, pretrain

        config = _build(PretrainConfig, {**ctx.stage_options(self.name), "out": str(RunLayout(ctx.run_dir).base_model)})
        return _to_dict(pretrain(config, events))


class TrainStage(Stage):
    """SO(8) gates + (Q)LoRA adapters; checkpoints in RUN/checkpoints, resumable from the newest valid one."""

    name = "train"
    title = "Train gates (QLoRA)"
    module = "so8t.train"
    needs = ("pretrain",)
    record = TrainResult
    resumable = True
    PATHS = ("model", "data")

    def config_class(self) -> type:
        from so8t.train.config import TrainConfig

        return TrainConfig

    def required_options(self, stage_names: list[str]) -> tuple[str, ...]:
        # A run cannot train without data, nor without a model unless it pretrains its own.
        return ("data",) if "pretrain" in stage_names else ("data", "model")

    def check(self, table: dict[str, Any]) -> None:
        from so8t.train import TrainConfig

        # The model may come from the pretrain stage, which has not run yet: any name passes here.
        _build(TrainConfig, {**table, "model": table.get("model") or "(made by pretrain)"})

    def check_inputs(self, table: dict[str, Any]) -> None:
        if table.get("data"):
            from so8t.train.data import read_sft_file

            read_sft_file(table["data"])

    def checkpoint_dir(self, run_dir: Path) -> Path:
        return RunLayout(run_dir).checkpoints

    def model_dir(self, ctx: StageContext) -> str:
        model = ctx.stage_options(self.name).get("model")
        return model or str(RunLayout(ctx.run_dir).base_model)

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
        from so8t.train import train
        from so8t.train.config import TrainConfig

        values = {**ctx.stage_options(self.name), "model": self.model_dir(ctx)}
        config = _build(TrainConfig, values)
        resume = None
        if ctx.checkpoint is not None:
            resume = ctx.checkpoint
            events.log(f"continuing train from the chosen checkpoint {ctx.checkpoint}")
        elif ctx.interrupted:
            newest = self._newest(ctx)
            if newest is not None:
                resume = newest.name
                events.log(f"continuing train from checkpoint {newest.name} (step {newest.step})")
        return _to_dict(train(config, ctx.run_dir, events, resume=resume))


class BakeStage(Stage):
    """Fold the trained gates into o_proj: RUN/baked, a plain HF folder."""

    name = "bake"
    title = "Bake gates into weights"
    module = "so8t.bake.exact"
    record = BakeResult
    needs = ("train", "pretrain")
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

        values = {**ctx.stage_options(self.name), "model": TRAIN.model_dir(ctx), "out": str(RunLayout(ctx.run_dir).baked),
                  "gates": str(ctx.run_dir), "random_gates": False, "force": True}
        return _to_dict(bake(_build(BakeConfig, values), events))


def baked_or_base(ctx: StageContext) -> str:
    """The model the later stages read: RUN/baked when the run bakes, else the trained-on model."""
    return str(RunLayout(ctx.run_dir).baked) if ctx.has_stage("bake") else TRAIN.model_dir(ctx)


def gguf_name(ctx: StageContext) -> str:
    """The <name> of RUN/gguf/<name>-<TYPE>.gguf: [export] name, else the run's name."""
    name = ctx.stage_options("export").get("name") or ctx.run.config.get("run", {}).get("name") or "model"
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in str(name)) or "model"


class ExportStage(Stage):
    """The baked model as RUN/gguf/<name>-f16.gguf (tokenizer and chat template included)."""

    name = "export"
    title = "Export GGUF"
    command_name = "export-gguf"
    module = "so8t.gguf.export"
    needs = ("bake", "train", "pretrain")
    MANAGED = ("model", "out", "force")

    def config_class(self) -> type:
        from so8t.gguf.config import ExportConfig

        return ExportConfig

    def out_path(self, ctx: StageContext) -> Path:
        from so8t.gguf.paths import run_gguf_path

        return run_gguf_path(ctx.run_dir, gguf_name(ctx), ctx.stage_options(self.name).get("out_type") or "f16")

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return [self.out_path(ctx)]

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.gguf.config import ExportConfig
        from so8t.gguf.export import export_gguf

        values = {**ctx.stage_options(self.name), "model": baked_or_base(ctx), "out": str(self.out_path(ctx)),
                  "force": True}
        return _to_dict(export_gguf(_build(ExportConfig, values), events))


class QuantizeStage(Stage):
    """llama.cpp's quantizer on the exported GGUF: RUN/gguf/<name>-<TYPE>.gguf per type."""

    name = "quantize"
    title = "Quantize GGUF"
    module = "so8t.gguf.quantize"
    needs = ("export",)
    requires_stages = ("export",)

    def config_class(self) -> type:
        from so8t.gguf.config import QuantizeOptions

        return QuantizeOptions

    def types(self, ctx: StageContext) -> list[str]:
        """The [quantize] types with `auto` resolved from the exported GGUF (or the model's config.json)."""
        from so8t.gguf.stage import resolved_quant_types

        asked = ctx.stage_options(self.name).get("types", [])
        return list(resolved_quant_types(asked, EXPORT.out_path(ctx), baked_or_base(ctx)))

    def out_paths(self, ctx: StageContext) -> list[Path]:
        from so8t.gguf.paths import run_gguf_path

        return [run_gguf_path(ctx.run_dir, gguf_name(ctx), t) for t in self.types(ctx)]

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return self.out_paths(ctx)

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.gguf.config import QuantizeConfig
        from so8t.gguf.quantize import quantize_gguf
        from so8t.gguf.stage import resolved_quant_types

        opts = ctx.stage_options(self.name)
        source = EXPORT.out_path(ctx)
        results = {}
        asked = resolved_quant_types(opts["types"], source)
        for quant_type, out in zip(self.types(ctx), self.out_paths(ctx), strict=True):
            config = _build(QuantizeConfig, {"gguf": str(source), "out": str(out), "quant_type": asked[quant_type],
                                             "threads": opts["threads"], "modelfile": opts["modelfile"], "force": True})
            results[quant_type] = _to_dict(quantize_gguf(config, events))
        return {"files": results}


class CheckStage(Stage):
    """llama.cpp fidelity of every GGUF of the run against the baked model: <name>-<TYPE>.check.json."""

    name = "check"
    title = "Check GGUF fidelity"
    command_name = "check-gguf"
    record = CheckResult
    module = "so8t.gguf.check"
    needs = ("export", "quantize")
    requires_stages = ("export",)
    MANAGED = ("gguf", "hf_model", "reference_gguf", "out", "write", "fallback_summary")

    def config_class(self) -> type:
        from so8t.gguf.config import CheckConfig

        return CheckConfig

    def input_paths(self, ctx: StageContext) -> dict[str, Any]:
        text = ctx.stage_options(self.name).get("text_file")
        return {"text_file": text} if text else {}

    def _files(self, ctx: StageContext) -> list[tuple[Path, Path | None, str | None]]:
        """(gguf, reference gguf, quantizer fallbacks) for the exported file and every quantized one."""
        files: list[tuple[Path, Path | None, str | None]] = []
        reference = EXPORT.out_path(ctx) if ctx.has_stage("export") else None
        if reference is not None:
            files.append((reference, None, None))
        if ctx.has_stage("quantize"):
            quantized = (ctx.run.stage("quantize").get("result") or {}).get("files", {})
            for path in QUANTIZE.out_paths(ctx):
                info = next((v for v in quantized.values() if Path(v.get("out", "")) == path), {})
                files.append((path, reference, info.get("fallback_summary") or None))
        return files

    def output_paths(self, ctx: StageContext) -> list[Path]:
        from so8t.store.layout import check_record_path as check_json_path

        return [check_json_path(g) for g, _, _ in self._files(ctx)]

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.gguf.check import check_gguf
        from so8t.gguf.config import CheckConfig

        results = {}
        for gguf, reference, fallbacks in self._files(ctx):
            values = {**ctx.stage_options(self.name), "gguf": str(gguf), "hf_model": baked_or_base(ctx),
                      "reference_gguf": str(reference) if reference else None, "fallback_summary": fallbacks}
            results[gguf.name] = _to_dict(check_gguf(_build(CheckConfig, values), events))
        # f16/bf16/f32 and Q8_0 must match: a miss there is a broken export. A K-quant past the 5 %
        # bound is reported with its reason (llama.cpp's fallbacks) but does not stop the run.
        hard = [r for r in results.values() if r.get("gguf_type") in HARD_CHECK_TYPES]
        return {"files": results, "passed": all(r.get("passed") for r in hard),
                "within_all_bounds": all(r.get("passed") for r in results.values())}


#: GGUF types whose fidelity check must pass for the check stage to finish.
HARD_CHECK_TYPES = ("f32", "f16", "bf16", "Q8_0")


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
        from so8t.triality.stage import run_triality

        values = {**ctx.stage_options(self.name), "model": baked_or_base(ctx), "gguf": None,
                  "out": str(ctx.run_dir), "head": None}
        return _to_dict(run_triality(_build(TrialityConfig, values), events))


class CalibrateStage(Stage):
    """Temperature scaling of the safety head: RUN/calibration.json with ECE, Brier, NLL before/after."""

    name = "calibrate"
    title = "Calibrate"
    record = CalibrationResult
    module = "so8t.calibration.stage"
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
        from so8t.calibration.stage import run_calibration
        from so8t.triality.config import CalibrationConfig

        opts = ctx.stage_options(self.name)
        head = None
        if ctx.has_stage("triality") and opts.get("scorer", "auto") in ("auto", "head"):
            head_path = (ctx.run.stage("triality").get("result") or {}).get("head_path")
            if head_path:  # run.json keeps the path the stage returned: re-based if the run was moved
                head_path = RunLayout(ctx.run_dir).resolve(head_path)
            head = str(head_path) if head_path and Path(head_path).is_file() else None
        values = {**opts, "model": baked_or_base(ctx), "gguf": None, "logits": None,
                  "out": str(ctx.run_dir), "head": head}
        return _to_dict(run_calibration(_build(CalibrationConfig, values), events))


class ReportStage(Stage):
    """RUN/report.pdf with the plots and tables of every stage."""

    name = "report"
    title = "Report"
    module = "so8t.report"
    arguments = EXISTING_RUN

    @property
    def needs(self) -> tuple[str, ...]:  # type: ignore[override]
        """Every other stage: the report shows them all, so a change in any makes it stale."""
        return tuple(name for name in STAGES if name != self.name)

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return [RunLayout(ctx.run_dir).report_pdf]

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.report import write_report

        return _to_dict(write_report(ctx.run_dir, RunLayout(ctx.run_dir).report_pdf, events=events, force=True))


TRAIN, EXPORT, QUANTIZE = TrainStage(), ExportStage(), QuantizeStage()

#: The built-in stages in pipeline order (docs/architecture.md, "Stages and calibration figures", with the demo's
#: pretraining first and the GGUF fidelity check after quantize). Stages from outside so8t join it in `STAGES`.
ORDER: tuple[Stage, ...] = (PretrainStage(), TRAIN, BakeStage(), EXPORT, QUANTIZE, CheckStage(), TrialityStage(),
                            CalibrateStage(), ReportStage())

#: Every stage by name, in pipeline order: the built-in ones and those of the `so8t.stages` entry points.
STAGES: dict[str, Stage] = {}


def refresh_stages() -> dict[str, Stage]:
    """Build `STAGES` again (after a package adding stages was put on the path), in place."""
    plugin_stages.cache_clear()
    order = list(ORDER)
    for stage in plugin_stages():
        if any(s.name == stage.name for s in order):
            print(f"so8t: warning: the stage {stage.name!r} of another package is left out: so8t has a stage of "
                  "that name; rename it in its STAGE", file=sys.stderr)
            continue
        names = [s.name for s in order]
        at = names.index(stage.after) + 1 if stage.after in names else names.index(ReportStage.name)
        order.insert(at, stage)
    STAGES.clear()
    STAGES.update((stage.name, stage) for stage in order)
    return STAGES


refresh_stages()


def stage_order() -> list[str]:
    return list(STAGES)


def available_stages() -> list[str]:
    return [name for name, stage in STAGES.items() if stage.available()]


def default_stages(tables: dict[str, Any]) -> list[str]:
    """Stages a config runs when it names none: every available one, optional ones only if configured."""
    return [name for name, stage in STAGES.items()
            if stage.available() and (not stage.optional or name in tables)]


def inputs_fingerprint(ctx: StageContext, stage: Stage) -> dict[str, Any]:
    """Everything a stage's result depends on: its options, outside files, and upstream outputs."""
    upstream = {}
    for name in stage.needs:
        if ctx.has_stage(name):
            upstream[name] = ctx.run.stage(name).get("outputs")
    return {
        "options": ctx.stage_options(stage.name),
        "files": {k: path_fingerprint(v) for k, v in stage.input_paths(ctx).items()},
        "upstream": upstream,
    }


def outputs_fingerprint(ctx: StageContext, stage: Stage) -> dict[str, Any]:
    return {str(p.relative_to(ctx.run_dir)) if p.is_relative_to(ctx.run_dir) else str(p): path_fingerprint(p)
            for p in stage.output_paths(ctx)}
