"""Acceptance 2: temperature scaling recovers T0 from a calibrated generator's logits scaled by T0."""

from __future__ import annotations

import numpy as np
import pytest

from so8t.calibration.temperature import T_MAX, T_MIN, fit_temperature
from so8t.errors import ConfigError
from so8t.triality.metrics import expected_calibration_error, negative_log_likelihood, softmax

#: Large enough that the fitted T's sampling error (~1 % here) is well inside the 5 % target.
N_ITEMS = 20000


def calibrated_generator(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Logits z and labels drawn from softmax(z): calibrated by construction."""
    rng = np.random.default_rng(seed)
    z = rng.normal(0.0, 2.0, (n, 3))
    cdf = softmax(z).cumsum(axis=1)
    labels = (rng.random(n)[:, None] > cdf).sum(axis=1)
    return z, labels


@pytest.mark.parametrize("t0", [0.5, 2.0, 4.0])
def test_fit_recovers_the_scaling_and_lowers_ece(t0):
    z_cal, y_cal = calibrated_generator(N_ITEMS, seed=1)
    z_test, y_test = calibrated_generator(N_ITEMS, seed=2)
    fit = fit_temperature(z_cal * t0, y_cal)
    assert fit.temperature == pytest.approx(t0, rel=0.05)
    assert not fit.at_bound
    # Dividing by the fitted T restores the calibrated logits (up to the fit's relative error).
    np.testing.assert_allclose(z_test * t0 / fit.temperature, z_test, rtol=0.05)
    ece_before = expected_calibration_error(softmax(z_test * t0), y_test)
    ece_after = expected_calibration_error(softmax(z_test * t0, fit.temperature), y_test)
    assert ece_after <= ece_before
    assert fit.objective_after <= fit.objective_before


@pytest.mark.parametrize("t0", [0.5, 4.0])
def test_ece_objective_also_recovers_and_lowers_ece(t0):
    z_cal, y_cal = calibrated_generator(5000, seed=3)
    fit = fit_temperature(z_cal * t0, y_cal, objective="ece")
    assert fit.temperature == pytest.approx(t0, rel=0.1)
    assert fit.objective_after <= fit.objective_before


def test_calibrated_logits_keep_t_near_one():
    z, y = calibrated_generator(N_ITEMS, seed=4)
    assert fit_temperature(z, y).temperature == pytest.approx(1.0, rel=0.05)


def test_nll_fit_is_the_minimum_over_a_grid():
    z, y = calibrated_generator(2000, seed=5)
    fit = fit_temperature(z * 3.0, y)
    grid = np.exp(np.linspace(np.log(T_MIN), np.log(T_MAX), 400))
    best = min(negative_log_likelihood(z * 3.0, y, t) for t in grid)
    assert fit.objective_after <= best + 1e-9


def test_temperature_stays_in_bounds_and_says_so():
    # Labels independent of the logits: the best temperature flattens everything, up to the bound.
    rng = np.random.default_rng(6)
    logits = rng.normal(0, 5, (300, 3))
    labels = rng.integers(0, 3, 300)
    fit = fit_temperature(logits, labels)
    assert T_MIN <= fit.temperature <= T_MAX
    assert fit.temperature > 5
    # Perfectly separable, correct logits: sharpening helps all the way to the lower bound.
    labels = logits.argmax(axis=1)
    fit = fit_temperature(logits, labels)
    assert fit.temperature == pytest.approx(T_MIN) and fit.at_bound


def test_unknown_objective_is_a_config_error():
    z, y = calibrated_generator(50, seed=7)
    with pytest.raises(ConfigError, match="objective"):
        fit_temperature(z, y, objective="brier")
