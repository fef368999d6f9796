"""Acceptance 1: ECE, Brier and NLL against independent references (torchmetrics, scikit-learn) within 1e-9.

Bin-edge convention (docs/architecture.md): bins are (lo, hi]; torchmetrics bins with torch.bucketize(right=True),
i.e. [lo, hi), with a confidence of exactly 1.0 in an extra bin of its own. For a double x,
lo < x <= hi is the same as nextafter(lo) <= x < nextafter(hi), so the reference is computed by
torchmetrics' own float64 binning (`_ce_compute`, the core that `multiclass_calibration_error`
calls after casting to float32) with every edge moved up one ulp. The public float32 API is
compared too, away from edges, at float32 precision.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.metrics import brier_score_loss, log_loss, precision_recall_fscore_support
from sklearn.metrics import confusion_matrix as sk_confusion
from torchmetrics.functional.classification import multiclass_calibration_error
from torchmetrics.functional.classification.calibration_error import _ce_compute

from so8t.triality.metrics import (
    ECE_BINS,
    bin_edges,
    bin_index,
    brier_score,
    confusion_matrix,
    expected_calibration_error,
    negative_log_likelihood,
    per_class_scores,
    reliability_bins,
    score_report,
    softmax,
)

TOL = 1e-9
K = 3


def torchmetrics_ece_half_open_above(probs: np.ndarray, labels: np.ndarray) -> float:
    """torchmetrics' l1 calibration error in float64 with (lo, hi] bins (edges moved up one ulp)."""
    p = torch.from_numpy(probs)
    conf, pred = p.max(dim=1)
    acc = (torch.from_numpy(np.argmax(probs, axis=1)) == torch.from_numpy(labels)).double()
    edges = torch.linspace(0, 1, ECE_BINS + 1, dtype=torch.float64)
    edges = torch.nextafter(edges, torch.full_like(edges, 2.0))
    return float(_ce_compute(conf, acc, edges, norm="l1"))


