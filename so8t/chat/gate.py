"""The safety gate: the run's triality head, with the calibrated temperature, decides ALLOW / ESCALATION / DENY."""

from __future__ import annotations

import os
import re
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
#: Roles whose text the gate scores: what the client or the operator wrote (the model's own turns are not input).
SCORED_ROLES = ("system", "user")
#: Where a turn is cut into sentences: after Latin and CJK sentence ends, and at line breaks.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[。！？])|\n+")
#: Piece scores kept per gate: a conversation's earlier turns are scored again on every request.
SCORE_CACHE_SIZE = 4096
#: How decisions rank when pieces disagree: the most severe one decides.
SEVERITY = {ALLOW: 0, ESCALATION: 1, DENY: 2}


@dataclass
class WindowedScorer:
    """A Scorer that knows its head's window (max_length tokens) and counts tokens, so the gate can split long turns."""

    score: Scorer
    count_tokens: Callable[[str], int]
    window: int

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        return self.score(texts)


def sentences(text: str) -> list[str]:
    """The sentences of a text, stripped, blanks dropped."""
    return [s.strip() for s in _SENTENCE_BREAK.split(text) if s and s.strip()]


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
    _cache: dict[str, np.ndarray] = field(default_factory=dict, repr=False, compare=False)

    def judge(self, text: str, *, by_sentence: bool = True) -> Verdict:
        """The verdict on one text (a prompt, a final answer): its pieces scored, the most severe deciding."""
        return self.judge_texts([text], by_sentence=by_sentence)

    def judge_conversation(self, messages: Sequence[dict[str, str]]) -> Verdict:
        """The verdict on what the model will see: each system and user turn scored on its own raw text."""
        return self.judge_texts([m["content"] for m in messages if m.get("role") in SCORED_ROLES])

    def judge_texts(self, texts: Sequence[str], *, by_sentence: bool = True) -> Verdict:
        """Score every piece of every text; the piece with the most severe decision, then the highest
        p(DENY), then p(ESCALATION), decides, and the verdict carries that piece's probabilities."""
        pieces = list(dict.fromkeys(p for text in texts for p in self.pieces(text, by_sentence=by_sentence)))
        if not pieces:
            pieces = [""]
        best: tuple[tuple[float, float, float], Verdict] | None = None
        for probs in self._probabilities(pieces):
            p = dict(zip(LABELS, (float(x) for x in probs), strict=True))
            label = decide(probs, self.config)
            key = (SEVERITY[label], p[DENY], p[ESCALATION])
            if best is None or key > best[0]:
                best = (key, Verdict(label, {k: round(v, 6) for k, v in p.items()}, float(self.temperature)))
        assert best is not None
        return best[1]

    def pieces(self, text: str, *, by_sentence: bool = True) -> list[str]:
        """What one text is scored as: the whole text when it fits the head's window, else sentence-aligned
        pieces that do; and (`by_sentence`), when it has more than one sentence, each sentence on its own, so
        that a harmful sentence is not diluted by harmless ones around it (mean pooling averages over every
        token). A final answer is scored without it: it is long, and it is scored while the user waits."""
        text = text.strip()
        if not text:
            return []
        parts = sentences(text)
        out = [text] if self._fits(text) else self._windows(parts)
        if by_sentence and len(parts) > 1:
            out += [piece for part in parts for piece in self._windows([part])]
        return list(dict.fromkeys(out))

    def _fits(self, text: str) -> bool:
        window, count = getattr(self.scorer, "window", None), getattr(self.scorer, "count_tokens", None)
        return window is None or count is None or count(text) <= window

    def _windows(self, parts: list[str]) -> list[str]:
        """Consecutive parts packed into pieces that fit the window; a part too long alone is cut between words."""
        out: list[str] = []
        current = ""
        for part in parts:
            joined = f"{current} {part}" if current else part
            if self._fits(joined):
                current = joined
                continue
            if current:
                out.append(current)
            if self._fits(part):
                current = part
                continue
            current = ""
            for word in part.split():
                joined = f"{current} {word}" if current else word
                if current and not self._fits(joined):
                    out.append(current)
                    joined = word
                current = joined
        if current:
            out.append(current)
        return out

    def _probabilities(self, pieces: list[str]) -> np.ndarray:
        from so8t.triality.metrics import softmax

        missing = [p for p in pieces if p not in self._cache]
        if missing:
            logits = np.asarray(self.scorer(missing), dtype=np.float64).reshape(len(missing), len(LABELS))
            if len(self._cache) + len(missing) > SCORE_CACHE_SIZE:
                self._cache.clear()
            self._cache.update(zip(missing, logits, strict=True))
        logits = np.stack([self._cache[p] for p in pieces])
        return softmax(logits, float(self.temperature))


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
    from so8t.store.layout import RunLayout
    from so8t.store.records import CalibrationResult, TrialityResult, read_record
    from so8t.triality.head import HF_POOLED_FEATURES, load_head

    layout = RunLayout(run_dir)
    run_dir = layout.root
    # Each record through its reader: a damaged or newer file is refused by name, never guessed at.
    triality = read_record(TrialityResult, layout.triality) if layout.triality.exists() else None
    head_path = Path(triality.head_path) if triality is not None and triality.head_path else layout.triality_head
    if not layout.inside(head_path):  # never another run's head: a copy would be gated by the original's
        raise GateError(f"run {run_dir}'s triality.json names the head {head_path}, outside the run",
                        f"copy the head into the run as {layout.triality_head.name}, or refit it with "
                        f"`so8t triality --model RUN/baked --out {run_dir}`")
    if not head_path.is_file():
        raise GateError(f"run {run_dir} has no triality head ({head_path})",
                        "run the triality stage on it (`so8t triality --model RUN/baked --out RUN`), "
                        "or chat without a gate with --ungated")
    head, meta = load_head(head_path)
    features = meta.get("features", HF_POOLED_FEATURES)
    if features != HF_POOLED_FEATURES:
        raise GateError(f"head {head_path} was trained on {features} features, which this gate cannot compute",
                        f"refit the head with `so8t triality --model DIR --out {run_dir}`")
    # A model inside some run is this run's own (re-based); one outside any run stays where it is.
    feature_model = layout.resolve(meta["model"]) if meta.get("model") else layout.baked
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


