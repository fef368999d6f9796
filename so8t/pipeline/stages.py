"""The pipeline's order of stages: each built-in stage is its package's `STAGE`, loaded here by name."""

from __future__ import annotations

import importlib
import sys
from typing import Any

from so8t.pipeline.fingerprint import path_fingerprint
from so8t.stage_contract import Stage, StageContext, plugin_stages, stage_title

__all__ = ["STAGES", "Stage", "StageContext", "available_stages", "built_in_stages", "default_stages", "stage_order",
           "stage_title"]

#: The built-in stages in pipeline order (docs/architecture.md, "Stages and calibration figures", with the demo's
#: pretraining first and the GGUF fidelity check after quantize): the module of each stage's `STAGE`, or
#: "module:NAME" where a package holds several. Stages from outside so8t join it in `STAGES`.
ORDER: tuple[str, ...] = (
    "so8t.data",
    "so8t.demo",
    "so8t.train",
    "so8t.align",
    "so8t.bake",
    "so8t.gguf:EXPORT_STAGE",
    "so8t.gguf:QUANTIZE_STAGE",
    "so8t.gguf:CHECK_STAGE",
    "so8t.triality",
    "so8t.calibration",
    "so8t.evaluate",
    "so8t.report",
)


def built_in_stages() -> tuple[Stage, ...]:
    """The `STAGE` of each entry of ORDER, in order (a stage package imports none of its heavy code)."""
    stages = []
    for entry in ORDER:
        module, _, attribute = entry.partition(":")
        stages.append(getattr(importlib.import_module(module), attribute or "STAGE"))
    return tuple(stages)


#: Every stage by name, in pipeline order: the built-in ones and those of the `so8t.stages` entry points.
STAGES: dict[str, Stage] = {}


def refresh_stages() -> dict[str, Stage]:
    """Build `STAGES` again (after a package adding stages was put on the path), in place."""
    plugin_stages.cache_clear()
    order = list(built_in_stages())
    for stage in plugin_stages():
        if any(s.name == stage.name for s in order):
            print(f"so8t: warning: the stage {stage.name!r} of another package is left out: so8t has a stage of "
                  "that name; rename it in its STAGE", file=sys.stderr)
            continue
        names = [s.name for s in order]
        at = names.index(stage.after) + 1 if stage.after in names else names.index("report")
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