def random_probs(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.dirichlet(np.full(K, 0.7), size=n)


def edge_rows() -> np.ndarray:
    """Rows whose top confidence is exactly 1.0 or exactly a bin edge (edges above 1/3 can be a top label)."""
    rows = [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    for e in bin_edges()[6:]:
        rest = (1.0 - e) / 2.0
        rows.append([rest, e, rest])
    return np.array(rows, dtype=np.float64)


def cases() -> list[tuple[str, np.ndarray, np.ndarray]]:
    rng = np.random.default_rng(1234)
    out = []
    for n in (1, 2, 7, 50, 500):
        out.append((f"dirichlet-{n}", random_probs(rng, n), rng.integers(0, K, n)))
    edges = edge_rows()
    out.append(("edges-only", edges, rng.integers(0, K, len(edges))))
    mixed = np.concatenate([random_probs(rng, 200), edges, edges[:3]])
    out.append(("mixed-with-edges", mixed, rng.integers(0, K, len(mixed))))
    # Two occupied bins, 13 empty ones.
    two_bins = np.array([[0.95, 0.03, 0.02]] * 4 + [[0.5, 0.3, 0.2]] * 3)
    out.append(("empty-bins", two_bins, np.array([0, 0, 1, 0, 2, 0, 1])))
    out.append(("single-sample-one", np.array([[1.0, 0.0, 0.0]]), np.array([1])))
    out.append(("single-sample-edge", np.array([[0.2, 0.6, 0.2]]), np.array([1])))
    return out


@pytest.mark.parametrize("name,probs,labels", cases(), ids=[c[0] for c in cases()])
def test_ece_matches_torchmetrics_float64_core(name, probs, labels):
    ours = expected_calibration_error(probs, labels)
    ref = torchmetrics_ece_half_open_above(probs, labels)
    assert abs(ours - ref) <= TOL, (name, ours, ref)


def test_ece_matches_public_torchmetrics_api_away_from_edges():
    # The public function casts confidences to float32, so agreement is at float32 precision.
    rng = np.random.default_rng(7)
    probs = random_probs(rng, 400)
    probs = probs[np.abs(probs.max(axis=1)[:, None] - bin_edges()[None, :]).min(axis=1) > 1e-6]
    labels = rng.integers(0, K, len(probs))
    ref = float(multiclass_calibration_error(torch.from_numpy(probs), torch.from_numpy(labels), num_classes=K,
                                             n_bins=ECE_BINS, norm="l1"))
    assert expected_calibration_error(probs, labels) == pytest.approx(ref, abs=1e-6)


def test_edge_confidence_goes_to_the_bin_below():
    edges = bin_edges()
    assert bin_index(np.array([edges[9]]))[0] == 8  # (8/15, 9/15]
    assert bin_index(np.array([np.nextafter(edges[9], 1.0)]))[0] == 9
    assert bin_index(np.array([1.0]))[0] == ECE_BINS - 1
    # One correct item at conf 0.6 (an edge) and one wrong at conf 0.61: under (lo, hi] they are in
    # different bins, so ECE = (|1 - 0.6| + |0 - 0.61|) / 2; in one bin it would be |0.5 - 0.605|.
    e = edges[9]
    probs = np.array([[e, (1 - e) / 2, (1 - e) / 2], [0.61, 0.2, 0.19]])
    labels = np.array([0, 1])
    assert expected_calibration_error(probs, labels) == pytest.approx(((1 - e) + 0.61) / 2, abs=TOL)
    bins = reliability_bins(probs, labels)
    assert [b.count for b in bins] == [1, 1]


@pytest.mark.parametrize("name,probs,labels", cases(), ids=[c[0] for c in cases()])
def test_brier_matches_sklearn_and_a_loop(name, probs, labels):
    ref = brier_score_loss(labels, probs, labels=list(range(K)), scale_by_half=False)
    loop = sum(sum((probs[i, k] - (labels[i] == k)) ** 2 for k in range(K)) for i in range(len(labels))) / len(labels)
    ours = brier_score(probs, labels)
    assert abs(ours - ref) <= TOL
    assert abs(ours - loop) <= TOL


@pytest.mark.parametrize("n", [1, 2, 30, 1000])
@pytest.mark.parametrize("scale", [0.1, 1.0, 8.0])
def test_nll_matches_sklearn_log_loss(n, scale):
    # Logits bounded so no probability falls below sklearn's clipping floor (float64 eps).
    rng = np.random.default_rng(n * 10 + int(scale * 10))
    logits = rng.normal(0, scale, (n, K))
    labels = rng.integers(0, K, n)
    ref = log_loss(labels, softmax(logits), labels=list(range(K)))
    assert abs(negative_log_likelihood(logits, labels) - ref) <= TOL


def test_nll_with_temperature_is_nll_of_divided_logits():
    rng = np.random.default_rng(3)
    logits = rng.normal(0, 3, (40, K))
    labels = rng.integers(0, K, 40)
    ref = log_loss(labels, softmax(logits / 2.5), labels=list(range(K)))
    assert abs(negative_log_likelihood(logits, labels, 2.5) - ref) <= TOL


def test_nll_is_finite_where_a_probability_underflows():
    # softmax gives exactly 0 for the true class; the log-sum-exp form still gives the exact value.
    logits = np.array([[1000.0, 0.0, 0.0]])
    assert negative_log_likelihood(logits, np.array([1])) == pytest.approx(1000.0)


def test_confusion_and_per_class_match_sklearn():
    rng = np.random.default_rng(11)
    labels = rng.integers(0, K, 300)
    preds = np.where(rng.random(300) < 0.6, labels, rng.integers(0, K, 300))
    preds[preds == 2] = 1  # class 2 never predicted: precision has no denominator
    cm = confusion_matrix(labels, preds, K)
    np.testing.assert_array_equal(cm, sk_confusion(labels, preds, labels=list(range(K))))
    p, r, f, s = precision_recall_fscore_support(labels, preds, labels=list(range(K)), zero_division=0)
    ours = per_class_scores(cm)
    np.testing.assert_allclose([c.precision for c in ours], p, atol=TOL)
    np.testing.assert_allclose([c.recall for c in ours], r, atol=TOL)
    np.testing.assert_allclose([c.f1 for c in ours], f, atol=TOL)
    assert [c.support for c in ours] == s.tolist()


def test_score_report_is_consistent_and_json_able():
    import json

    rng = np.random.default_rng(5)
    logits = rng.normal(0, 2, (90, K))
    labels = rng.integers(0, K, 90)
    rep = score_report(logits, labels, ("ALLOW", "ESCALATION", "DENY"), temperature=1.7)
    probs = softmax(logits, 1.7)
    assert rep.ece == pytest.approx(expected_calibration_error(probs, labels), abs=TOL)
    assert rep.accuracy == pytest.approx(float((probs.argmax(1) == labels).mean()))
    assert sum(b.count for b in rep.reliability) == 90
    assert sum(map(sum, rep.confusion)) == 90
    d = json.loads(json.dumps(rep.to_dict()))
    assert set(d["per_class"]) == {"ALLOW", "ESCALATION", "DENY"}
    assert {"lo", "hi", "confidence", "accuracy", "count"} <= set(d["reliability"][0])
