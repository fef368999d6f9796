"""The training stage: QLoRA adapters + SO(8) gates with PET, metrics, crash-safe checkpoints, exact resume."""

from typing import Any

from so8t.train.config import TrainConfig

__all__ = ["TrainConfig", "TrainResult", "train"]


def __getattr__(name: str) -> Any:
    # The loop imports torch and transformers (seconds); the config and data checks do not, so a
    # bad flag or data file is refused before those imports.
    if name in ("TrainResult", "train"):
        from so8t.train import loop

        return getattr(loop, name)
    raise AttributeError(f"module 'so8t.train' has no attribute {name!r}")
