"""The safety gate: the run's triality head, with the calibrated temperature, decides ALLOW / ESCALATION / DENY."""

from __future__ import annotations

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
    #: The model whose features the head reads (the head's HF folder, or a GGUF exported from it).
    features_of: str = ""

    def judge(self, text: str) -> Verdict:
        from so8t.calibration.metrics import softmax

        logits = np.asarray(self.scorer([text]), dtype=np.float64).reshape(1, len(LABELS))
        probs = softmax(logits, float(self.temperature))[0]
        return Verdict(decide(probs, self.config), {k: round(float(v), 6) for k, v in zip(LABELS, probs, strict=True)},
                       float(self.temperature))


def load_run_gate(run_dir: str | os.PathLike[str], config: GateConfig | None = None, *, device: str = "cpu",
                  gguf: str | os.PathLike[str] | None = None) -> Gate:
    """The gate of a run: RUN/triality_head.safetensors on the features of the model it was trained on,
    with RUN/calibration.json's temperature (T = 1 and `calibrated=False` when the run has none).

    The features are that model's mean-pooled final hidden states. A GGUF of the same run (exported
    from that model) gives the same vectors through llama.cpp's mean-pooled embeddings (cosine
    0.99996 on the demo's Q8_0; gate probabilities within 0.3 %), so chatting with it scores
    prompts on the GGUF itself, on the CPU, without loading the HF model; any other GGUF is scored
    with the head's own HF model.
    """
    from so8t.records import CalibrationResult, TrialityResult, read_record
    from so8t.run_layout import RunLayout
    from so8t.triality.head import HF_POOLED_FEATURES, load_head

    layout = RunLayout(run_dir)
    run_dir = layout.root
    # Each record through its reader: a damaged or newer file is refused by name, never guessed at.
    triality = read_record(TrialityResult, layout.triality) if layout.triality.exists() else None
    head_path = Path(triality.head_path) if triality is not None and triality.head_path else layout.triality_head
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
    calibration = read_record(CalibrationResult, layout.calibration) if layout.calibration.exists() else None
    temperature, calibrated = 1.0, False
    if calibration is not None and calibration.scorer == "head" and calibration.temperature:
        temperature, calibrated = float(calibration.temperature), True
    max_length = int((triality.config if triality is not None else {}).get("max_length") or 256)
    if gguf is not None and _exported_from(gguf, feature_model, layout):
        scorer, features_of = gguf_scorer(head, gguf, max_length=max_length), str(gguf)
    else:
        scorer = head_scorer(head, feature_model, device=device, max_length=max_length)
        features_of = str(feature_model)
    return Gate(scorer, temperature, config or GateConfig(), calibrated, str(head_path), features_of)


def _exported_from(gguf: str | os.PathLike[str], feature_model: Path, layout: Any) -> bool:
    """Whether `gguf` is one of the run's GGUF files and the head's model is the run's baked model (their source)."""
    gguf = Path(gguf).resolve()
    return gguf.parent == layout.gguf_dir.resolve() and feature_model.resolve() == layout.baked.resolve()


#: Threads of the gate's llama.cpp context: it embeds one prompt per turn beside the chat model.
GATE_THREADS = 1


def gguf_scorer(head: Any, gguf: str | os.PathLike[str], *, max_length: int = 256) -> Scorer:
    """A Scorer: llama.cpp's mean-pooled embeddings of `gguf` (CPU) through the head."""
    import contextlib
    import io

    import llama_cpp
    import torch

    from so8t.errors import GGUFError
    from so8t.gguf.llama_log import capture_llama_log

    llm = None
    with capture_llama_log(), contextlib.redirect_stderr(io.StringIO()):
        try:
            llm = llama_cpp.Llama(model_path=str(gguf), embedding=True, pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN,
                                  n_ctx=int(max_length), n_batch=int(max_length), n_ubatch=int(max_length),
                                  n_gpu_layers=0, n_threads=GATE_THREADS, verbose=True)
        except (ValueError, RuntimeError) as exc:
            raise GGUFError(f"llama.cpp could not load {gguf} for the gate ({exc})",
                            "pass a complete GGUF written by `so8t export-gguf` or `so8t quantize`") from exc
    llm.verbose = False
    width = int(llm.n_embd())
    if width != head.hidden_size:
        raise GateError(f"the head expects hidden size {head.hidden_size}, {gguf} has {width}",
                        "use the head trained on this model (its run's triality_head.safetensors)")

    def score(texts: Sequence[str]) -> np.ndarray:
        rows = []
        for text in texts:
            # truncate keeps the first max_length tokens, as the triality stage's tokenizer does
            rows.append(llm.embed(text, normalize=False, truncate=True))
        with torch.inference_mode():
            return head(torch.tensor(np.asarray(rows, dtype=np.float32))).double().numpy()

    return score


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
