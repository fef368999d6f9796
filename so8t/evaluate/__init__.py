"""The evaluate stage: did tuning help? The base against the tuned model (and the baked one, each GGUF) as an A/B table.

The config, the record and `STAGE` import without torch; `run_evaluate` loads the models on first use.
"""

from typing import Any

from so8t.evaluate.config import EvaluateConfig
from so8t.evaluate.record import EvaluationResult
from so8t.evaluate.stage import STAGE

__all__ = ["STAGE", "EvaluateConfig", "EvaluationResult", "run_evaluate"]


def __getattr__(name: str) -> Any:
    if name == "run_evaluate":
        from so8t.evaluate import run

        return run.run_evaluate
    raise AttributeError(f"module 'so8t.evaluate' has no attribute {name!r}")
