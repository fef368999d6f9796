"""The safety gate: the run's triality head, with the calibrated temperature, decides ALLOW / ESCALATION / DENY."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from so8t.errors import So8tError
from so8t.triality.data import LABELS

ALLOW, ESCALATION, DENY = LABELS
#: The verdict every answer and audit record carries when the user chose to chat without a gate.
UNGATED = "ungated"


class GateError(So8tError):
    """The gate cannot be set up: no head in the run, a head for other features, a missing feature model."""

    code = "gate"


@dataclass
class GateConfig:
    """Thresholds of the gate's rule (DENY first, then ESCALATION, else ALLOW)."""

    deny_threshold: float = field(default=0.5, metadata={
        "help": "DENY when p(DENY) is at least this (calibrated probability)"})
    escalation_threshold: float = field(default=0.4, metadata={
        "help": "else ESCALATION (answer held for review) when p(ESCALATION) is at least this"})
    score_final: bool = field(default=True, metadata={
        "help": "score the final answer too: a second verdict beside the prompt's"})

    def __post_init__(self) -> None:
        from so8t.errors import ConfigError

        for name in ("deny_threshold", "escalation_threshold"):
            value = getattr(self, name)
            if not 0.0 < float(value) <= 1.0:
                raise ConfigError(f"{name} = {value} is outside (0, 1]", f"set {name} to a probability, e.g. 0.5")


@dataclass(frozen=True)
class Verdict:
    """A decision and the calibrated probabilities it came from (none when ungated)."""

    label: str
    probabilities: dict[str, float] | None = None
    temperature: float | None = None

    @property
    def ungated(self) -> bool:
        return self.label == UNGATED

    def to_dict(self) -> dict[str, Any]:
        return {"label": self.label, "probabilities": self.probabilities, "temperature": self.temperature}


UNGATED_VERDICT = Verdict(UNGATED)


def decide(probabilities: Sequence[float], config: GateConfig) -> str:
    """The rule: DENY if p(DENY) ≥ deny_threshold, else ESCALATION if p(ESCALATION) ≥ escalation_threshold, else ALLOW."""
    p = dict(zip(LABELS, (float(x) for x in probabilities), strict=True))
    if p[DENY] >= config.deny_threshold:
        return DENY
    if p[ESCALATION] >= config.escalation_threshold:
        return ESCALATION
    return ALLOW


#: Turns texts into (N, 3) logits in LABELS order.
Scorer = Callable[[Sequence[str]], np.ndarray]


@dataclass
class Gate:
    """A scorer, the calibrated temperature T and the thresholds: `judge(text)` is one verdict."""

    scorer: Scorer
    temperature: float = 1.0
    config: GateConfig = field(default_factory=GateConfig)
    calibrated: bool = False
    source: str = ""

    def judge(self, text: str) -> Verdict:
        from so8t.calibration.metrics import softmax

        logits = np.asarray(self.scorer([text]), dtype=np.float64).reshape(1, len(LABELS))
        probs = softmax(logits, float(self.temperature))[0]
        return Verdict(decide(probs, self.config), {k: round(float(v), 6) for k, v in zip(LABELS, probs, strict=True)},
                       float(self.temperature))


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def load_run_gate(run_dir: str | os.PathLike[str], config: GateConfig | None = None, *, device: str = "cpu") -> Gate:
    """The gate of a run: RUN/triality_head.safetensors on the features of the model it was trained on,
    with RUN/calibration.json's temperature (T = 1 and `calibrated=False` when the run has none)."""
    from so8t.run_layout import RunLayout
    from so8t.triality.head import HF_POOLED_FEATURES, load_head

    layout = RunLayout(run_dir)
    run_dir = layout.root
    triality = _read_json(layout.triality) or {}
    head_path = Path(triality.get("head_path") or layout.triality_head)
    if not head_path.is_file():
        raise GateError(f"run {run_dir} has no triality head ({head_path.name})",
                        "run the triality stage on it (`so8t triality --model RUN/baked --out RUN`), "
                        "or chat without a gate with --ungated")
    head, meta = load_head(head_path)
    features = meta.get("features", HF_POOLED_FEATURES)
    if features != HF_POOLED_FEATURES:
        raise GateError(f"head {head_path} was trained on {features} features, which this gate cannot compute",
                        f"refit the head with `so8t triality --model DIR --out {run_dir}`")
    feature_model = Path(meta.get("model") or layout.baked)
    if not (feature_model / "config.json").is_file():
        raise GateError(f"head {head_path} scores hidden states of {feature_model}, which is missing",
                        "restore that model folder or refit the head on a model that exists")
    calibration = _read_json(layout.calibration)
    temperature, calibrated = 1.0, False
    if calibration and calibration.get("scorer") == "head" and calibration.get("temperature"):
        temperature, calibrated = float(calibration["temperature"]), True
    max_length = int((triality.get("config") or {}).get("max_length") or 256)
    scorer = head_scorer(head, feature_model, device=device, max_length=max_length)
    return Gate(scorer, temperature, config or GateConfig(), calibrated, str(head_path))


def head_scorer(head: Any, model_dir: str | os.PathLike[str], *, device: str = "cpu", max_length: int = 256) -> Scorer:
    """A Scorer: mean-pooled final hidden states of `model_dir` through the head (as the triality stage scores)."""
    import torch

    from so8t.triality.features import load_scoring_model, mean_pooled_states

    model, tokenizer = load_scoring_model(model_dir, device)
    width = int(model.config.hidden_size)
    if width != head.hidden_size:
        raise GateError(f"the head expects hidden size {head.hidden_size}, {model_dir} has {width}",
                        "use the head trained on this model (its run's triality_head.safetensors)")

    def score(texts: Sequence[str]) -> np.ndarray:
        features = mean_pooled_states(model, tokenizer, list(texts), batch_size=8, max_length=max_length)
        with torch.inference_mode():
            return head(features).double().numpy()

    return score
