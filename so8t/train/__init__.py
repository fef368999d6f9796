"""The training stage: QLoRA adapters + SO(8) gates with PET, metrics, crash-safe checkpoints, exact resume."""

from typing import Any

from so8t.train.config import TrainConfig
from so8t.train.stage import STAGE

__all__ = ["STAGE", "TrainConfig", "TrainResult", "train"]


def __getattr__(name: str) -> Any:
    # The loop imports torch and transformers (seconds); the config and data checks do not, so a
    # bad flag or data file is refused before those imports.
    if name == "TrainResult":
        from so8t.train import loop

        return loop.TrainResult
    if name == "train":  # one process, or N ranks for --nproc N
        from so8t.train import distributed

        return distributed.train
    raise AttributeError(f"module 'so8t.train' has no attribute {name!r}")
