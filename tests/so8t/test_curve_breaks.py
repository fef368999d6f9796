"""Time curves break at a pause between processes (a resumed run), and keep the break when they are thinned."""

from __future__ import annotations

import numpy as np

from so8t.store.run_model import TIME_GAP_S, RingSeries


def test_a_pause_longer_than_the_gap_puts_one_break_before_the_next_reading():
    series = RingSeries(capacity=64)
    for t in range(5):
        series.append_after_gap(float(t), 1.0, TIME_GAP_S)
    series.append_after_gap(4.0 + TIME_GAP_S, 2.0, TIME_GAP_S)  # exactly the gap: still one process
    assert not np.isnan(series.view()[1]).any()
    series.append_after_gap(1000.0, 3.0, TIME_GAP_S)
    x, y = series.view()
    assert np.isnan(y).sum() == 1 and x[-1] == 1000.0 and y[-1] == 3.0 and series.last() == 3.0
    assert series.y_range() == (1.0, 3.0)


def test_thinning_a_full_series_keeps_its_breaks():
    series = RingSeries(capacity=16)
    for t in range(7):
        series.append_after_gap(float(t), 1.0, TIME_GAP_S)
    series.append_after_gap(500.0, 2.0, TIME_GAP_S)  # the break lands on an odd index (7)
    for t in range(1, 20):
        series.append_after_gap(500.0 + t, 2.0, TIME_GAP_S)
    x, y = series.view()
    assert series.n < 16 and np.isnan(y).sum() == 1
    gap = int(np.flatnonzero(np.isnan(y))[0])
    assert x[gap - 1] < 100 < x[gap + 1]
