"""Temperature scaling: one scalar T fitted with scipy on a calibration split (NLL by default, ECE optional)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from so8t.errors import ConfigError
from so8t.triality.config import OBJECTIVES
from so8t.triality.metrics import expected_calibration_error, negative_log_likelihood, softmax

#: Bounds of T: below 0.05 the softmax is a hard argmax, above 20 it is nearly uniform over three
#: classes; a fit that lands on a bound says the scores carry no usable confidence.
T_MIN, T_MAX = 0.05, 20.0
#: Tolerance of the bounded 1-D search, in the searched variable (1/T or log T): far below the 5 %
#: recovery target and the noise of any finite calibration set.
SEARCH_TOL = 1e-7
#: The ECE objective is piecewise smooth with jumps (items change bins), so a grid first finds the
#: right basin; 241 log-spaced points over [0.05, 20] are ~2.5 % apart.
ECE_GRID_POINTS = 241


@dataclass
class TemperatureFit:
    """A fitted temperature, the objective it minimised, and whether it stopped on a bound."""

    temperature: float
    objective: str
    objective_before: float
    objective_after: float
    at_bound: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fit_temperature(logits: np.ndarray, labels: np.ndarray, objective: str = "nll") -> TemperatureFit:
    """The T in [T_MIN, T_MAX] minimising `objective` of softmax(logits / T) on (logits, labels).

    NLL is convex in β = 1/T, so a bounded Brent search over β finds its global minimum. ECE is not
    smooth: a log-spaced grid picks the best point, then Brent refines between its neighbours.
    """
    from scipy.optimize import minimize_scalar

    if objective not in OBJECTIVES:
        raise ConfigError(f"calibration objective {objective!r} is unknown", f"use one of: {', '.join(OBJECTIVES)}")
    logits = np.asarray(logits, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    if objective == "nll":
        def loss_beta(beta: float) -> float:
            return negative_log_likelihood(logits, labels, 1.0 / beta)

        res = minimize_scalar(loss_beta, bounds=(1.0 / T_MAX, 1.0 / T_MIN), method="bounded",
                              options={"xatol": SEARCH_TOL})
        t = float(1.0 / res.x)
        before, after = loss_beta(1.0), negative_log_likelihood(logits, labels, t)
    else:
        def loss_log_t(log_t: float) -> float:
            return expected_calibration_error(softmax(logits, float(np.exp(log_t))), labels)

        grid = np.linspace(np.log(T_MIN), np.log(T_MAX), ECE_GRID_POINTS)
        values = np.array([loss_log_t(g) for g in grid])
        best = int(values.argmin())
        lo, hi = grid[max(best - 1, 0)], grid[min(best + 1, len(grid) - 1)]
        res = minimize_scalar(loss_log_t, bounds=(lo, hi), method="bounded", options={"xatol": SEARCH_TOL})
        # Brent on a jumpy function may end worse than the grid point it started around.
        log_t = float(res.x) if res.fun <= values[best] else float(grid[best])
        t = float(np.exp(log_t))
        before, after = loss_log_t(0.0), loss_log_t(log_t)
    t = float(np.clip(t, T_MIN, T_MAX))
    # A fit that cannot beat T = 1 keeps T = 1 rather than a noise-level move.
    if after > before:
        t, after = 1.0, before
    at_bound = bool(np.isclose(t, T_MIN, rtol=1e-4) or np.isclose(t, T_MAX, rtol=1e-4))
    return TemperatureFit(t, objective, float(before), float(after), at_bound)
