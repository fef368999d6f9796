"""The GGUF stages' `STAGE`s: export the baked model, quantize it, and check every file's fidelity.

One package holds three stages, in this order: `EXPORT_STAGE`, `QUANTIZE_STAGE`, `CHECK_STAGE`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from so8t.events import EventSink
from so8t.stage_contract import Stage, StageContext, result_dict
from so8t.store.records import CheckResult

#: GGUF types whose fidelity check must pass for the check stage to finish.
HARD_CHECK_TYPES = ("f32", "f16", "bf16", "Q8_0")


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
    needs = ("bake", "align", "train", "pretrain")
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

        values = {**ctx.stage_options(self.name), "model": ctx.baked_or_base(), "out": str(self.out_path(ctx)),
                  "force": True}
        return result_dict(export_gguf(ExportConfig.from_dict(values), events))


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
        from so8t.gguf.run import resolved_quant_types

        asked = ctx.stage_options(self.name).get("types", [])
        return list(resolved_quant_types(asked, EXPORT_STAGE.out_path(ctx), ctx.baked_or_base()))

    def out_paths(self, ctx: StageContext) -> list[Path]:
        from so8t.gguf.paths import run_gguf_path

        return [run_gguf_path(ctx.run_dir, gguf_name(ctx), t) for t in self.types(ctx)]

    def output_paths(self, ctx: StageContext) -> list[Path]:
        return self.out_paths(ctx)

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.gguf.config import QuantizeConfig
        from so8t.gguf.quantize import quantize_gguf
        from so8t.gguf.run import resolved_quant_types

        opts = ctx.stage_options(self.name)
        source = EXPORT_STAGE.out_path(ctx)
        results = {}
        asked = resolved_quant_types(opts["types"], source)
        for quant_type, out in zip(self.types(ctx), self.out_paths(ctx), strict=True):
            config = QuantizeConfig.from_dict({"gguf": str(source), "out": str(out), "quant_type": asked[quant_type],
                                               "threads": opts["threads"], "modelfile": opts["modelfile"],
                                               "force": True})
            results[quant_type] = result_dict(quantize_gguf(config, events))
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
        reference = EXPORT_STAGE.out_path(ctx) if ctx.has_stage("export") else None
        if reference is not None:
            files.append((reference, None, None))
        if ctx.has_stage("quantize"):
            quantized = (ctx.run.stage("quantize").get("result") or {}).get("files", {})
            for path in QUANTIZE_STAGE.out_paths(ctx):
                info = next((v for v in quantized.values() if Path(v.get("out", "")) == path), {})
                files.append((path, reference, info.get("fallback_summary") or None))
        return files

    def output_paths(self, ctx: StageContext) -> list[Path]:
        from so8t.store.layout import check_record_path

        return [check_record_path(g) for g, _, _ in self._files(ctx)]

    def run(self, ctx: StageContext, events: EventSink) -> dict[str, Any]:
        from so8t.gguf.check import check_gguf
        from so8t.gguf.config import CheckConfig

        results = {}
        for gguf, reference, fallbacks in self._files(ctx):
            values = {**ctx.stage_options(self.name), "gguf": str(gguf), "hf_model": ctx.baked_or_base(),
                      "reference_gguf": str(reference) if reference else None, "fallback_summary": fallbacks}
            results[gguf.name] = result_dict(check_gguf(CheckConfig.from_dict(values), events))
        # f16/bf16/f32 and Q8_0 must match: a miss there is a broken export. A K-quant past the 5 %
        # bound is reported with its reason (llama.cpp's fallbacks) but does not stop the run.
        hard = [r for r in results.values() if r.get("gguf_type") in HARD_CHECK_TYPES]
        return {"files": results, "passed": all(r.get("passed") for r in hard),
                "within_all_bounds": all(r.get("passed") for r in results.values())}


EXPORT_STAGE, QUANTIZE_STAGE, CHECK_STAGE = ExportStage(), QuantizeStage(), CheckStage()
