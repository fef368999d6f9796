"""Score the labelled splits with the configured scorer: 3-class logits per split, head trained on train only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from so8t.errors import ConfigError, DataFileError
from so8t.events import EventSink
from so8t.store.metric_names import Metrics
from so8t.triality.config import ScoringConfig
from so8t.triality.data import SPLITS, read_labelled_jsonl, split_items


@dataclass
class ScoredSplits:
    """Logits (N, 3) and label indices per split, and the head that produced them (if any)."""

    scorer: str
    logits: dict[str, np.ndarray]
    labels: dict[str, np.ndarray]
    head: Any = None
    train_losses: list[float] = field(default_factory=list)
    #: How the model was run: "whole-model (cpu)", "gpu-bf16 (cuda)", "streamed (cpu|cuda)" or "gguf".
    features_path: str | None = None

    def count(self, split: str) -> int:
        return len(self.labels[split])


def split_signature(config: ScoringConfig) -> str:
    """What fixes the split: the data file's content, the seed and the fractions (saved with a head)."""
    import json

    from so8t.fileio import sha256_file

    return json.dumps({"data_sha256": sha256_file(config.data), "seed": config.seed,
                       "train_fraction": config.train_fraction,
                       "calibration_fraction": config.calibration_fraction}, sort_keys=True)


def score_splits(config: ScoringConfig, events: EventSink) -> ScoredSplits:
    """Read and split config.data, then score the splits with config.model or config.gguf.

    The split is the same whatever the scorer, so a head trained by `triality` and reused by
    `calibrate` never sees the calibration or test items.
    """
    items = read_labelled_jsonl(config.data)
    parts = split_items(items, seed=config.seed, train_fraction=config.train_fraction,
                        calibration_fraction=config.calibration_fraction)
    for name in ("calibration", "test"):
        if not parts[name]:
            raise DataFileError(f"{config.data} leaves the {name} split empty ({len(items)} items)",
                                "add labelled items or change the split fractions")
    labels = {name: np.array([it.label for it in parts[name]], dtype=np.int64) for name in SPLITS}
    texts = {name: [it.text for it in parts[name]] for name in SPLITS}
    scorer = config.resolved_scorer
    events.log(f"{scorer} scorer; split train/calibration/test = "
               f"{len(texts['train'])}/{len(texts['calibration'])}/{len(texts['test'])}")
    if config.gguf is not None:
        from so8t.triality.verbalizer import load_gguf_for_scoring, verbalizer_logits_gguf

        llm = load_gguf_for_scoring(config.gguf, config.n_ctx)
        logits = {name: verbalizer_logits_gguf(llm, texts[name], max_length=min(config.max_length, config.n_ctx),
                                               events=events)
                  for name in ("calibration", "test")}
        return ScoredSplits(scorer, logits, labels, features_path="gguf (llama.cpp)")
    if config.model is None:
        raise ConfigError("no model to score with", "pass --model DIR or --gguf FILE")

    from so8t.triality.features import load_scoring_model, resolve_device

    device = resolve_device(config.device)
    model, tokenizer = load_scoring_model(config.model, device, streamed_ok=scorer != "verbalizer")
    events.log(f"triality features: {model.so8t_features_path}")
    if scorer == "verbalizer":
        from so8t.triality.verbalizer import verbalizer_logits_hf

        logits = {name: verbalizer_logits_hf(model, tokenizer, texts[name], batch_size=config.batch_size,
                                             max_length=config.max_length, events=events)
                  for name in ("calibration", "test")}
        return ScoredSplits(scorer, logits, labels, features_path=model.so8t_features_path)
    scored = _score_with_head(config, model, tokenizer, texts, labels, events)
    scored.features_path = model.so8t_features_path
    return scored


def _score_with_head(config: ScoringConfig, model: Any, tokenizer: Any, texts: dict[str, list[str]],
                     labels: dict[str, np.ndarray], events: EventSink) -> ScoredSplits:
    import torch

    from so8t.triality.features import mean_pooled_states
    from so8t.triality.head import load_head, train_head

    needed = ("train", "calibration", "test") if config.head is None else ("calibration", "test")
    features = {name: mean_pooled_states(model, tokenizer, texts[name], batch_size=config.batch_size,
                                         max_length=config.max_length, events=events)
                for name in needed}
    losses: list[float] = []
    if config.head is None:
        if len(set(labels["train"].tolist())) < 2:
            raise DataFileError(f"{config.data} gives the head fewer than two labels to train on",
                                "add labelled items of every label")
        head, losses = train_head(features["train"], torch.from_numpy(labels["train"]), epochs=config.epochs,
                                  learning_rate=config.learning_rate, weight_decay=config.weight_decay,
                                  seed=config.seed)
        for step in range(0, len(losses), max(1, len(losses) // 20)):
            events.metric(Metrics.HEAD_LOSS, losses[step], step)
    else:
        head, meta = load_head(config.head)
        if "split" in meta and meta["split"] != split_signature(config):
            raise DataFileError(
                f"head {config.head} was trained on another split than this one (other data file, seed or "
                "fractions), so some of its training items may be in this test split",
                "use the data, seed and fractions of the run that trained it, or drop --head to train a new head",
            )
        width = features["test"].shape[1]
        if head.hidden_size != width:
            raise DataFileError(
                f"head {config.head} expects hidden size {head.hidden_size}, the model in {config.model} has {width}",
                "use the head trained on this model (its run's triality_head.safetensors)",
            )
    with torch.inference_mode():
        logits = {name: head(features[name]).double().numpy() for name in needed}
    return ScoredSplits("head", logits, labels, head=head, train_losses=losses)
