"""The SO8T pipeline: a TOML config, its stages in order, and runs that resume where they stopped."""

from so8t.pipeline.runner import (
    PipelineConfig,
    PipelineOutcome,
    execute,
    load_config,
    parse_config,
    resume_run,
    start_run,
)
from so8t.pipeline.stages import STAGES, available_stages, stage_order

__all__ = [
    "STAGES",
    "PipelineConfig",
    "PipelineOutcome",
    "available_stages",
    "execute",
    "load_config",
    "parse_config",
    "resume_run",
    "stage_order",
    "start_run",
]
