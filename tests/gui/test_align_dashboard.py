"""The align stage's curves on the dashboard: read against events.jsonl, apart from training's curves."""

from __future__ import annotations

from gui.dashboard import Dashboard
from so8t.events import EventSink
from so8t.store.event_log import read_events
from so8t.store.metric_names import Metrics, reward_metric
from so8t.store.run_model import RunModel
from workers.run_binding import RunBinding


def _write_run(path) -> None:
    train = EventSink(run="r", stage="train", log_path=path / "events.jsonl")
    for step in range(1, 6):
        train.metric(Metrics.LOSS, 3.0 - step * 0.1, step)
        train.metric(Metrics.KL_TO_BASE, step * 1e-3, step)
    align = EventSink(run="r", stage="align", log_path=path / "events.jsonl")
    for step in range(1, 5):
        align.metric(Metrics.LOSS, 0.7 - step * 0.05, step)
        align.metric(Metrics.REWARD, step * 0.25, step)
        align.metric(reward_metric("format"), step * 0.2, step)
        align.metric(reward_metric("my_rewards.short"), 1.0 - step * 0.1, step)
        align.metric(Metrics.KL, step * 0.01, step)
        align.metric(Metrics.TIE_SHARE, 0.5, step)
        align.metric(Metrics.TOKENS_PER_S, 100.0, step)


def test_align_curves_are_their_own_and_match_the_events(qtbot, tmp_path):
    _write_run(tmp_path)
    events = list(read_events(tmp_path / "events.jsonl"))
    model = RunModel(capacity=500)
    model.load_history(events)
    dashboard = Dashboard(RunBinding(model))
    qtbot.addWidget(dashboard)
    dashboard.redraw_all()

    def series(stage: str, name: str) -> list[tuple[float, float]]:
        return [(e["step"], e["value"]) for e in events if e["kind"] == "metric" and e["stage"] == stage
                and e["name"] == name]

    def drawn(key: str) -> list[tuple[float, float]]:
        curve = dashboard.curves[key]
        if curve.xData is None:
            return []
        return list(zip(curve.xData.tolist(), curve.yData.tolist(), strict=True))

    # Training's loss keeps its five steps: align's loss (steps from 1 again) is a curve of its own.
    assert drawn("loss") == series("train", Metrics.LOSS)
    assert drawn("align_loss") == series("align", Metrics.LOSS)
    assert drawn("reward") == series("align", Metrics.REWARD)
    assert drawn("align_kl") == series("align", Metrics.KL)
    assert drawn("reward/format") == series("align", "reward/format")
    assert drawn("reward/my_rewards.short") == series("align", "reward/my_rewards.short")
    assert drawn("tokens_per_s") == []  # align's speed does not redo training's curve
    visible = dashboard.visible_plots()
    for name in ("lossPlot", "alignLossPlot", "rewardPlot", "alignKlPlot", "tieSharePlot"):
        assert name in visible
    assert "dpoAccuracyPlot" not in visible  # a GRPO run has no preference accuracy: no empty plot
    legend = [label.text for _, label in dashboard.reward_plot.getPlotItem().legend.items]
    assert {"format", "my_rewards.short"} <= set(legend)


def test_a_run_without_align_shows_no_align_plot(qtbot):
    model = RunModel(capacity=50)
    dashboard = Dashboard(RunBinding(model))
    qtbot.addWidget(dashboard)
    dashboard.redraw_all()
    assert not {"alignLossPlot", "rewardPlot", "dpoAccuracyPlot"} & set(dashboard.visible_plots())


def test_the_rollout_table_shows_each_steps_latest_group_as_the_events_carry_it(qtbot, tmp_path):
    from PySide6.QtWidgets import QTableWidget

    align = EventSink(run="r", stage="align", log_path=tmp_path / "events.jsonl")
    for step in (1, 2):
        align.rollout(step, [{"prompt_id": f"p{step}", "final": f"answer {step}.{i}", "reward": i * 0.5,
                              "rewards": {"format": 1.0, "match": None if i == 0 else float(i % 2)}}
                             for i in range(4)])
    model = RunModel(capacity=50)
    dashboard = Dashboard(RunBinding(model))
    qtbot.addWidget(dashboard)
    assert not dashboard.rollout_table.isVisibleTo(dashboard)  # no rollout yet: no empty table
    events = list(read_events(tmp_path / "events.jsonl"))
    for event in events:
        model.apply(event)
    table = dashboard.findChild(QTableWidget, "rolloutTable")
    assert table.isVisibleTo(dashboard)
    header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    last = events[-1]
    assert last["kind"] == "rollout" and last["step"] == 2
    assert header[3:] == ["format", "match"]
    expected = [[row["prompt_id"], row["final"], f"{row['reward']:.3g}", f"{row['rewards']['format']:.3g}",
                 "—" if row["rewards"]["match"] is None else f"{row['rewards']['match']:.3g}"] for row in last["rows"]]
    assert cells == expected
    assert "2" in dashboard.rollout_title.text()


def test_show_reasoning_shows_the_streamed_thinking_of_the_latest_group_and_off_shows_none(qtbot, tiny_model_dirs,
                                                                                           tmp_path):
    from pathlib import Path

    from PySide6.QtWidgets import QCheckBox, QTableWidget

    from so8t.events import parse_event
    from tests.so8t.test_align_grpo import THINKING_MARKER, grpo_run_with_planted_thinking

    run, streamed = grpo_run_with_planted_thinking(Path(tiny_model_dirs["llama"]), tmp_path)
    assert THINKING_MARKER not in (run / "events.jsonl").read_text(encoding="utf-8")
    events = [e for e in map(parse_event, streamed.splitlines()) if e is not None]

    def shown(on: bool) -> tuple[list[str], list[list[str]], str]:
        model = RunModel(capacity=50)
        dashboard = Dashboard(RunBinding(model))
        qtbot.addWidget(dashboard)
        box = dashboard.findChild(QCheckBox, "rolloutReasoningCheck")
        box.setChecked(on)
        for event in events:  # as the window's stage process hands them over, line by line
            model.apply(event)
        assert box.isVisibleTo(dashboard)
        table = dashboard.findChild(QTableWidget, "rolloutTable")
        header = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        cells = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
        assert (model.reasoning is not None) == on  # unticked, the window keeps none of the stream's thinking
        return header, cells, dashboard.rollout_title.text()

    header, cells, title = shown(True)
    assert header[-1] == "reasoning" and "2" in title and "reasoning" in title
    # The latest group (step 2) only: its second completion thought the marker, the others nothing.
    assert [row[-1] for row in cells] == ["", f"{THINKING_MARKER} late", "", ""]
    assert [row[1] for row in cells] == ["no tags", "42", "", "plain"]
    header, cells, title = shown(False)
    assert "reasoning" not in header and "final answers only" in title
    assert not any(THINKING_MARKER in text for row in cells for text in row)
