"""The comparison plot's legend lies below its axes, never over the curves it names (docs/architecture.md, reports)."""

import math

from matplotlib.backends.backend_agg import FigureCanvasAgg

from so8t.report.plots import overlay_figure


def _curves(runs: int) -> list[tuple[str, list[float], list[float]]]:
    xs = [float(x) for x in range(200)]
    return [(f"run-2026-12-0{i}-long-name · train", xs, [2.5 * math.exp(-x / 60) + 0.3 * math.sin(x / 7 + i) + 1 for x in xs])
            for i in range(runs)]


def _boxes(fig):
    FigureCanvasAgg(fig).draw()
    renderer = fig.canvas.get_renderer()
    axes = fig.axes[0].get_tightbbox(renderer)
    legends = fig.legends or [fig.axes[0].get_legend()]
    return axes, legends[0].get_window_extent(renderer)


def test_the_legend_is_below_the_axes_for_one_to_six_runs():
    for runs in (1, 2, 3, 6):
        fig = overlay_figure("Training loss", "step", "loss", _curves(runs))
        axes, legend = _boxes(fig)
        assert legend.y1 <= axes.y0, (runs, legend, axes)
        texts = [t.get_text() for t in fig.legends[0].get_texts()]
        assert texts == [name for name, _, _ in _curves(runs)]


def test_control_a_legend_placed_inside_the_axes_overlaps_them():
    fig = overlay_figure("Training loss", "step", "loss", _curves(3))
    fig.legends.clear()
    fig.axes[0].legend(loc="best")
    axes, legend = _boxes(fig)
    assert legend.y1 > axes.y0 and legend.overlaps(axes)
