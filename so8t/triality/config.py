"""Configs of the safety-head stages (triality, calibrate): which model scores the labelled set, and how.

Kept free of torch and numpy so the window and the CLI read the fields cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, get_args

from so8t.config import SEED_LIMIT, StageConfig
from so8t.errors import ConfigError
from so8t.triality.data import CALIBRATION_FRACTION, SAMPLE_SET, TRAIN_FRACTION

Scorer = Literal["auto", "head", "verbalizer"]
Device = Literal["auto", "cpu", "cuda"]
#: What the temperature minimises on the calibration split.
Objective = Literal["nll", "ece"]
SCORERS, OBJECTIVES = get_args(Scorer), get_args(Objective)


@dataclass
class ScoringConfig(StageConfig):
    """Model, labelled data and scorer settings shared by `triality` and `calibrate`."""

    model: str | None = field(default=None, metadata={"help": "HF model folder (baked or plain) to score with",
                                                      "path": True})
    gguf: str | None = field(default=None, metadata={"help": "GGUF file to score with llama.cpp (verbalizer only)",
                                                     "path": True})
    data: str = field(default=str(SAMPLE_SET), metadata={
        "help": 'labelled JSONL {"text", "label"} (default: the illustrative sample set)', "path": True})
    scorer: Scorer = field(default="auto", metadata={
        "help": "head: linear head on mean-pooled hidden states; verbalizer: label-word log-probs; "
                "auto: head for --model, verbalizer for --gguf"})
    head: str | None = field(default=None, metadata={
        "help": "a saved head (RUN/triality_head.safetensors) to use instead of training one", "path": True})
    out: str | None = field(default=None, metadata={"help": "run folder to write the stage's JSON result into",
                                                    "path": True})
    seed: int = field(default=0, metadata={"help": "split order and head initialisation", "max": SEED_LIMIT})
    train_fraction: float = field(default=TRAIN_FRACTION, metadata={"help": "share of each label that trains the head"})
    calibration_fraction: float = field(default=CALIBRATION_FRACTION, metadata={
        "help": "share of each label that fits the temperature (the rest is the test split)"})
    epochs: int = field(default=300, metadata={"help": "full-batch AdamW steps of head training", "min": 1})
    learning_rate: float = field(default=0.01, metadata={"help": "head training learning rate"})
    weight_decay: float = field(default=0.0, metadata={
        "help": "AdamW weight decay of head training (0: plain cross-entropy)"})
    batch_size: int = field(default=8, metadata={"help": "texts per forward pass (HF model)", "min": 1})
    max_length: int = field(default=256, metadata={"help": "tokens per text; longer requests keep their end",
                                                   "min": 1})
    device: Device = field(default="auto", metadata={"help": "auto, cpu or cuda (HF model)"})
    n_ctx: int = field(default=512, metadata={"help": "llama.cpp context size (GGUF)", "min": 1})

    def validate(self) -> None:
        if self.gguf is not None and self.scorer == "head":
            raise ConfigError("scorer 'head' needs an HF model folder, not a GGUF",
                              "use --scorer verbalizer with --gguf, or pass --model DIR")
        if self.head is not None and self.gguf is not None:
            raise ConfigError("--head applies to an HF model folder, not a GGUF", "drop --head or pass --model DIR")
        if self.head is not None and self.scorer == "verbalizer":
            raise ConfigError("--head is a head-scorer file but the scorer is 'verbalizer'",
                              "drop --head, or use --scorer head (or auto)")
        if self.learning_rate <= 0:
            raise ConfigError("learning_rate must be > 0", "fix the head training settings")

    @property
    def resolved_scorer(self) -> str:
        """The scorer that will run: 'auto' resolved by the kind of model."""
        if self.scorer != "auto":
            return self.scorer
        return "verbalizer" if self.gguf is not None else "head"

@dataclass
class TrialityConfig(ScoringConfig):
    """Triality stage: one model (HF folder or GGUF), a labelled set, and a scorer."""

    def validate(self) -> None:
        if (self.model is None) == (self.gguf is None):
            raise ConfigError("the triality stage needs exactly one of model and gguf", "pass --model DIR or --gguf FILE")
        super().validate()


@dataclass
class CalibrationConfig(ScoringConfig):
    """Calibrate stage: a model (HF folder or GGUF) with a labelled set, or a file of precomputed logits."""

    logits: str | None = field(default=None, metadata={
        "help": 'JSONL of precomputed {"logits": [a, b, c], "label": ...} scored elsewhere (optional "split": '
                '"calibration"|"test")', "path": True})
    objective: Objective = field(default="nll", metadata={
        "help": "what the temperature minimises on the calibration split: nll, or ece as in the original pipeline"})

    def validate(self) -> None:
        sources = [name for name in ("model", "gguf", "logits") if getattr(self, name) is not None]
        if len(sources) != 1:
            raise ConfigError(
                "calibrate needs exactly one of model, gguf and logits" + (f" (got {', '.join(sources)})" if sources else ""),
                "pass --model DIR, --gguf FILE or --logits FILE",
            )
        super().validate()

    @property
    def source(self) -> str:
        return "logits" if self.logits is not None else ("gguf" if self.gguf is not None else "model")


def out_file(out: str | None, name: str) -> Path | None:
    """RUN/<name> when a run folder was given, else None. The folder is created only when the result is
    written (`make_out_folder`), so a refused input leaves no empty folder behind."""
    if out is None:
        return None
    from so8t.errors import OutputPathError

    folder = Path(out)
    if folder.exists() and not folder.is_dir():
        raise OutputPathError(f"--out {folder} is a file", "pass a run folder")
    return folder / name


def make_out_folder(result_path: Path) -> None:
    """Create the run folder of a result file just before it is written."""
    from so8t.errors import OutputPathError

    try:
        result_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputPathError(f"run folder {result_path.parent} cannot be created ({exc.strerror})",
                              "pick a folder you can write to") from exc
