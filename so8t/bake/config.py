"""BakeConfig: what `bake` folds and where (kept apart from so8t.bake.exact so it imports without torch)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal, get_args

from so8t.config import SEED_LIMIT, StageConfig
from so8t.errors import ConfigError

BakeDtype = Literal["auto", "float32", "bfloat16", "float16"]
Streaming = Literal["auto", "whole", "streamed"]
STREAMING_CHOICES = get_args(Streaming)


@dataclass
class BakeConfig(StageConfig):
    """What to bake and where; exactly one gate source (trained gates or random ones)."""

    model: str = field(metadata={"help": "Hugging Face model folder (full precision, safetensors)", "path": True})
    out: str = field(metadata={"help": "output folder for the baked model; must not exist or be empty",
                               "path": True})
    gates: str | None = field(
        default=None, metadata={"help": "gates.safetensors, a checkpoint folder or a run folder", "path": True}
    )
    random_gates: bool = field(default=False, metadata={"help": "bake random gates (self-check of a new model)"})
    seed: int = field(default=0, metadata={"help": "seed of the random gates", "max": SEED_LIMIT})
    angle: float = field(default=0.5, metadata={"help": "largest rotation angle of random gates, radians"})
    verify: bool = field(default=True, metadata={"help": "compare logits before/after and check every block"})
    dtype: BakeDtype = field(default="auto", metadata={"help": "weight dtype of the baked model: auto (as saved), "
                                                                "float32, bfloat16 or float16"})
    force: bool = field(default=False, metadata={"help": "replace a non-empty --out folder"})
    streaming: Streaming = field(default="auto", metadata={
        "help": "auto (streamed when the whole model would not fit in RAM), whole (the model in memory) or "
                "streamed (the bake a shard at a time, the verification a decoder layer at a time)"})

    def validate(self) -> None:
        if bool(self.gates) == bool(self.random_gates):
            raise ConfigError("bake needs exactly one gate source", "pass either --gates PATH or --random-gates")
        if not 0 < self.angle <= math.pi:
            raise ConfigError(f"--angle {self.angle} is out of range", "use an angle in (0, π] radians")
