"""The triality safety head: ALLOW / ESCALATION / DENY from an HF model or a GGUF."""

from so8t.triality.data import LABELS, SAMPLE_SET
from so8t.triality.stage import TrialityConfig, TrialityResult, run_triality

__all__ = ["LABELS", "SAMPLE_SET", "TrialityConfig", "TrialityResult", "run_triality"]