def gguf_scorer(head: Any, gguf: str | os.PathLike[str], *, max_length: int = 256) -> WindowedScorer:
    """A WindowedScorer: llama.cpp's mean-pooled embeddings of `gguf` (CPU) through the head."""
    import contextlib
    import io

    import llama_cpp
    import torch

    from so8t.errors import GGUFError
    from so8t.gguf.llama_log import capture_llama_log, quiet_after_load
    from so8t.model.chat_template import check_gguf_chat_template

    check_gguf_chat_template(gguf)  # llama-cpp-python compiles the file's chat templates as it loads
    llm = None
    with capture_llama_log(), contextlib.redirect_stderr(io.StringIO()):
        try:
            llm = llama_cpp.Llama(model_path=str(gguf), embedding=True, pooling_type=llama_cpp.LLAMA_POOLING_TYPE_MEAN,
                                  n_ctx=int(max_length), n_batch=int(max_length), n_ubatch=int(max_length),
                                  n_gpu_layers=0, n_threads=GATE_THREADS, verbose=True)
        except (ValueError, RuntimeError) as exc:
            raise GGUFError(f"llama.cpp could not load {gguf} for the gate ({exc})",
                            "pass a complete GGUF written by `so8t export-gguf` or `so8t quantize`") from exc
    quiet_after_load(llm)
    width = int(llm.n_embd())
    if width != head.hidden_size:
        raise GateError(f"the head expects hidden size {head.hidden_size}, {gguf} has {width}",
                        "use the head trained on this model (its run's triality_head.safetensors)")

    def score(texts: Sequence[str]) -> np.ndarray:
        # One call for all pieces: llama.cpp batches them (one call per text cost up to ~0.1 s each).
        # truncate keeps the first max_length tokens, as the triality stage's tokenizer does.
        rows = llm.embed(list(texts), normalize=False, truncate=True) if texts else []
        with torch.inference_mode():
            return head(torch.tensor(np.asarray(rows, dtype=np.float32))).double().numpy()

    def count_tokens(text: str) -> int:
        return len(llm.tokenize(text.encode("utf-8", errors="replace"), add_bos=True, special=False))

    return WindowedScorer(score, count_tokens, int(max_length))


def head_scorer(head: Any, model_dir: str | os.PathLike[str], *, device: str = "cpu", max_length: int = 256) -> WindowedScorer:
    """A WindowedScorer: mean-pooled final hidden states of `model_dir` through the head (as the triality stage scores)."""
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

    def count_tokens(text: str) -> int:
        return len(tokenizer(text, verbose=False)["input_ids"])

    return WindowedScorer(score, count_tokens, int(max_length))
