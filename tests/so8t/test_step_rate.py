"""The tokens/s and the ETA a person sees are the last 20 steps' (tokens / their time), in the window's run
model and in the CLI's bar alike: one step's rate (2,158 → 1,322 → 238 → 1,586 → 7,313 on chat data) does
not swing them."""

from __future__ import annotations

import io
import re

import pytest

from so8t.events import RATE_STEPS, MetricEvent, ProgressEvent, StageEvent
from so8t.store.metric_names import Metrics

#: Per-step rates measured on one run of the issue's chat data, fed repeated.
RATES = (2158.0, 1322.0, 238.0, 1586.0, 7313.0)
#: Every step trains a packed row of this many tokens: its time is TOKENS / rate.
TOKENS = 4096
TOTAL = 200
#: The ETA may move by less than this from one step to the next.
MAX_ETA_MOVE = 0.20


def _steps(count: int):
    """(step, rate, seconds, wall time at the step's end) of `count` steps."""
    now = 1_000.0
    for i in range(count):
        rate = RATES[i % len(RATES)]
        seconds = TOKENS / rate
        now += seconds
        yield i + 1, rate, seconds, now


def _events(step: int, rate: float, seconds: float, now: float) -> list:
    return [MetricEvent(kind="metric", t=now, stage="train", name=Metrics.STEP_SECONDS, value=seconds, step=step),
            MetricEvent(kind="metric", t=now, stage="train", name=Metrics.TOKENS_PER_S, value=rate, step=step),
            ProgressEvent(kind="progress", t=now, stage="train", done=step, total=TOTAL, unit="step")]


def _expected(history: list[float]) -> float:
    window = history[-RATE_STEPS:]
    return len(window) * TOKENS / sum(TOKENS / r for r in window)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_window_shows_the_20_step_rate_and_a_steady_eta():
    from so8t.store.run_model import RunModel

    model = RunModel()
    model.apply(StageEvent(kind="stage", t=1_000.0, stage="train", state="started"))
    history, etas = [], []
    for step, rate, seconds, now in _steps(60):
        for event in _events(step, rate, seconds, now):
            model.apply(event)
        history.append(rate)
        shown = model.tokens_per_s()
        assert shown == pytest.approx(_expected(history), rel=1e-9)
        assert step == 1 or shown != pytest.approx(rate)  # not the step's own rate
        etas.append(model.current_progress().eta())
    # Once 20 steps are in, the ETA is the remaining steps at their mean time: it moves by < 20 % a step.
    full = etas[RATE_STEPS - 1:]
    moves = [abs(b - a) / a for a, b in zip(full, full[1:], strict=False)]
    assert max(moves) < MAX_ETA_MOVE, max(moves)
    mean_step = sum(TOKENS / r for r in RATES) / len(RATES)
    assert etas[-1] == pytest.approx((TOTAL - 60) * mean_step)
    # Control: one step's rate would have moved the ETA by far more than 20 %.
    one_step = [(TOTAL - s) * sec for s, _, sec, _ in _steps(60)][RATE_STEPS - 1:]
    assert max(abs(b - a) / a for a, b in zip(one_step, one_step[1:], strict=False)) > 1.0


def _bar_figures(text: str) -> list[tuple[str, float]]:
    """(ETA as shown, tokens/s as shown) of every redraw of the bar that shows both."""
    found = re.findall(r"<([0-9:?]+), [^\]]*?([0-9,]+) tokens/s\]", text)
    return [(eta, float(tokens.replace(",", ""))) for eta, tokens in found]


def _seconds(eta: str) -> float:
    parts = [int(p) for p in eta.split(":")]
    return float(sum(p * 60 ** i for i, p in enumerate(reversed(parts))))


def test_the_cli_bar_shows_the_20_step_rate_and_a_steady_eta():
    from so8t.commands._progress import ProgressBar

    out = _Terminal()
    bar = ProgressBar(out)
    history = []
    expected_rates, expected_etas = [], []
    mean = 0.0
    for step, rate, seconds, now in _steps(60):
        for event in _events(step, rate, seconds, now):
            bar.on_event(event)
        history.append(rate)
        bar._bar.refresh()  # tqdm redraws at most ten times a second; the test wants every step
        expected_rates.append(_expected(history))
        window = history[-RATE_STEPS:]
        mean = sum(TOKENS / r for r in window) / len(window)
        expected_etas.append((TOTAL - step) * mean)
    shown = _bar_figures(out.getvalue())
    assert len(shown) >= 59
    rates = [r for _, r in shown][-59:]
    assert rates == [round(r) for r in expected_rates[1:]] or all(
        abs(a - b) <= 1 for a, b in zip(rates, expected_rates[1:], strict=True)), (rates, expected_rates)
    etas = [_seconds(e) for e, _ in shown][-40:]
    for a, b in zip(etas, etas[1:], strict=False):
        assert abs(b - a) / a < MAX_ETA_MOVE, (a, b)
    assert etas[-1] == pytest.approx(expected_etas[-1], abs=1.0)
