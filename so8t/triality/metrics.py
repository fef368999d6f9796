"""Classification and calibration metrics of K-class scores: ECE, Brier, NLL, accuracy, F1, reliability bins."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from so8t.errors import DataFileError

#: docs/architecture.md, "Stages and calibration figures": 15 equal-width bins over the top-label confidence, bins (lo, hi], empty bins skipped.
ECE_BINS = 15


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise softmax of `logits / temperature`, in float64, stable for large logits."""
    z = np.asarray(logits, dtype=np.float64) / float(temperature)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def log_softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """Row-wise log-softmax of `logits / temperature` (log-sum-exp, no log of a rounded 0)."""
    z = np.asarray(logits, dtype=np.float64) / float(temperature)
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def bin_edges(n_bins: int = ECE_BINS) -> np.ndarray:
    """The n_bins + 1 edges 0, 1/n, …, 1 of the equal-width confidence bins."""
    return np.linspace(0.0, 1.0, n_bins + 1)


def bin_index(confidences: np.ndarray, n_bins: int = ECE_BINS) -> np.ndarray:
    """Bin of each confidence with bins (lo, hi]: a confidence equal to an edge goes to the bin below it.

    Confidence 0 (impossible for a top label, kept for completeness) goes to the first bin.
    """
    edges = bin_edges(n_bins)
    # side="left" gives i with edges[i-1] < c <= edges[i], i.e. the (lo, hi] bin i-1.
    idx = np.searchsorted(edges, np.asarray(confidences, dtype=np.float64), side="left") - 1
    return np.clip(idx, 0, n_bins - 1)


@dataclass
class ReliabilityBin:
    """One confidence bin of a reliability diagram: its range, mean confidence, accuracy and size."""

    lo: float
    hi: float
    confidence: float
    accuracy: float
    count: int


def reliability_bins(probs: np.ndarray, labels: np.ndarray, n_bins: int = ECE_BINS) -> list[ReliabilityBin]:
    """Per non-empty bin: mean top-label confidence, accuracy of the top label, and count."""
    probs = np.asarray(probs, dtype=np.float64)
    labels = np.asarray(labels)
    conf = probs.max(axis=1)
    correct = (probs.argmax(axis=1) == labels).astype(np.float64)
    idx = bin_index(conf, n_bins)
    edges = bin_edges(n_bins)
    bins = []
    for b in range(n_bins):
        mask = idx == b
        n = int(mask.sum())
        if n == 0:
            continue
        bins.append(ReliabilityBin(float(edges[b]), float(edges[b + 1]), float(conf[mask].mean()),
                                   float(correct[mask].mean()), n))
    return bins


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, n_bins: int = ECE_BINS) -> float:
    """ECE: Σ_bins (count/N) · |accuracy − mean confidence| over the top label (docs/architecture.md)."""
    n = len(labels)
    return float(sum(b.count / n * abs(b.accuracy - b.confidence) for b in reliability_bins(probs, labels, n_bins)))


def brier_score(probs: np.ndarray, labels: np.ndarray) -> float:
    """Multi-class Brier: mean over samples of Σ_k (p_k − y_k)², in [0, 2]."""
    probs = np.asarray(probs, dtype=np.float64)
    onehot = np.zeros_like(probs)
    onehot[np.arange(len(probs)), np.asarray(labels)] = 1.0
    return float(((probs - onehot) ** 2).sum(axis=1).mean())


def negative_log_likelihood(logits: np.ndarray, labels: np.ndarray, temperature: float = 1.0) -> float:
    """Mean −log p(true label) of softmax(logits / T), computed from logits (no clipping needed)."""
    logp = log_softmax(logits, temperature)
    return float(-logp[np.arange(len(logp)), np.asarray(labels)].mean())


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, n_classes: int) -> np.ndarray:
    """Counts [true][predicted]."""
    cm = np.zeros((n_classes, n_classes), dtype=np.int64)
    np.add.at(cm, (np.asarray(labels), np.asarray(predictions)), 1)
    return cm


@dataclass
class ClassScores:
    """Precision, recall and F1 of one class, with its support (true items of the class)."""

    precision: float
    recall: float
    f1: float
    support: int


def per_class_scores(cm: np.ndarray) -> list[ClassScores]:
    """Precision/recall/F1 per class from a confusion matrix; 0 where a ratio has no denominator."""
    scores = []
    for k in range(cm.shape[0]):
        tp = float(cm[k, k])
        predicted = float(cm[:, k].sum())
        actual = float(cm[k, :].sum())
        precision = tp / predicted if predicted else 0.0
        recall = tp / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores.append(ClassScores(precision, recall, f1, int(actual)))
    return scores


@dataclass
class ScoreReport:
    """Everything measured on one set of logits at one temperature."""

    n: int
    temperature: float
    accuracy: float
    nll: float
    ece: float
    brier: float
    confusion: list[list[int]]
    per_class: dict[str, ClassScores]
    macro_f1: float
    reliability: list[ReliabilityBin] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def score_report(
    logits: np.ndarray, labels: np.ndarray, class_names: Sequence[str], temperature: float = 1.0
) -> ScoreReport:
    """Accuracy, NLL, ECE, Brier, confusion, per-class F1 and reliability bins of softmax(logits / T)."""
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    probs = softmax(logits, temperature)
    predictions = probs.argmax(axis=1)
    cm = confusion_matrix(labels, predictions, len(class_names))
    per_class = per_class_scores(cm)
    return ScoreReport(
        n=len(labels),
        temperature=float(temperature),
        accuracy=float((predictions == labels).mean()),
        nll=negative_log_likelihood(logits, labels, temperature),
        ece=expected_calibration_error(probs, labels),
        brier=brier_score(probs, labels),
        confusion=cm.tolist(),
        per_class=dict(zip(class_names, per_class, strict=True)),
        macro_f1=float(np.mean([s.f1 for s in per_class])),
        reliability=reliability_bins(probs, labels),
    )


def check_logits(logits: np.ndarray, source: str, n_classes: int) -> np.ndarray:
    """The logits as a float64 (N, n_classes) array; NaN/inf or a wrong shape is a DataFileError."""
    arr = np.asarray(logits, dtype=np.float64)
    if arr.ndim != 2 or arr.shape[1] != n_classes:
        raise DataFileError(
            f"logits from {source} have shape {tuple(arr.shape)}, expected (items, {n_classes})",
            f"give exactly {n_classes} logits per item",
        )
    bad = np.flatnonzero(~np.isfinite(arr).all(axis=1))
    if bad.size:
        kind = "NaN" if np.isnan(arr[bad[0]]).any() else "inf"
        raise DataFileError(
            f"logits from {source} are not finite ({bad.size} item(s), first: item {int(bad[0]) + 1} has {kind})",
            "re-score those items or drop them; a model that outputs NaN/inf needs fixing first",
        )
    return arr
