"""so8t.store.run_model: the window's state of a run, from typed events and the run store, without Qt."""

from __future__ import annotations

import pytest

from so8t.events import event_from_object
from so8t.store.run_model import Change, RunModel, RunState, StageState, format_duration
from so8t.store.runs import RunSummary


def ev(kind: str, t: float = 0.0, stage: str = "train", **fields):
    event = event_from_object({"kind": kind, "t": t, "stage": stage, "run": "r-1", **fields})
    assert event is not None
    return event


def test_stage_events_move_the_states_and_the_run_is_running():
    model = RunModel()
    model.set_stage_names(["train", "bake"])
    assert model.stages == {"train": StageState.PENDING, "bake": StageState.PENDING}
    model.apply(ev("stage", 10.0, state="started"))
    assert model.stages["train"] is StageState.RUNNING and model.state is RunState.RUNNING
    model.apply(ev("stage", 20.0, state="finished"))
    model.apply(ev("stage", 21.0, stage="bake", state="started"))
    assert model.stage_progress() == (1, 2)
    model.apply(ev("stage", 22.0, stage="run", state="finished"))  # the pipeline's own stage is no row
    assert list(model.stages) == ["train", "bake"]


def test_progress_rate_elapsed_and_eta():
    model = RunModel()
    model.apply(ev("stage", 100.0, state="started"))
    model.apply(ev("progress", 100.0, done=20, total=60, unit="step"))  # resumed at step 20
    assert model.current_progress().rate() is None and model.current_progress().eta() is None
    model.apply(ev("progress", 110.0, done=30, total=60, unit="step"))
    progress = model.current_progress()
    assert progress.rate() == pytest.approx(1.0)  # 10 steps in 10 s: the rate counts from where it resumed
    assert progress.eta() == pytest.approx(30.0)
    assert progress.elapsed(now=125.0) == pytest.approx(25.0)
    assert progress.fraction == pytest.approx(0.5)
    assert format_duration(progress.eta()) == "0:30" and format_duration(3725) == "1:02:05"
    assert format_duration(None) == "—"


def test_a_progress_event_before_any_stage_event_marks_its_stage_running():
    model = RunModel()
    model.set_stage_names(["train"])
    model.apply(ev("progress", 1.0, done=1, total=5))
    assert model.stages["train"] is StageState.RUNNING


def test_a_stage_recorded_running_whose_process_is_gone_reads_interrupted():
    model = RunModel()
    model.set_summary(RunSummary(id="r-1", path="/runs/r-1", state="interrupted", interrupted=True, created=0.0,
                                 stages={"train": "running", "bake": "pending"}))
    assert model.stages["train"] is StageState.INTERRUPTED and model.state is RunState.INTERRUPTED
    live = RunModel()
    live.set_summary(RunSummary(id="r-2", path="/runs/r-2", state="running", interrupted=False, created=0.0,
                                stages={"train": "running"}))
    assert live.stages["train"] is StageState.RUNNING and live.state is RunState.RUNNING


def test_the_process_ending_leaves_no_stage_running():
    model = RunModel()
    model.apply(ev("stage", 1.0, state="started"))
    model.process_ended(stopped=True)
    assert model.stages["train"] is StageState.INTERRUPTED and model.state is RunState.INTERRUPTED
    model.apply(ev("stage", 2.0, state="started"))
    model.process_ended(stopped=False)
    assert model.stages["train"] is StageState.FAILED


def test_metrics_fill_curves_and_a_resume_replaces_redone_steps():
    model = RunModel(capacity=100)
    for step in range(1, 31):
        model.apply(ev("metric", name="loss", value=1.0, step=step))
    for step in range(21, 26):  # resumed from ckpt-20
        model.apply(ev("metric", name="loss", value=2.0, step=step))
    model.apply(ev("metric", stage="pretrain", name="pretrain_loss", value=5.0, step=1))
    model.apply(ev("metric", stage="telemetry", name="process_rss_mb", value=812.0, step=3.5))
    model.apply(ev("metric", stage="telemetry", name="vram_total_mb", value=12288.0, step=3.5))
    x, y = model.series["loss"].view()
    assert list(x) == list(range(1, 26)) and set(y[x > 20]) == {2.0}
    assert model.series["pretrain_loss"].n == 1  # its own curve: pretraining steps are not training steps
    assert model.series["rss"].last() == 812.0 and model.vram_total_mib == 12288.0


def test_subscribers_hear_what_changed_and_history_loads_quietly():
    model = RunModel()
    heard: list[Change] = []
    model.subscribe(heard.append)
    model.apply(ev("metric", name="loss", value=1.0, step=1))
    assert heard == []  # metrics only fill buffers: views redraw them on their own timer
    model.apply(ev("checkpoint", path="/runs/r-1/checkpoints/ckpt-10", step=10))
    model.apply(ev("log", level="info", msg="hello"))
    assert heard == [Change.CHECKPOINTS, Change.LOG]
    heard.clear()
    model.load_history([ev("stage", 1.0, state="started"), ev("log", 2.0, msg="a"), ev("log", 3.0, msg="b")])
    assert sorted(heard, key=lambda c: c.value) == sorted(Change, key=lambda c: c.value)  # once each
    assert [entry[3] for entry in model.log] == ["hello", "a", "b"]
