"""The [evaluate] table: which models of a run are compared, on which held-out set, and how.

Kept free of torch and numpy so the window and the CLI read the fields cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from so8t.config import SEED_LIMIT, StageConfig
from so8t.errors import ConfigError

ModelChoice = Literal["base", "tuned", "baked", "gguf"]
#: The models an evaluation can compare, in the order the record lists them.
MODEL_CHOICES: tuple[str, ...] = get_args(ModelChoice)
Device = Literal["auto", "cpu", "cuda"]

#: Resamples of the paired bootstrap: a 95 % percentile interval moves by well under a point between
#: seeds at 1000 (SciPy's own default is 9999; the demo's budget takes the smaller figure).
BOOTSTRAP_RESAMPLES = 1000
#: New tokens per greedy answer: the demo's answers (a sentence or an arithmetic result) fit well within.
MAX_NEW_TOKENS = 48


@dataclass
class EvaluateConfig(StageConfig):
    """Base against tuned (and baked, each GGUF) on a held-out set: loss, answers, format, safety, collapse, speed."""

    run: str = field(default="", metadata={"help": "run folder whose models are compared", "path": True})
    data: str | None = field(default=None, metadata={
        "help": 'held-out JSONL: {"prompt", "answer"?, "label"?} or chat {"messages"} (default: the run\'s '
                "data/prompts.jsonl, else data/val.jsonl)", "path": True})
    models: list[ModelChoice] = field(default_factory=lambda: list(MODEL_CHOICES), metadata={
        "help": "models to compare: base, tuned (adapters + gates), baked, gguf (each GGUF of the run)"})
    max_new_tokens: int = field(default=MAX_NEW_TOKENS, metadata={"help": "new tokens per greedy answer", "min": 1})
    max_length: int = field(default=256, metadata={"help": "tokens per held-out item for the loss (prompt + answer)",
                                                   "min": 8})
    batch_size: int = field(default=16, metadata={"help": "items per forward pass and per generation batch (HF)",
                                                  "min": 1})
    bootstrap_resamples: int = field(default=BOOTSTRAP_RESAMPLES, metadata={
        "help": "resamples of the paired bootstrap of each delta", "min": 100})
    seed: int = field(default=0, metadata={"help": "seed of the bootstrap", "max": SEED_LIMIT})
    device: Device = field(default="auto", metadata={
        "help": "auto, cpu or cuda (HF models; on cuda both load in 4-bit alike)"})
    lm_eval_tasks: str | None = field(default=None, metadata={
        "help": "folder of lm-evaluation-harness task YAMLs on local data files, run offline on the tuned model",
        "path": True})
    lm_eval_limit: int | None = field(default=None, metadata={"help": "items per lm-eval task (default: all)",
                                                              "min": 1})

    def validate(self) -> None:
        if not self.models:
            raise ConfigError("evaluate models is empty", f"name one or more of {', '.join(MODEL_CHOICES)}")
        if len(set(self.models)) != len(self.models):
            raise ConfigError(f"evaluate models {','.join(self.models)} names a model twice", "name each model once")
