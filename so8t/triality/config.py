"""Config of the safety-head stages: which model scores the labelled set, and how (head or verbalizer)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from so8t.errors import ConfigError
from so8t.triality.data import CALIBRATION_FRACTION, SAMPLE_SET, TRAIN_FRACTION

SCORERS = ("auto", "head", "verbalizer")
C = TypeVar("C", bound="ScoringConfig")


@dataclass
class ScoringConfig:
    """Model, labelled data and scorer settings shared by `triality` and `calibrate`."""

    model: str | None = field(default=None, metadata={"help": "HF model folder (baked or plain) to score with"})
    gguf: str | None = field(default=None, metadata={"help": "GGUF file to score with llama.cpp (verbalizer only)"})
    data: str = field(default=str(SAMPLE_SET), metadata={"help": 'labelled JSONL {"text", "label"}'})
    scorer: str = field(default="auto", metadata={
        "help": "head: linear head on mean-pooled hidden states; verbalizer: label-word log-probs; "
                "auto: head for --model, verbalizer for --gguf"})
    head: str | None = field(default=None, metadata={
        "help": "a saved head (RUN/triality_head.safetensors) to use instead of training one"})
    out: str | None = field(default=None, metadata={"help": "run folder to write the stage's JSON result into"})
    seed: int = field(default=0, metadata={"help": "split order and head initialisation"})
    train_fraction: float = field(default=TRAIN_FRACTION, metadata={"help": "share of each label that trains the head"})
    calibration_fraction: float = field(default=CALIBRATION_FRACTION, metadata={
        "help": "share of each label that fits the temperature (the rest is the test split)"})
    epochs: int = field(default=300, metadata={"help": "full-batch AdamW steps of head training"})
    learning_rate: float = field(default=0.01, metadata={"help": "head training learning rate"})
    weight_decay: float = field(default=0.0, metadata={
        "help": "AdamW weight decay of head training (0: plain cross-entropy)"})
    batch_size: int = field(default=8, metadata={"help": "texts per forward pass (HF model)"})
    max_length: int = field(default=256, metadata={"help": "tokens per text; longer requests keep their end"})
    device: str = field(default="auto", metadata={"help": "auto, cpu or cuda (HF model)"})
    n_ctx: int = field(default=512, metadata={"help": "llama.cpp context size (GGUF)"})

    def __post_init__(self) -> None:
        if self.scorer not in SCORERS:
            raise ConfigError(f"scorer {self.scorer!r} is unknown", f"use one of: {', '.join(SCORERS)}")
        if self.gguf is not None and self.scorer == "head":
            raise ConfigError("scorer 'head' needs an HF model folder, not a GGUF",
                              "use --scorer verbalizer with --gguf, or pass --model DIR")
        if self.head is not None and self.gguf is not None:
            raise ConfigError("--head applies to an HF model folder, not a GGUF", "drop --head or pass --model DIR")
        if self.head is not None and self.scorer == "verbalizer":
            raise ConfigError("--head is a head-scorer file but the scorer is 'verbalizer'",
                              "drop --head, or use --scorer head (or auto)")
        for name in ("epochs", "batch_size", "max_length", "n_ctx"):
            if int(getattr(self, name)) < 1:
                raise ConfigError(f"{name} = {getattr(self, name)} is not positive", f"set {name} to 1 or more")
        if self.learning_rate <= 0 or self.weight_decay < 0:
            raise ConfigError("learning_rate must be > 0 and weight_decay >= 0", "fix the head training settings")

    @property
    def resolved_scorer(self) -> str:
        """The scorer that will run: 'auto' resolved by the kind of model."""
        if self.scorer != "auto":
            return self.scorer
        return "verbalizer" if self.gguf is not None else "head"

    @property
    def needs_training(self) -> bool:
        return self.resolved_scorer == "head" and self.head is None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls: type[C], values: dict[str, Any]) -> C:
        names = {f.name for f in dataclasses.fields(cls)}
        for key in values:
            if key not in names:
                raise ConfigError(f"{cls.__name__} has no setting {key!r}", f"known settings: {', '.join(sorted(names))}")
        return cls(**values)


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


def add_scoring_arguments(p: Any, *, model_required: bool = True) -> None:
    """The command-line options of ScoringConfig (shared by `so8t triality` and `so8t calibrate`)."""
    src = p.add_mutually_exclusive_group(required=model_required)
    src.add_argument("--model", metavar="DIR", help="HF model folder (baked or plain) to score with")
    src.add_argument("--gguf", metavar="FILE", help="GGUF file to score with llama.cpp (verbalizer scorer)")
    if not model_required:
        src.add_argument("--logits", metavar="FILE",
                         help='JSONL of precomputed {"logits": [a, b, c], "label": ...} (optional "split": '
                              '"calibration"|"test")')
    p.add_argument("--data", metavar="FILE", default=str(SAMPLE_SET),
                   help='labelled JSONL {"text", "label"} (default: the illustrative sample set)')
    p.add_argument("--scorer", choices=SCORERS, default="auto",
                   help="head (trained on the train split), verbalizer (label-word log-probs); "
                        "auto: head for --model, verbalizer for --gguf")
    p.add_argument("--head", metavar="FILE", help="use this saved head (RUN/triality_head.safetensors) instead of training one")
    p.add_argument("--out", metavar="RUN", help="run folder to write the JSON result into")
    p.add_argument("--seed", type=int, default=0, help="split order and head initialisation (default 0)")
    p.add_argument("--epochs", type=int, default=300, help="head training steps (default 300)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto", help="where the HF model runs")
    p.add_argument("--batch-size", type=int, default=8, help="texts per forward pass (default 8)")
    p.add_argument("--max-length", type=int, default=256, help="tokens per text (default 256)")


def scoring_values(args: Any) -> dict[str, Any]:
    """ScoringConfig fields from parsed arguments."""
    return {
        "model": args.model, "gguf": args.gguf, "data": args.data, "scorer": args.scorer, "head": args.head,
        "out": args.out, "seed": args.seed, "epochs": args.epochs, "device": args.device,
        "batch_size": args.batch_size, "max_length": args.max_length,
    }
