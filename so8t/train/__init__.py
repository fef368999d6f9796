"""The training stage: QLoRA adapters + SO(8) gates with PET, metrics, crash-safe checkpoints, exact resume."""

from so8t.train.config import TrainConfig
from so8t.train.loop import TrainResult, train

__all__ = ["TrainConfig", "TrainResult", "train"]
