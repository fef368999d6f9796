"""The triality safety head: ALLOW / ESCALATION / DENY from an HF model or a GGUF.

The config and the labels import without numpy or torch; `run_triality` loads the scoring code on
first use.
"""

from typing import Any

from so8t.triality.config import TrialityConfig
from so8t.triality.data import LABELS, SAMPLE_SET
from so8t.triality.stage import STAGE

__all__ = ["LABELS", "SAMPLE_SET", "STAGE", "TrialityConfig", "TrialityResult", "run_triality"]


def __getattr__(name: str) -> Any:
    if name in ("run_triality", "TrialityResult"):
        from so8t.triality import run

        return getattr(run, name)
    raise AttributeError(f"module 'so8t.triality' has no attribute {name!r}")
