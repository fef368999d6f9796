"""The A/B table's statistics: paired percentile bootstrap intervals of each delta and the exact McNemar test.

Both are SciPy's own calls (`scipy.stats.bootstrap(paired=True, method="percentile")`, seeded, and
`scipy.stats.binomtest(b, b + c, 0.5)`), so a figure can be checked against SciPy on the record's items.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

#: The interval of each delta: 95 %.
CONFIDENCE = 0.95


def bootstrap_interval(samples: Sequence[Sequence[float]], statistic: Callable[..., np.ndarray], *,
                       n_resamples: int, seed: int) -> tuple[float | None, float | None]:
    """The paired percentile bootstrap interval of `statistic` over the items (None with fewer than two)."""
    from scipy.stats import bootstrap

    arrays = [np.asarray(s, dtype=float) for s in samples]
    if len(arrays[0]) < 2:
        return None, None
    with np.errstate(invalid="ignore", divide="ignore"):
        result = bootstrap(tuple(arrays), statistic, paired=True, vectorized=True, method="percentile",
                           n_resamples=n_resamples, confidence_level=CONFIDENCE,
                           random_state=np.random.default_rng(seed))
    low, high = float(result.confidence_interval.low), float(result.confidence_interval.high)
    return (low if np.isfinite(low) else None), (high if np.isfinite(high) else None)


def mean_delta(base: np.ndarray, tuned: np.ndarray, axis: int = -1) -> np.ndarray:
    """tuned − base of the item means (a rate's delta when the items are 0/1)."""
    return np.mean(tuned, axis=axis) - np.mean(base, axis=axis)


def ratio_delta(base_sum: np.ndarray, tuned_sum: np.ndarray, count: np.ndarray, axis: int = -1) -> np.ndarray:
    """tuned − base of a token-weighted mean (held-out loss: summed NLL over summed tokens)."""
    total = np.sum(count, axis=axis)
    return (np.sum(tuned_sum, axis=axis) - np.sum(base_sum, axis=axis)) / total


def mcnemar_p(base_ok: Sequence[bool], tuned_ok: Sequence[bool]) -> float:
    """The exact McNemar p-value: a two-sided binomial test of the discordant pairs (1.0 when there are none)."""
    from scipy.stats import binomtest

    b = sum(1 for x, y in zip(base_ok, tuned_ok, strict=True) if x and not y)
    c = sum(1 for x, y in zip(base_ok, tuned_ok, strict=True) if y and not x)
    return float(binomtest(b, b + c, 0.5).pvalue) if b + c else 1.0
