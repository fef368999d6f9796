"""The align stage: DPO on preference pairs and GRPO on sampled groups, with the SO(8) gates in every forward."""

from so8t.align.stage import STAGE

__all__ = ["STAGE"]
